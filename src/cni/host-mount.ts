import * as kplus from 'cdk8s-plus-28';

/**
 * An extra host path the agent container mounts, with the reason it needs it.
 */
export interface CniHostMount {
  /** The absolute path on the node, e.g. `/run/flannel`. */
  readonly path: string;

  /** Why the agent needs it: written into the exemption annotations. */
  readonly reason: string;

  /**
   * Where the agent sees it.
   *
   * @default - the same path as on the node
   */
  readonly mountPath?: string;

  /**
   * Mount it writable (a relaxation: the reason covers it).
   *
   * @default false
   */
  readonly writable?: boolean;

  /**
   * The hostPath type.
   *
   * @default - `DirectoryOrCreate` when writable (a state directory under /run is gone after a
   * reboot), `Directory` when read-only
   */
  readonly type?: kplus.HostPathVolumeType;

  /**
   * The volume name.
   *
   * @default - the path as a DNS label, prefixed with `host` (e.g. `host-run-flannel`)
   */
  readonly volumeName?: string;
}
