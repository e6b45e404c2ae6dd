/**
 * How Kubernetes mounts a volume's ownership and permissions for the pod's `fsGroup`
 * (`CSIDriver.spec.fsGroupPolicy`).
 */
export enum CsiFsGroupPolicy {
  /** Change ownership and permissions only for a read-write volume with a filesystem type. */
  READ_WRITE_ONCE_WITH_FS_TYPE = 'ReadWriteOnceWithFSType',
  /** Always change ownership and permissions to the pod's `fsGroup`. */
  FILE = 'File',
  /** Never change them; the volume is mounted as the driver leaves it. */
  NONE = 'None',
}

/** The kinds of volume a CSI driver serves (`CSIDriver.spec.volumeLifecycleModes`). */
export enum CsiVolumeLifecycleMode {
  /** Volumes backed by PersistentVolumes and PersistentVolumeClaims. */
  PERSISTENT = 'Persistent',
  /** Inline ephemeral volumes, declared in the pod spec. */
  EPHEMERAL = 'Ephemeral',
}

/**
 * The `CSIDriver` object: how Kubernetes talks to the driver. Each field is sent only when given,
 * so the API server's defaults apply to the rest.
 */
export interface CsiDriverOptions {
  /**
   * Whether volumes need an attach step (a `VolumeAttachment`, handled by the external attacher).
   *
   * @default true - the API server's default
   */
  readonly attachRequired?: boolean;

  /**
   * Whether the driver gets the pod's name, namespace, uid and service account on mount.
   *
   * @default false - the API server's default
   */
  readonly podInfoOnMount?: boolean;

  /**
   * How volume ownership follows the pod's `fsGroup`.
   *
   * @default CsiFsGroupPolicy.READ_WRITE_ONCE_WITH_FS_TYPE - the API server's default
   */
  readonly fsGroupPolicy?: CsiFsGroupPolicy;

  /**
   * The kinds of volume the driver serves.
   *
   * @default [CsiVolumeLifecycleMode.PERSISTENT] - the API server's default
   */
  readonly volumeLifecycleModes?: CsiVolumeLifecycleMode[];

  /**
   * Whether the scheduler considers the storage capacity the driver publishes.
   *
   * @default false - the API server's default
   */
  readonly storageCapacity?: boolean;

  /**
   * Whether the kubelet calls NodePublishVolume periodically (e.g. to refresh tokens).
   *
   * @default false - the API server's default
   */
  readonly requiresRepublish?: boolean;

  /**
   * Whether the driver supports the `-o context` mount option for SELinux labels.
   *
   * @default false - the API server's default
   */
  readonly seLinuxMount?: boolean;
}
