/**
 * The init container that copies the conflist from the ConfigMap into the node's `/etc/cni/net.d`.
 */
export interface CniConfigInstallOptions {
  /**
   * An image with `cp`.
   *
   * @default - the agent image (calico, cilium and flannel images all have `cp`)
   */
  readonly image?: string;

  /**
   * The container name.
   *
   * @default 'install-cni-config'
   */
  readonly name?: string;
}
