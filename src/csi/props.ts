import * as kplus from 'cdk8s-plus-28';
import { CsiDriverOptions } from './csi-driver-options';
import { NodeAgentOptions } from '../core/agent-options';

/**
 * Properties of a `CsiNodePluginDaemonSet`. The options every typed construct takes (pod labels and
 * annotations, image pulling, env, scheduling, priority, update strategy, relaxations) come from
 * `NodeAgentOptions`; `env` and `envFrom` go to the driver container, `imagePullPolicy` to every
 * container. The update strategy is one node at a time without surge (`maxSurge: 0,
 * maxUnavailable: 1`) or `onDelete`: a surge is an error, because the new driver would serve the
 * same socket path as the old one.
 */
export interface CsiNodePluginDaemonSetProps extends NodeAgentOptions {
  /**
   * The CSI driver's name, as its `GetPluginInfo` returns it and StorageClasses name it as
   * `provisioner` (e.g. `hostpath.csi.k8s.io`). Its socket lives in
   * `<kubeletDir>/plugins/<driverName>/csi.sock`.
   */
  readonly driverName: string;

  /** The CSI driver's image. Pin a version or a digest. */
  readonly image: string;

  /**
   * The name of the DaemonSet and its ServiceAccount, and the selector's `app.kubernetes.io/name`
   * and `instance`.
   *
   * @default - the construct id as a DNS label (`HostPath` becomes `host-path`)
   */
  readonly name?: string;

  /**
   * The namespace of the DaemonSet and the ServiceAccount.
   *
   * @default 'kube-system' - where system-node-critical pods are never limited by a ResourceQuota,
   * and whose Pod Security level admits privileged pods (label your own namespace
   * `pod-security.kubernetes.io/enforce: privileged` otherwise)
   */
  readonly namespace?: string;

  /**
   * The driver container's name.
   *
   * @default 'csi-driver'
   */
  readonly containerName?: string;

  /**
   * The driver's command.
   *
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * The driver's arguments. `$(CSI_ENDPOINT)` (the socket, `unix:///csi/csi.sock`) and
   * `$(KUBE_NODE_NAME)` (the node's name) are set in its environment (so `env` cannot set them), e.g.
   * `['--endpoint=$(CSI_ENDPOINT)', '--nodeid=$(KUBE_NODE_NAME)']`.
   *
   * @default - none
   */
  readonly args?: string[];

  /**
   * Resources of the driver container. Each request or limit you give is kept; a missing one is
   * the default, capped at your limit or raised to your request.
   *
   * @default - cpu 50m request / 500m limit, memory 64Mi / 256Mi: the driver mounts and formats
   * volumes, and mkfs runs inside its memory limit
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * The kubelet's root directory on the node. The driver mounts it with `Bidirectional`
   * propagation; the plugin and registration directories are below it.
   *
   * @default '/var/lib/kubelet' - some distributions move it (k0s: `/var/lib/k0s/kubelet`)
   */
  readonly kubeletDir?: string;

  /**
   * The node-driver-registrar sidecar's image, which registers the driver's socket with the kubelet.
   *
   * @default 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0' - the version
   * kubernetes-csi/csi-driver-host-path deploys
   */
  readonly registrarImage?: string;

  /**
   * The livenessprobe sidecar's image, which serves the driver's health at `/healthz` on
   * `healthPort` by calling its CSI `Probe`.
   *
   * @default 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0' - the version
   * kubernetes-csi/csi-driver-host-path deploys
   */
  readonly livenessProbeImage?: string;

  /**
   * The port of the livenessprobe sidecar, which the driver's liveness probe reads.
   *
   * @default 9808 - livenessprobe's own default
   */
  readonly healthPort?: number;

  /**
   * The port of the node-driver-registrar's health endpoint (`--http-endpoint`), which its own
   * liveness probe reads: it fails while the registration socket is missing.
   *
   * @default 9809
   */
  readonly registrarHealthPort?: number;

  /**
   * Emit the `CSIDriver` object for `driverName`, with these options.
   *
   * @default - none: a driver's controller deployment often ships it
   */
  readonly csiDriver?: CsiDriverOptions;

  /**
   * Why the driver needs a writable root filesystem; when given, its root filesystem is writable.
   *
   * @default - read-only root filesystem
   */
  readonly writableRootFilesystem?: string;

  /**
   * Why the driver calls the Kubernetes API (for example, to read its Node's topology labels);
   * when given, the pods mount the ServiceAccount's token. Bind the roles it needs to
   * `serviceAccount`.
   *
   * @default - no token: the node-driver-registrar and livenessprobe never call the API
   */
  readonly serviceAccountToken?: string;

  /**
   * Tolerate every taint, `NoExecute` included, so volumes can be unmounted on every node (a
   * node whose plugin is gone keeps its pods' volumes mounted forever).
   *
   * @default true - `false` keeps only the base DaemonSet's control-plane toleration
   */
  readonly tolerateAllTaints?: boolean;
}
