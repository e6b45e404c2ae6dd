import * as kplus from 'cdk8s-plus-28';

/**
 * An extra directory or file of the node that the collector reads, mounted read-only at the same
 * path.
 */
export interface LogCollectorHostMount {
  /** The absolute path on the node (and in the container). */
  readonly path: string;

  /** Why the collector reads it: written into the manifest's exemption annotations. */
  readonly reason: string;

  /**
   * The hostPath type the kubelet checks before starting the pod.
   *
   * @default kplus.HostPathVolumeType.DIRECTORY
   */
  readonly type?: kplus.HostPathVolumeType;
}
