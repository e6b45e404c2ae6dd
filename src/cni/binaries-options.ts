import * as kplus from 'cdk8s-plus-28';

/**
 * The init container that copies the CNI plugin binaries into the node's `/opt/cni/bin`, mounted
 * writable at `/opt/cni/bin`.
 */
export interface CniBinariesOptions {
  /** The image that holds the binaries (e.g. `ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3`). */
  readonly image: string;

  /**
   * The command that installs them, e.g. `['cp']` with `args: ['-f', '/flannel', '/opt/cni/bin/flannel']`,
   * or an installer script of the image.
   */
  readonly command: string[];

  /**
   * Arguments of the command.
   *
   * @default - none
   */
  readonly args?: string[];

  /**
   * The container name.
   *
   * @default 'install-cni-binaries'
   */
  readonly name?: string;

  /**
   * Resources of the init container.
   *
   * @default - the library's agent defaults (cpu 50m / 250m, memory 64Mi / 128Mi)
   */
  readonly resources?: kplus.ContainerResources;
}
