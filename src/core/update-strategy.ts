import * as kplus from 'cdk8s-plus-28';

/**
 * Options for `DaemonSetUpdateStrategy.rollingUpdate()`.
 */
export interface DaemonSetRollingUpdateOptions {
  /**
   * How many nodes may run a new pod next to the old one during the update (a surge).
   * Only possible when the pod holds nothing exclusive on its node: a surge pod that needs the
   * same host port as the old pod can never be scheduled on that node, and the rollout hangs
   * (kubernetes#106417); a surge pod that writes the same host path (a locked database, a
   * position file, a socket) fails to start or duplicates the old pod's work. Host paths declared
   * with `Relaxation.sharedWritableHostPath` do not count.
   *
   * @default - 1 when the pod binds no host port and writes no host path (and `maxUnavailable`
   * is not set or is 0), otherwise 0.
   */
  readonly maxSurge?: kplus.PercentOrAbsolute;

  /**
   * How many nodes may be without a ready pod during the update.
   *
   * @default - 0 when surging (sent explicitly, because the API server would otherwise default it
   * to 1 and reject the pair), 1 when not surging.
   */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;
}

/**
 * How a DaemonSet replaces its pods when the pod template changes.
 */
export class DaemonSetUpdateStrategy {
  /**
   * Replace pods node by node. Values obey the API server's rules: an integer >= 0 or a
   * percentage from 0% to 100%, not both zero, and a surge only with `maxUnavailable: 0`.
   */
  public static rollingUpdate(options: DaemonSetRollingUpdateOptions = {}): DaemonSetUpdateStrategy {
    return new DaemonSetUpdateStrategy('RollingUpdate', options.maxSurge, options.maxUnavailable);
  }

  /**
   * Replace a pod only when it is deleted by hand (for operators who roll nodes themselves,
   * e.g. CNI upgrades).
   */
  public static onDelete(): DaemonSetUpdateStrategy {
    return new DaemonSetUpdateStrategy('OnDelete');
  }

  /**
   * `RollingUpdate` or `OnDelete`.
   */
  public readonly type: string;

  /** The requested `maxSurge`, if any. */
  public readonly maxSurge?: kplus.PercentOrAbsolute;

  /** The requested `maxUnavailable`, if any. */
  public readonly maxUnavailable?: kplus.PercentOrAbsolute;

  private constructor(type: string, maxSurge?: kplus.PercentOrAbsolute, maxUnavailable?: kplus.PercentOrAbsolute) {
    this.type = type;
    this.maxSurge = maxSurge;
    this.maxUnavailable = maxUnavailable;
  }
}
