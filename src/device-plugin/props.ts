import * as kplus from 'cdk8s-plus-28';
import { DeviceNodes } from './device-nodes';
import { NodeAgentOptions } from '../core/agent-options';

/**
 * Properties of a `DevicePluginDaemonSet`. The options every typed construct takes (pod labels and
 * annotations, image pulling, env, scheduling, priority, update strategy, relaxations) come from
 * `NodeAgentOptions`: `nodeSelector` and `extraNodeAffinity` narrow the device nodes further (a
 * `nodeSelector` key may not change a label of `nodes`), `extraTolerations` add to the device taint's.
 * The update strategy is one node at a time without surge (`maxSurge: 0, maxUnavailable: 1`) or
 * `onDelete`: a surge is an error, because two plugins would register the same resource with the
 * kubelet.
 */
export interface DevicePluginDaemonSetProps extends NodeAgentOptions {
  /** The device plugin's image (e.g. `nvcr.io/nvidia/k8s-device-plugin:v0.20.0`). Pin a version or a digest. */
  readonly image: string;

  /**
   * The extended resource the plugin advertises to the kubelet and pods request, e.g.
   * `nvidia.com/gpu`: `<domain>/<name>`, outside `kubernetes.io`, as the API server requires.
   */
  readonly resourceName: string;

  /**
   * The nodes that have the device: the plugin runs only there.
   */
  readonly nodes: DeviceNodes;

  /**
   * The key of the taint that keeps other pods off the device nodes; the plugin tolerates it,
   * whatever its value and effect.
   *
   * @default - `resourceName`, the convention of the NVIDIA device plugin and the cloud providers'
   * GPU node pools (`nvidia.com/gpu`)
   */
  readonly deviceTaintKey?: string;

  /**
   * The name of the DaemonSet and its ServiceAccount, and the selector's `app.kubernetes.io/name`
   * and `instance`.
   *
   * @default - the construct id as a DNS label
   */
  readonly name?: string;

  /**
   * The namespace of the DaemonSet and the ServiceAccount.
   *
   * @default 'kube-system' - where system-node-critical pods are never limited by a ResourceQuota,
   * and whose Pod Security level admits hostPath pods
   */
  readonly namespace?: string;

  /**
   * The plugin container's name.
   *
   * @default 'device-plugin'
   */
  readonly containerName?: string;

  /**
   * The plugin's command.
   *
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * The plugin's arguments.
   *
   * @default - none
   */
  readonly args?: string[];

  /**
   * Resources of the plugin container. Each request or limit you give is kept; a missing one is
   * the default, capped at your limit or raised to your request.
   *
   * @default - cpu 50m request / 250m limit, memory 64Mi / 128Mi (ephemeral storage: the library
   * default): a plugin lists devices and answers the kubelet's allocation calls
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * The kubelet's root directory on the node; the plugin's socket and the kubelet's
   * (`kubelet.sock`) are in its `device-plugins` directory.
   *
   * @default '/var/lib/kubelet'
   */
  readonly kubeletDir?: string;

  /**
   * Why the plugin must run privileged (some need it to reach every device, e.g. the NVIDIA plugin
   * with the CPU manager's static policy); when given, the container is privileged.
   *
   * @default - not privileged, no capability: the kubelet's device-plugin API needs none
   */
  readonly privileged?: string;

  /**
   * Why the plugin needs a writable root filesystem; when given, its root filesystem is writable.
   *
   * @default - read-only root filesystem
   */
  readonly writableRootFilesystem?: string;

  /**
   * Liveness probe of the plugin.
   *
   * @default - none: device plugins have no health endpoint; the kubelet notices a plugin whose
   * socket is gone and marks its devices unhealthy
   */
  readonly liveness?: kplus.Probe;

  /**
   * Readiness probe of the plugin.
   *
   * @default - none
   */
  readonly readiness?: kplus.Probe;
}
