import * as kplus from 'cdk8s-plus-28';

/**
 * The init container that installs the conflist from the ConfigMap into the node's CNI
 * configuration directory: written to a temporary file in that directory (a dot file the runtime
 * does not load), then renamed over the conflist, so the runtime never reads a half-written file
 * (what flannel's `install-conf` does).
 */
export interface CniConfigInstallOptions {
  /**
   * An image with a POSIX shell, `cp`, `mv` and `rm` (and `sed` with `templateVariables`).
   *
   * @default - the agent image (the calico, cilium and flannel images have them)
   */
  readonly image?: string;

  /**
   * Values of the node written into the conflist at install time, calico style: each placeholder
   * `__<NAME>__` in the conflist is replaced by the value of the variable `<NAME>` in the installer
   * (e.g. `{ KUBERNETES_NODE_NAME: EnvValue.fromFieldRef(EnvFieldPaths.NODE_NAME) }` for
   * `__KUBERNETES_NODE_NAME__`). Names are upper case; each must appear in the conflist.
   *
   * @default - none: the conflist is installed as it is
   */
  readonly templateVariables?: { [name: string]: kplus.EnvValue };

  /**
   * Remove the conflist from the node when the agent stops (a `preStop` hook in the agent, which
   * then mounts the configuration directory writable). Turn it on before uninstalling the agent, so
   * the runtime stops sending new pods to a plugin that is gone; off, an agent upgrade never leaves a
   * node without its network configuration (cilium's `cni.uninstall` makes the same trade).
   *
   * @default false
   */
  readonly removeOnShutdown?: boolean;

  /**
   * The container name.
   *
   * @default 'install-cni-config'
   */
  readonly name?: string;
}
