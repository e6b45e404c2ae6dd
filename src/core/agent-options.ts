import * as kplus from 'cdk8s-plus-28';
import { Relaxation } from './relaxation';
import { DaemonSetUpdateStrategy } from './update-strategy';

/**
 * The options operators change most, on every typed construct of the library (`NodeExporterDaemonSet`,
 * `LogCollectorDaemonSet`, `CniDaemonSet`...): the pods' labels and annotations, image pulling,
 * extra environment, scheduling, priority, update strategy and relaxations. Each construct keeps its
 * own defaults and rules (a CNI agent never surges, for instance); these add to them.
 *
 * The base `DaemonSet` takes the same through cdk8s-plus's API (`podMetadata`, `addContainer`,
 * `scheduling`) and its own props.
 */
export interface NodeAgentOptions {
  /**
   * Labels added to the pod template. The selector's labels (`app.kubernetes.io/name` and
   * `app.kubernetes.io/instance`) cannot be changed here: the selector is immutable.
   *
   * @default - the construct's own labels only
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Annotations added to the pod template (e.g. for a service mesh or a backup tool). The
   * construct's own (such as `checksum/config`) cannot be replaced.
   *
   * @default - the construct's own annotations only
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * When the kubelet pulls the images of the construct's containers.
   *
   * @default - `IfNotPresent` for an image pinned by digest (its bytes cannot change, so a restart
   * does not depend on the registry) and for every container of a `CniDaemonSet` (an agent that
   * cannot restart during a registry outage leaves the node's new pods without network); `Always`
   * for an image pinned by a tag, which the registry can move. The exemption of the checkers that
   * want `Always` (kube-score `container-image-pull-policy`, checkov `CKV_K8S_15`) is written with
   * its reason. `IfNotPresent` with a tag needs `Relaxation.imagePullPolicy(container, reason)`.
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * Names of Secrets (type `kubernetes.io/dockerconfigjson`, in the construct's namespace) the
   * kubelet pulls the images with.
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];

  /**
   * More environment variables of the agent's main container. A variable the construct sets
   * itself is an error.
   *
   * @default - none
   */
  readonly env?: { [name: string]: kplus.EnvValue };

  /**
   * Environment variables of the agent's main container from ConfigMaps or Secrets
   * (`kplus.Env.fromConfigMap()`, `kplus.Env.fromSecret()`).
   *
   * @default - none
   */
  readonly envFrom?: kplus.EnvFrom[];

  /**
   * Taints the pods tolerate besides the construct's own tolerations (e.g. a GPU node pool's
   * `nvidia.com/gpu:NoSchedule`).
   *
   * @default - the construct's own tolerations only
   */
  readonly extraTolerations?: kplus.NodeTaintQuery[];

  /**
   * Node labels the pods require, as a required node affinity combined (AND) with the construct's
   * own (e.g. `NodeLabelQuery.notIn('node.kubernetes.io/instance-type', ['t3.nano'])`). Use
   * `nodeSelector` for plain label equality.
   *
   * @default - the construct's own node affinity only
   */
  readonly extraNodeAffinity?: kplus.NodeLabelQuery[];

  /**
   * The priority class of the pods.
   *
   * @default - the construct's default (`system-node-critical` unless its documentation says
   * otherwise): an agent that must run on every node is scheduled (and preempts) before ordinary
   * workloads and is evicted last. Clusters that limit the system classes to namespaces with a
   * matching ResourceQuota (GKE does) admit the pods through the quota `priorityClassQuota` emits.
   */
  readonly priorityClassName?: string;

  /**
   * Emit a ResourceQuota `<name>-critical-pods` in the construct's namespace whose scope selects the
   * pods' priority class, so that clusters limiting that class admit the pods. GKE admits
   * `system-node-critical` and `system-cluster-critical` only in namespaces holding such a quota
   * and has one in `kube-system` only: elsewhere every pod is rejected ("insufficient quota to
   * match these scopes") and the DaemonSet runs on no node. The quota allows `1G` pods, as GKE's
   * own `gcp-critical-pods` does: it admits the class and limits nothing. See the base
   * `DaemonSet`'s `priorityClassQuota`.
   *
   * @default - true when the priority class is `system-node-critical` or `system-cluster-critical`
   * and the namespace is not `kube-system` (which holds such a quota wherever the classes are
   * limited); false otherwise. Set false where the namespace already holds a quota for the class,
   * or true for a class of your own that your cluster limits.
   */
  readonly priorityClassQuota?: boolean;

  /**
   * Node labels the pods require, merged over `kubernetes.io/os: linux`.
   *
   * @default - Linux nodes
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * How pods are replaced when the template changes, within the construct's rules (no surge while
   * the pods hold something exclusive on their node, such as a host port or a host path they
   * write; none at all for a CNI agent, a CSI node plugin, a device plugin or a log collector).
   *
   * @default - the construct's default, in its documentation
   */
  readonly updateStrategy?: DaemonSetUpdateStrategy;

  /**
   * How many old revisions to keep for rollback.
   *
   * @default - the API server's default (10)
   */
  readonly revisionHistoryLimit?: number;

  /**
   * Further relaxations of the pods, each with its reason, beyond the construct's own: for
   * instance `Relaxation.noLimit(container, ResourceLimit.MEMORY, reason)` to remove a memory
   * limit, or `Relaxation.imagePullPolicy(container, reason)` for `IfNotPresent` with a tag. A
   * relaxation the pods do not use is an error at synth.
   *
   * @default - none beyond the construct's own
   */
  readonly relaxations?: Relaxation[];
}
