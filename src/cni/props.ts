import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { CniBinariesOptions } from './binaries-options';
import { CniConfig } from './config';
import { CniConfigInstallOptions } from './config-install-options';
import { CniHostMount } from './host-mount';
import { CniPaths } from './paths';
import { CniPrivilege } from './privilege';
import { CniRbacRule } from './rbac';
import { NodeAgentOptions } from '../core/agent-options';
import { MonitorOptions } from '../core/monitor-options';
import { AppArmorProfile, SeLinuxOptions } from '../core/security-options';

/**
 * Properties of a `CniDaemonSet`. The options every typed construct takes (pod labels and
 * annotations, image pulling, env of the agent, scheduling, priority, relaxations) come from
 * `NodeAgentOptions`. Its `imagePullPolicy` defaults to `IfNotPresent` for every container, and
 * its `updateStrategy` to `rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(1) })`, sent
 * as `maxSurge: 0, maxUnavailable: 1`: a surge pod would run a second agent on the node's network
 * next to the old one, so a surge is an error; `onDelete()` suits operators who roll nodes by hand.
 */
export interface CniDaemonSetProps extends NodeAgentOptions {
  /** The agent image (e.g. `ghcr.io/flannel-io/flannel:v0.28.9`). Pin a version or a digest. */
  readonly image: string;

  /**
   * The network configuration list installed into `/etc/cni/net.d`. It is stored in a ConfigMap
   * and copied onto the node by an init container that runs after the binaries are installed, so
   * the runtime never sees a configuration whose plugin is missing.
   */
  readonly conflist: CniConfig;

  /**
   * The name of the DaemonSet, and of its ServiceAccount, ClusterRole and ClusterRoleBinding (the
   * ConfigMap is `<name>-cfg`). It is also the selector's `app.kubernetes.io/name` and `instance`.
   *
   * @default - the construct id as a DNS label (`Flannel` becomes `flannel`): a readable, stable
   * name in a shared system namespace
   */
  readonly name?: string;

  /**
   * The namespace of the DaemonSet, ConfigMap and ServiceAccount.
   *
   * @default 'kube-system' - where system-node-critical pods are never limited by a ResourceQuota,
   * and whose Pod Security level admits host networking (label your own namespace
   * `pod-security.kubernetes.io/enforce: privileged` otherwise)
   */
  readonly namespace?: string;

  /**
   * The agent container name.
   *
   * @default 'cni-agent'
   */
  readonly containerName?: string;

  /**
   * The agent's command.
   *
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * The agent's arguments.
   *
   * @default - none
   */
  readonly args?: string[];


  /**
   * The file name of the conflist in `/etc/cni/net.d`. The runtime uses the first file in
   * lexical order, hence the number prefix.
   *
   * @default - `10-<conflist name>.conflist`
   */
  readonly conflistFileName?: string;

  /**
   * More entries of the ConfigMap, for the agent's own configuration (e.g. flannel's
   * `net-conf.json`). The conflist is the entry `cni-conf.json`.
   *
   * @default - none
   */
  readonly configData?: { [key: string]: string };

  /**
   * Where the ConfigMap is mounted, read-only, in the config init container and the agent.
   *
   * @default '/etc/cni-config'
   */
  readonly configMountPath?: string;

  /**
   * The init container that installs the plugin binaries into `/opt/cni/bin` (runs first).
   *
   * @default - none: the plugin binaries must already be on the node
   */
  readonly cniBinaries?: CniBinariesOptions;

  /**
   * The init container that installs the conflist into the node's configuration directory (runs
   * after `cniBinaries`): a temporary file in that directory, renamed over the conflist.
   *
   * @default - in the agent image, as `install-cni-config`, without template variables
   */
  readonly configInstall?: CniConfigInstallOptions;

  /**
   * The node's CNI directories, mounted at `/opt/cni/bin` and `/etc/cni/net.d` in the installers
   * (so their commands are the same on every distribution). Presets: `CniPaths.k3s()`,
   * `CniPaths.rke2()`, `CniPaths.microK8s()`, `CniPaths.gke()`, `CniPaths.openShift()`, or
   * `CniPaths.custom(binDir, confDir)`.
   *
   * @default CniPaths.standard() - `/opt/cni/bin` and `/etc/cni/net.d`
   */
  readonly cniPaths?: CniPaths;

  /**
   * The privilege of the agent container. The agent runs as root either way (capabilities only
   * take effect for uid 0 without ambient capabilities), with that relaxation and its reason.
   *
   * @default - `CniPrivilege.capabilities(['NET_ADMIN', 'NET_RAW'], CniPrivilege.DEFAULT_REASON)`:
   * every other capability dropped, what kube-flannel needs; agents that load eBPF programs
   * (cilium) or kernel modules (calico) need more or `CniPrivilege.privileged(reason)`
   */
  readonly privilege?: CniPrivilege;

  /**
   * Mount the node's BPF filesystem `/sys/fs/bpf` (writable, `DirectoryOrCreate`) with
   * `Bidirectional` propagation, so pinned eBPF maps survive agent restarts. The API server allows
   * Bidirectional only in a privileged container: needs `CniPrivilege.privileged(reason)`.
   *
   * @default false
   */
  readonly mountBpf?: boolean;

  /**
   * Mount the node's `/lib/modules` read-only, so the agent can load the kernel modules it needs
   * (ipip, vxlan, wireguard, ip_tables...).
   *
   * @default true
   */
  readonly mountLibModules?: boolean;

  /**
   * Mount the node's `/run/xtables.lock` (writable, `FileOrCreate`), the lock iptables takes
   * before changing rules, so the agent and kube-proxy never write the tables at the same time.
   *
   * @default true
   */
  readonly mountXtablesLock?: boolean;

  /**
   * More host paths the agent mounts, each with its reason (e.g. flannel's `/run/flannel`).
   *
   * @default - none
   */
  readonly hostMounts?: CniHostMount[];

  /**
   * Why the agent needs a writable root filesystem; when given, the root filesystem is writable.
   *
   * @default - read-only root filesystem
   */
  readonly writableRootFilesystem?: string;


  /**
   * How long a stopping agent may take before it is killed.
   *
   * @default Duration.seconds(10) - the node's new pods cannot get a network until the new agent
   * runs, so the gap should be short; 10s still lets the agent finish a rule update and release the
   * xtables lock (cilium uses 1s, calico 5s for its node container, kubernetes' default is 30s)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * The rules of the agent's ClusterRole, bound to its ServiceAccount. An empty list creates no
   * ClusterRole.
   *
   * @default CniRbac.readNodesPodsNamespaces() - get/list/watch on nodes, pods and namespaces
   */
  readonly clusterRoleRules?: CniRbacRule[];

  /**
   * Why the agent needs `*` in its ClusterRole rules. Without it a wildcard is an error; with it,
   * the reason is written on the ClusterRole for kube-linter (`wildcard-in-rules`) and checkov
   * (`CKV_K8S_49`).
   *
   * @default - wildcards are rejected
   */
  readonly wildcardRbacReason?: string;

  /**
   * Resources of the agent container. Each request or limit you give is kept; a missing one is
   * the CNI default, capped at your limit or raised to your request.
   *
   * @default - cpu 100m request / 1 limit, memory 128Mi request and no memory limit (ephemeral
   * storage: the library default). A CNI agent's memory grows with the cluster (nodes, pods,
   * routes, policies) and an OOM kill leaves the node's new pods without network, so the memory
   * limit is left out, as calico-node, the cilium agent and kube-flannel do, with
   * `Relaxation.noLimit` and its reason in the manifest. Give `memory.limit` to bound it.
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Liveness probe of the agent.
   *
   * @default - none
   */
  readonly liveness?: kplus.Probe;

  /**
   * Readiness probe of the agent.
   *
   * @default - none
   */
  readonly readiness?: kplus.Probe;

  /**
   * Startup probe of the agent.
   *
   * @default - none
   */
  readonly startup?: kplus.Probe;

  /**
   * The port the agent serves its Prometheus metrics on, in the node's network (a host port, with
   * its relaxation). Adds it to the agent container as `metrics`, and a headless Service
   * `<name>-metrics` with the `prometheus.io/*` scrape annotations.
   *
   * @default - none: no metrics port, Service or monitor
   */
  readonly metricsPort?: number;

  /**
   * The path of the agent's metrics.
   *
   * @default '/metrics'
   */
  readonly metricsPath?: string;

  /**
   * Emit a Prometheus Operator ServiceMonitor for the metrics Service. Needs `metricsPort`.
   *
   * @default - none
   */
  readonly serviceMonitor?: MonitorOptions;

  /**
   * Emit a Prometheus Operator PodMonitor for the agent's pods. Needs `metricsPort`.
   *
   * @default - none
   */
  readonly podMonitor?: MonitorOptions;

  /**
   * The agent's lifecycle hooks (`postStart`, `preStop`), e.g. calico-node's
   * `preStop: ['/bin/calico-node', '-shutdown']`.
   *
   * @default - none (with `configInstall.removeOnShutdown`, the preStop hook removes the conflist)
   */
  readonly lifecycle?: kplus.ContainerLifecycle;

  /**
   * SELinux labels of the agent container, e.g. `{ type: 'spc_t' }` as cilium sets on SELinux
   * nodes.
   *
   * @default - the runtime's
   */
  readonly seLinuxOptions?: SeLinuxOptions;

  /**
   * The AppArmor profile of the agent container, as a pod annotation.
   *
   * @default - the runtime's default for an unprivileged container
   */
  readonly appArmorProfile?: AppArmorProfile;

  /**
   * The DNS policy of the pods.
   *
   * @default kplus.DnsPolicy.DEFAULT - the node's resolver: cluster DNS runs in pods that need
   * this agent first, so `ClusterFirstWithHostNet` would leave the agent without DNS while it
   * brings the network up
   */
  readonly dnsPolicy?: kplus.DnsPolicy;


}
