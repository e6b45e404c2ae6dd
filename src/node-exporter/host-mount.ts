import * as kplus from 'cdk8s-plus-28';

/** A further node path the exporter reads, mounted read-only, with the reason it needs it. */
export interface NodeExporterHostMount {
  /** The absolute path on the node. */
  readonly path: string;

  /** Why the exporter reads it: written into the manifest's exemption annotations. */
  readonly reason: string;

  /**
   * Where the exporter sees it.
   *
   * @default - the same path as on the node
   */
  readonly mountPath?: string;

  /**
   * The hostPath type the kubelet checks before starting the pod.
   *
   * @default kplus.HostPathVolumeType.DIRECTORY
   */
  readonly type?: kplus.HostPathVolumeType;
}
