import * as kplus from 'cdk8s-plus-28';
import { NodeExporterCollector } from './collector';
import { NodeExporterHostMount } from './host-mount';
import { NodeExporterListen } from './listen';
import { NodeExporterNetworkPolicyOptions } from './network-policy-options';
import { NodeExporterPrometheusRuleOptions } from './prometheus-rule-options';
import { NodeExporterRootFsMount } from './root-fs-mount';
import { NodeExporterServiceMonitorOptions } from './service-monitor-options';
import { NodeExporterServiceType } from './service-type';
import { NodeExporterTolerations } from './tolerations';
import { NodeAgentOptions } from '../core/agent-options';
import { MonitorOptions } from '../core/monitor-options';

/**
 * Properties of a `NodeExporterDaemonSet`. Every one is optional. The options every typed construct
 * takes (pod labels and annotations, image pulling, env, scheduling, priority, update strategy,
 * relaxations) come from `NodeAgentOptions`; the update strategy defaults to `maxSurge: 0,
 * maxUnavailable: 1` with `hostNetwork` (a surge pod could never bind the metrics port next to the
 * old one), a surge of one without it.
 */
export interface NodeExporterDaemonSetProps extends NodeAgentOptions {
  /**
   * The name of the DaemonSet, Service, ServiceAccount and the other objects.
   *
   * @default - the construct id as a DNS label (`NodeExporter` becomes `node-exporter`)
   */
  readonly name?: string;

  /**
   * The namespace of the namespaced objects. Pod Security Admission must allow `privileged` pods
   * there (host namespaces and hostPath volumes); see `createNamespace`.
   *
   * @default - the chart's namespace, else 'monitoring': where kube-prometheus runs the exporter.
   * Outside `kube-system`, the ResourceQuota of `priorityClassQuota` admits the pods'
   * `system-node-critical` class on clusters that limit it (GKE)
   */
  readonly namespace?: string;

  /**
   * Emit the Namespace, labelled for Pod Security Admission with `enforce`, `audit` and `warn` at
   * `privileged`: the exporter's pods use the node's network and PID namespaces and hostPath
   * volumes, which `baseline` and `restricted` reject (for the pods, not the DaemonSet: a
   * stricter namespace accepts the DaemonSet and then never runs a pod).
   *
   * @default false - the namespace usually exists and is owned elsewhere
   */
  readonly createNamespace?: boolean;

  /**
   * The node-exporter image, pinned by tag or digest (never `latest`).
   *
   * @default 'quay.io/prometheus/node-exporter:v1.12.1' - the release the prometheus-node-exporter
   * chart 4.56.1 ships, pinned by tag (no first-party digest is published); pulled `Always`
   */
  readonly image?: string;

  /**
   * The metrics port: the container port, the host port (equal, as hostNetwork requires) and the
   * Service port.
   *
   * @default 9100
   */
  readonly port?: number;

  /**
   * Where the metrics endpoint listens.
   *
   * @default - `NodeExporterListen.nodeIp()` with `hostNetwork`, `NodeExporterListen.podIp()`
   * without: never every interface of the node
   */
  readonly listen?: NodeExporterListen;

  /**
   * Run in the node's network namespace, so the network metrics (interfaces, sockets, conntrack)
   * are the node's. Without it they describe the pod's own network namespace, but a NetworkPolicy
   * applies and no port is bound on the node.
   *
   * @default true
   */
  readonly hostNetwork?: boolean;

  /**
   * Run in the node's PID namespace, as node-exporter's instructions for containers prescribe
   * (`--pid=host`) and the chart and kube-prometheus do. The node's `/proc` is mounted either way,
   * so process counts are the node's; `false` drops the relaxation where policy checkers must not
   * see `hostPID`.
   *
   * @default true
   */
  readonly hostPid?: boolean;

  /**
   * How the node's root filesystem is mounted (for the filesystem collector).
   *
   * @default NodeExporterRootFsMount.HOST_TO_CONTAINER
   */
  readonly rootFsMount?: NodeExporterRootFsMount;

  /**
   * Collectors to switch on (`--collector.<name>`). `SYSTEMD` and `LOGIND` also mount the node's
   * D-Bus socket, read-only.
   *
   * @default - node-exporter's default set
   */
  readonly enableCollectors?: NodeExporterCollector[];

  /**
   * Collectors to switch off (`--no-collector.<name>`).
   *
   * @default - node-exporter's default set (and `FILESYSTEM` off when the root filesystem is not mounted)
   */
  readonly disableCollectors?: NodeExporterCollector[];

  /**
   * Mount points the filesystem collector ignores (`--collector.filesystem.mount-points-exclude`),
   * a Go (RE2) regular expression.
   *
   * @default '^/(dev|proc|sys|run/credentials/.+|run/containerd/.+|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/containers/storage/.+|var/lib/kubelet/.+)($|/)' -
   * node-exporter's default plus the kubelet's pod volumes and the container runtimes' mounts,
   * which come and go with every pod
   */
  readonly filesystemMountPointsExclude?: string;

  /**
   * Filesystem types the filesystem collector ignores (`--collector.filesystem.fs-types-exclude`),
   * a Go (RE2) regular expression.
   *
   * @default - node-exporter's default list of virtual filesystems (proc, sysfs, cgroup, overlay...)
   */
  readonly filesystemFsTypesExclude?: string;

  /**
   * Network devices the netclass and netdev collectors ignore
   * (`--collector.netclass.ignored-devices`, `--collector.netdev.device-exclude`), a Go (RE2)
   * regular expression.
   *
   * @default '^(veth.*|cali.*|lxc.*|eni.*|azv.*|gke.*|[a-f0-9]{15})$' - the host side of pod
   * interfaces (veth pairs, Calico, Cilium, AWS VPC CNI, Azure CNI, GKE, and the hashed names of
   * other plugins): one per pod, so every pod start and stop would create and orphan series
   */
  readonly networkDevicesExclude?: string;

  /**
   * More arguments of the exporter, e.g. collector flags (`--collector.ethtool.device-include=...`).
   * A flag the construct already sets is an error (node-exporter refuses a flag given twice): use
   * its prop. `--web.listen-address` is the exception: node-exporter takes it repeatedly, one
   * listener each, e.g. `--web.listen-address=127.0.0.1:9100` for a scraper on the node's loopback
   * next to the node-IP listener, or the node's IPv6 address on a dual-stack node (not behind
   * kube-rbac-proxy, and never an address already listened on). An address on another port is not
   * declared as a container or host port.
   *
   * @default - none
   */
  readonly extraArgs?: string[];

  /**
   * A node directory for the textfile collector: `*.prom` files that scripts on the node write
   * (cron jobs, package counters...). Mounted read-only at `/host/textfile` (created on the node if
   * missing), with `--collector.textfile.directory` pointing there.
   *
   * @default - none: the textfile collector reads nothing
   */
  readonly textfileDirectory?: string;

  /**
   * More node paths the exporter reads (e.g. for a collector's flag in `extraArgs`), each mounted
   * read-only with its reason.
   *
   * @default - none
   */
  readonly hostMounts?: NodeExporterHostMount[];

  /**
   * More containers in the exporter's pods (e.g. a script that writes textfile metrics into an
   * emptyDir the exporter reads), with the library's container defaults and rules.
   *
   * @default - none
   */
  readonly sidecars?: kplus.ContainerProps[];

  /**
   * Resources of the exporter container. Each request or limit given is kept; a missing one is
   * the default, capped at your limit or raised to your request.
   *
   * @default - cpu 100m request / 250m limit, memory 64Mi / 180Mi (kube-prometheus limits
   * 250m/180Mi; the exporter uses 15-60Mi on most nodes, more with many CPUs, disks and
   * interfaces); ephemeral storage: the library default
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * The node taints the exporter tolerates.
   *
   * @default NodeExporterTolerations.NO_SCHEDULE - every NoSchedule taint (control plane and
   * dedicated nodes included)
   */
  readonly tolerations?: NodeExporterTolerations;

  /**
   * Keep the exporter off virtual nodes, where it can never run and would stay Pending: a required
   * node affinity on `eks.amazonaws.com/compute-type NotIn [fargate]` and
   * `type NotIn [virtual-kubelet]`, as the prometheus-node-exporter chart does.
   *
   * @default true
   */
  readonly excludeVirtualNodes?: boolean;

  /**
   * The kind of Service.
   *
   * @default NodeExporterServiceType.HEADLESS
   */
  readonly serviceType?: NodeExporterServiceType;

  /**
   * Emit a ServiceMonitor (Prometheus Operator) that scrapes every node through the Service, with
   * the node's name as the `instance` label. Needs the ServiceMonitor CRD in the cluster.
   *
   * @default - none
   */
  readonly serviceMonitor?: NodeExporterServiceMonitorOptions;

  /**
   * Emit a PodMonitor (Prometheus Operator) that scrapes each exporter pod directly, with the
   * node's name as the `instance` label, for Prometheus setups that select PodMonitors. Needs the
   * PodMonitor CRD in the cluster.
   *
   * @default - none
   */
  readonly podMonitor?: MonitorOptions;

  /**
   * Emit a PrometheusRule (Prometheus Operator) with the core node alerts of the node-exporter
   * mixin (filesystem space and inodes, network errors, conntrack, clock, RAID, file
   * descriptors, memory, disk I/O, load; failed systemd units with the systemd collector), for
   * the job this exporter is scraped as.
   *
   * @default - none
   */
  readonly prometheusRule?: NodeExporterPrometheusRuleOptions;

  /**
   * The NetworkPolicy of the exporter pods: ingress only to the metrics port (from the given
   * sources), no egress (the exporter connects nowhere). Only without `hostNetwork`: NetworkPolicy
   * does not filter pods in the node's network namespace, so with `hostNetwork` restrict access
   * with `listen` (the node IP, or `behindKubeRbacProxy()`) and the node's firewall.
   *
   * @default - without `hostNetwork`: ingress to the metrics port from any source; with
   * `hostNetwork`: none (an error if given)
   */
  readonly networkPolicy?: NodeExporterNetworkPolicyOptions;
}
