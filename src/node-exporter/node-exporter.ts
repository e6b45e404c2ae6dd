import { ApiObject, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { NodeExporterCollector } from './collector';
import { NodeExporterListen, NodeExporterListenKind } from './listen';
import { DaemonSet } from '../core/daemon-set';
import type { ServiceMonitorSpecEndpoints } from '../imports/monitoring.coreos.com.generated';
import { nodeAlerts } from './private/alerts';
import { hostPathVolume, withResourceDefaults } from '../core/private/container-defaults';
import { fail } from '../core/private/errors';
import { monitoring } from '../core/private/monitoring';
import { Relaxation } from '../core/relaxation';
import { DaemonSetUpdateStrategy } from '../core/update-strategy';
import { checkDnsLabel, checkLabelValue, checkQualifiedName, toDnsLabel } from '../validation/names';

/** How the node's root filesystem is mounted into the exporter (at `/host/root`, read-only). */
export enum NodeExporterRootFsMount {
  /**
   * Mounted with `HostToContainer` propagation, so filesystems mounted on the node after the
   * exporter started (new volumes, disks) are seen too. Needs `/` to be a shared mount on the node
   * (it is under systemd); elsewhere the container fails to start with "path / is mounted on / but
   * it is not a shared or slave mount".
   */
  HOST_TO_CONTAINER = 'HostToContainer',
  /**
   * Mounted without propagation: works where `/` is not a shared mount (some container-in-container
   * and desktop clusters), but filesystems mounted on the node later are not seen until the pod
   * restarts.
   */
  NO_PROPAGATION = 'None',
  /**
   * Not mounted. The filesystem collector is then switched off: it would report the container's
   * own filesystems under the node's mount points.
   */
  OMIT = 'Omit',
}

/** Which node taints the exporter tolerates, so it runs (and reports) on tainted nodes too. */
export enum NodeExporterTolerations {
  /**
   * Every taint with effect `NoSchedule`: control-plane nodes, dedicated node pools and nodes being
   * cordoned by autoscalers, as the prometheus-node-exporter chart does. A `NoExecute` taint
   * still evicts the exporter (DaemonSet pods tolerate the node-lifecycle ones, not-ready and
   * unreachable, automatically).
   */
  NO_SCHEDULE = 'NoSchedule',
  /**
   * Every taint of every effect, as kube-prometheus does: the exporter also stays on nodes that
   * evict everything else with a `NoExecute` taint.
   */
  ALL = 'All',
  /** Only the control-plane taint (`node-role.kubernetes.io/control-plane:NoSchedule`). */
  CONTROL_PLANE = 'ControlPlane',
}

/** The kind of Service in front of the exporter pods. */
export enum NodeExporterServiceType {
  /**
   * A headless Service (`clusterIP: None`): Prometheus scrapes every endpoint (node) anyway, and a
   * virtual IP that load-balances to a random node's metrics is of no use.
   */
  HEADLESS = 'Headless',
  /** A ClusterIP Service, as the prometheus-node-exporter chart emits. */
  CLUSTER_IP = 'ClusterIP',
}

/** Options of the ServiceMonitor (Prometheus Operator). */
export interface NodeExporterServiceMonitorOptions {
  /**
   * Labels of the ServiceMonitor, e.g. the ones your Prometheus' `serviceMonitorSelector` matches
   * (`release: kube-prometheus-stack` for that chart).
   *
   * @default - the exporter's `app.kubernetes.io/name` and `app.kubernetes.io/instance`
   */
  readonly labels?: { [key: string]: string };

  /**
   * How often each node is scraped.
   *
   * @default Duration.seconds(30) - the core alerts take rates over 2 minutes, which needs
   * several samples per window; Prometheus' own default (1m) leaves two at best
   */
  readonly interval?: Duration;

  /**
   * How long a scrape may take. At most `interval` (Prometheus refuses a longer one).
   *
   * @default - Prometheus' default (10s)
   */
  readonly scrapeTimeout?: Duration;
}

/** Options of the PrometheusRule with the core node alerts (Prometheus Operator). */
export interface NodeExporterPrometheusRuleOptions {
  /**
   * Labels of the PrometheusRule, e.g. the ones your Prometheus' `ruleSelector` matches.
   *
   * @default - the exporter's `app.kubernetes.io/name` and `app.kubernetes.io/instance`
   */
  readonly labels?: { [key: string]: string };

  /**
   * The severity of the alerts that mean a node fails soon (filesystem full in hours).
   *
   * @default 'critical' - as the node-exporter mixin; use 'warning' where a single node's failure
   * should not page
   */
  readonly criticalSeverity?: string;
}

/**
 * Options of the NetworkPolicy of the exporter pods. It only applies without `hostNetwork`:
 * NetworkPolicy does not filter pods in the node's network namespace.
 */
export interface NodeExporterNetworkPolicyOptions {
  /**
   * Names of the namespaces whose pods may scrape the metrics port.
   *
   * @default - every namespace
   */
  readonly fromNamespaces?: string[];

  /**
   * Labels of the pods (in `fromNamespaces`) that may scrape the metrics port, e.g.
   * `{ 'app.kubernetes.io/name': 'prometheus' }`.
   *
   * @default - every pod of those namespaces; with neither option, any source
   */
  readonly fromPodLabels?: { [key: string]: string };
}

/** Properties of a `NodeExporterDaemonSet`. Every one is optional. */
export interface NodeExporterDaemonSetProps {
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
   * @default - the chart's namespace, else 'monitoring'
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
   * @default 'quay.io/prometheus/node-exporter:v1.12.1@sha256:1b4e4438faca4dd7e001dd445d161a4a2091b0fededa84093b3a8dfeae1f1be0' - pinned by digest
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
   * More arguments of the exporter, e.g. `--collector.textfile.directory=...`. A flag the
   * construct already sets is an error (node-exporter refuses a repeated flag): use its prop.
   *
   * @default - none
   */
  readonly extraArgs?: string[];

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
   * The priority class of the pods.
   *
   * @default 'system-node-critical' - scheduled before ordinary pods and evicted last. Some managed
   * clusters allow the system classes only in `kube-system` (pods elsewhere then fail with
   * "insufficient quota to match these scopes"): there, use `kube-system` or a PriorityClass of
   * your own.
   */
  readonly priorityClassName?: string;

  /**
   * Node labels the pods require, merged over `kubernetes.io/os: linux`.
   *
   * @default - Linux nodes
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * How pods are replaced when the template changes.
   *
   * @default - `maxSurge: 0, maxUnavailable: 1` with `hostNetwork` (a surge pod could never bind
   * the metrics port next to the old one); a surge of one without it
   */
  readonly updateStrategy?: DaemonSetUpdateStrategy;

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

/** The defaults of the node exporter, in one place. */
const NE_DEFAULTS = {
  image: 'quay.io/prometheus/node-exporter:v1.12.1@sha256:1b4e4438faca4dd7e001dd445d161a4a2091b0fededa84093b3a8dfeae1f1be0',
  proxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.22.0@sha256:53d5a3911ac076d000c92362d4939a3147ba21f231edf82926c82d16dbdd8850',
  namespace: 'monitoring',
  port: 9100,
  proxyInternalPort: 9101,
  proxyHealthPort: 9102,
  containerName: 'node-exporter',
  proxyContainerName: 'kube-rbac-proxy',
  appName: 'node-exporter',
  component: 'exporter',
  mountPointsExclude: '^/(dev|proc|sys|run/credentials/.+|run/containerd/.+|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/containers/storage/.+|var/lib/kubelet/.+)($|/)',
  fsTypesExclude: '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|erofs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$',
  networkDevicesExclude: '^(veth.*|cali.*|lxc.*|eni.*|azv.*|gke.*|[a-f0-9]{15})$',
  scrapeInterval: Duration.seconds(30),
  criticalSeverity: 'critical',
  cpu: [kplus.Cpu.millis(100), kplus.Cpu.millis(250)] as [kplus.Cpu, kplus.Cpu],
  memory: [Size.mebibytes(64), Size.mebibytes(180)] as [Size, Size],
  proxyCpu: [kplus.Cpu.millis(10), kplus.Cpu.millis(50)] as [kplus.Cpu, kplus.Cpu],
  proxyMemory: [Size.mebibytes(20), Size.mebibytes(40)] as [Size, Size],
};

/** Where the node's filesystems appear in the exporter container. */
const HOST_PROC = '/host/proc';
const HOST_SYS = '/host/sys';
const HOST_ROOT = '/host/root';
const DBUS_SOCKET = '/run/dbus/system_bus_socket';
const SA_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const TLS_CIPHER_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
];
/** The Pod Security Admission modes labelled on an emitted Namespace. */
const PSA_MODES = ['enforce', 'audit', 'warn'];
/** The annotation holding the reason of `NodeExporterListen.allInterfaces()`. */
const LISTEN_ALL_ANNOTATION = 'cdk8s-daemonsets/listen-all-interfaces';

/**
 * The Prometheus node exporter on every node, built on the library's `DaemonSet`, with everything a
 * cluster needs to scrape it: the DaemonSet, a ServiceAccount, a (headless) Service with the scrape
 * annotations, and optionally the Namespace with its Pod Security labels, a ServiceMonitor, a
 * PrometheusRule with the core node alerts, a kube-rbac-proxy sidecar with its RBAC, and a
 * NetworkPolicy.
 *
 * Defaults follow the prometheus-community chart and kube-prometheus, and fix what their users
 * keep running into: the metrics endpoint listens on the node IP, not every interface; the
 * exporter runs as `nobody` with a read-only root filesystem, no capability and seccomp
 * `RuntimeDefault`; the host access it needs (host network and PID namespaces, read-only `/proc`,
 * `/sys` and `/`, the host port) is declared with its reasons in the manifest; it stays off
 * Fargate and virtual-kubelet nodes, tolerates NoSchedule taints, has a priority class, and never
 * surges on its host port.
 *
 * The cdk8s-plus API stays reachable through `daemonSet`, `exporter`, `service` and the others.
 */
export class NodeExporterDaemonSet extends Construct {
  /** The node-exporter image used when none is given. */
  public static readonly DEFAULT_IMAGE = NE_DEFAULTS.image;

  /** The kube-rbac-proxy image used when none is given. */
  public static readonly DEFAULT_KUBE_RBAC_PROXY_IMAGE = NE_DEFAULTS.proxyImage;

  /** The metrics port used when none is given. */
  public static readonly DEFAULT_PORT = NE_DEFAULTS.port;

  /** The DaemonSet. */
  public readonly daemonSet: DaemonSet;

  /** The node-exporter container. */
  public readonly exporter: kplus.Container;

  /** The kube-rbac-proxy container, with `NodeExporterListen.behindKubeRbacProxy()`. */
  public readonly kubeRbacProxy?: kplus.Container;

  /** The Service selecting the exporter pods. */
  public readonly service: kplus.Service;

  /** The ServiceAccount of the pods (its token is mounted only for kube-rbac-proxy). */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** The ClusterRole of kube-rbac-proxy (TokenReviews and SubjectAccessReviews). */
  public readonly clusterRole?: kplus.ClusterRole;

  /** The binding of `clusterRole` to `serviceAccount`. */
  public readonly clusterRoleBinding?: kplus.ClusterRoleBinding;

  /** The Namespace, with `createNamespace`. */
  public readonly namespaceObject?: kplus.Namespace;

  /** The ServiceMonitor, with `serviceMonitor`. */
  public readonly serviceMonitor?: ApiObject;

  /** The PrometheusRule, with `prometheusRule`. */
  public readonly prometheusRule?: ApiObject;

  /** The NetworkPolicy of the pods, without `hostNetwork`. */
  public readonly networkPolicy?: ApiObject;

  /** The name of the objects. */
  public readonly name: string;

  /** The namespace of the namespaced objects. */
  public readonly namespace: string;

  /** The node-exporter image. */
  public readonly image: string;

  /** The metrics port (container, host and Service port). */
  public readonly port: number;

  /** Where the metrics endpoint listens. */
  public readonly listen: NodeExporterListen;

  /** Whether the pods use the node's network namespace. */
  public readonly hostNetwork: boolean;

  /** The arguments of the exporter. */
  public readonly args: string[];

  /** The Prometheus job the exporter is scraped as (the ServiceMonitor's `jobLabel` value). */
  public readonly jobName: string;

  constructor(scope: Construct, id: string, props: NodeExporterDaemonSetProps = {}) {
    super(scope, id);

    this.name = props.name ?? toDnsLabel(id);
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? NE_DEFAULTS.namespace;
    this.image = props.image ?? NE_DEFAULTS.image;
    this.port = props.port ?? NE_DEFAULTS.port;
    this.hostNetwork = props.hostNetwork ?? true;
    this.listen = props.listen ?? (this.hostNetwork ? NodeExporterListen.nodeIp() : NodeExporterListen.podIp());
    this.jobName = NE_DEFAULTS.appName;
    const rootFs = props.rootFsMount ?? NodeExporterRootFsMount.HOST_TO_CONTAINER;
    const proxy = this.listen.kind === NodeExporterListenKind.KUBE_RBAC_PROXY ? this.listen.kubeRbacProxy ?? {} : undefined;
    const proxyImage = proxy ? proxy.image ?? NE_DEFAULTS.proxyImage : undefined;
    const internalPort = proxy ? proxy.internalPort ?? NE_DEFAULTS.proxyInternalPort : undefined;
    const healthPort = proxy ? proxy.healthPort ?? NE_DEFAULTS.proxyHealthPort : undefined;

    // -- checks of the props, before anything is built
    this.checkDnsLabel('name', this.name);
    this.checkDnsLabel('namespace', this.namespace);
    this.checkImage('image', this.image);
    this.checkPort('port', this.port);
    this.checkListen(proxyImage, internalPort, healthPort);
    const collectors = this.checkCollectors(props.enableCollectors ?? [], props.disableCollectors ?? [], rootFs);
    const filters = {
      mountPointsExclude: this.checkRegex('filesystemMountPointsExclude', props.filesystemMountPointsExclude ?? NE_DEFAULTS.mountPointsExclude),
      fsTypesExclude: this.checkRegex('filesystemFsTypesExclude', props.filesystemFsTypesExclude ?? NE_DEFAULTS.fsTypesExclude),
      networkDevicesExclude: this.checkRegex('networkDevicesExclude', props.networkDevicesExclude ?? NE_DEFAULTS.networkDevicesExclude),
    };
    if (props.networkPolicy && this.hostNetwork) {
      fail(this, {
        prop: 'networkPolicy',
        problem: 'cannot apply with hostNetwork: NetworkPolicy does not filter pods in the node\'s network namespace',
        received: props.networkPolicy,
        allowed: 'networkPolicy with hostNetwork: false (the network metrics then describe the pod, not the node)',
        fix: 'remove networkPolicy and restrict access with listen (the default node IP, or NodeExporterListen.behindKubeRbacProxy()) and the node firewall, or set hostNetwork: false',
      });
    }
    this.checkServiceMonitor(props.serviceMonitor);
    this.checkLabels('prometheusRule.labels', props.prometheusRule?.labels);
    this.checkNetworkPolicy(props.networkPolicy);

    // -- the exporter's arguments
    const listenAddress = this.listenAddress(internalPort);
    const generated: string[] = [
      `--path.procfs=${HOST_PROC}`,
      `--path.sysfs=${HOST_SYS}`,
      ...(rootFs === NodeExporterRootFsMount.OMIT ? [] : [`--path.rootfs=${HOST_ROOT}`, `--path.udev.data=${HOST_ROOT}/run/udev/data`]),
      `--web.listen-address=${listenAddress}`,
      `--collector.filesystem.mount-points-exclude=${filters.mountPointsExclude}`,
      `--collector.filesystem.fs-types-exclude=${filters.fsTypesExclude}`,
      `--collector.netclass.ignored-devices=${filters.networkDevicesExclude}`,
      `--collector.netdev.device-exclude=${filters.networkDevicesExclude}`,
      ...collectors.enabled.map(c => `--collector.${c}`),
      ...collectors.disabled.map(c => `--no-collector.${c}`),
    ];
    const extraArgs = this.checkExtraArgs(props.extraArgs ?? [], generated);
    this.args = [...generated, ...extraArgs];

    // -- the objects
    const selectorLabels = {
      'app.kubernetes.io/name': NE_DEFAULTS.appName,
      'app.kubernetes.io/instance': this.name,
    };
    if (props.createNamespace) {
      const labels: Record<string, string> = {};
      for (const mode of PSA_MODES) {
        labels[`pod-security.kubernetes.io/${mode}`] = 'privileged';
      }
      this.namespaceObject = new kplus.Namespace(this, 'Namespace', { metadata: { name: this.namespace, labels } });
    }
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace, labels: selectorLabels },
      automountToken: false,
    });

    const hostPid = props.hostPid ?? true;
    const relaxations: Relaxation[] = [
      Relaxation.hostPath('/proc', 'reads the node\'s CPU, memory, disk, network and kernel statistics, read-only'),
      Relaxation.hostPath('/sys', 'reads the node\'s hardware, device, power and thermal statistics, read-only'),
    ];
    if (hostPid) {
      relaxations.push(Relaxation.hostPid('node-exporter\'s documented container setup (docker run --pid host): the exporter sees the node\'s processes as the node does'));
    }
    if (this.hostNetwork) {
      relaxations.push(
        Relaxation.hostNetwork('reports the node\'s network interfaces, sockets and conntrack table, which a pod network namespace hides'),
        Relaxation.hostPort(this.port, 'Prometheus scrapes each node\'s exporter on the node IP; declaring the port lets the scheduler refuse a second pod that needs it on the node'),
      );
    }
    if (healthPort !== undefined) {
      relaxations.push(Relaxation.hostPort(healthPort, 'kube-rbac-proxy serves its own /healthz on the node IP here (--proxy-endpoints-port) for the kubelet\'s liveness probe'));
    }
    this.daemonSet = new DaemonSet(this, 'DaemonSet', {
      metadata: { name: this.name, namespace: this.namespace },
      appName: NE_DEFAULTS.appName,
      instance: this.name,
      component: NE_DEFAULTS.component,
      version: imageVersion(this.image),
      hostNetwork: this.hostNetwork,
      hostPid,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: proxy !== undefined,
      priorityClassName: props.priorityClassName,
      nodeSelector: props.nodeSelector,
      updateStrategy: props.updateStrategy,
      tolerateControlPlane: (props.tolerations ?? NodeExporterTolerations.NO_SCHEDULE) === NodeExporterTolerations.CONTROL_PLANE,
      // The exporter's own policy (below) also closes egress.
      networkPolicy: false,
    });
    if (this.listen.kind === NodeExporterListenKind.ALL_INTERFACES) {
      this.daemonSet.metadata.addAnnotation(LISTEN_ALL_ANNOTATION, this.listen.reason!.trim());
    }
    switch (props.tolerations ?? NodeExporterTolerations.NO_SCHEDULE) {
      case NodeExporterTolerations.NO_SCHEDULE:
        this.daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.exists('', { effect: kplus.TaintEffect.NO_SCHEDULE })));
        break;
      case NodeExporterTolerations.ALL:
        this.daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
        break;
      default:
        // the base DaemonSet's control-plane toleration
    }
    if (props.excludeVirtualNodes ?? true) {
      this.daemonSet.scheduling.attract(kplus.Node.labeled(
        kplus.NodeLabelQuery.notIn('eks.amazonaws.com/compute-type', ['fargate']),
        kplus.NodeLabelQuery.notIn('type', ['virtual-kubelet']),
      ));
    }

    // The exporter. Behind the proxy it serves 127.0.0.1 only: the kubelet (in the node's network
    // namespace) probes it there.
    const probePort = internalPort ?? this.port;
    const probeHost = proxy ? '127.0.0.1' : undefined;
    this.exporter = this.daemonSet.addContainer({
      name: NE_DEFAULTS.containerName,
      image: this.image,
      args: this.args,
      ports: proxy
        ? [{ name: 'http-local', number: internalPort!, hostIp: '127.0.0.1' }]
        : [{ name: 'metrics', number: this.port, hostPort: this.hostNetwork ? this.port : undefined }],
      envVariables: this.listenEnv(this.listen.kind),
      resources: withResourceDefaults(props.resources, { cpu: NE_DEFAULTS.cpu, memory: NE_DEFAULTS.memory }),
      // Liveness asks only that the exporter still accepts connections; readiness that it serves
      // HTTP. Distinct probes: a slow page must not get the exporter restarted.
      liveness: kplus.Probe.fromTcpSocket({ port: probePort, host: probeHost, timeoutSeconds: Duration.seconds(5) }),
      readiness: kplus.Probe.fromHttpGet('/', { port: probePort, host: probeHost, timeoutSeconds: Duration.seconds(5) }),
    });
    this.exporter.mount(HOST_PROC, hostPathVolume(this, 'proc', '/proc'), { readOnly: true });
    this.exporter.mount(HOST_SYS, hostPathVolume(this, 'sys', '/sys'), { readOnly: true });
    if (rootFs !== NodeExporterRootFsMount.OMIT) {
      this.exporter.mount(HOST_ROOT, hostPathVolume(this, 'root', '/'), {
        readOnly: true,
        propagation: rootFs === NodeExporterRootFsMount.HOST_TO_CONTAINER ? kplus.MountPropagation.HOST_TO_CONTAINER : kplus.MountPropagation.NONE,
      });
      relaxations.push(Relaxation.hostPath('/', 'reads the size and usage of the node\'s filesystems (the filesystem collector), read-only'));
    }
    if (collectors.enabled.includes(NodeExporterCollector.SYSTEMD) || collectors.enabled.includes(NodeExporterCollector.LOGIND)) {
      this.exporter.mount(`/var${DBUS_SOCKET}`, hostPathVolume(this, 'dbus', DBUS_SOCKET, kplus.HostPathVolumeType.SOCKET), { readOnly: true });
      relaxations.push(Relaxation.hostPath(DBUS_SOCKET, 'the systemd and logind collectors query systemd and logind over the node\'s D-Bus system bus'));
    }

    if (proxy) {
      this.kubeRbacProxy = this.daemonSet.addContainer({
        name: NE_DEFAULTS.proxyContainerName,
        image: proxyImage!,
        args: [
          `--secure-listen-address=[$(HOST_IP)]:${this.port}`,
          `--upstream=http://127.0.0.1:${internalPort}/`,
          `--proxy-endpoints-port=${healthPort}`,
          '--allow-paths=/metrics',
          '--tls-min-version=VersionTLS12',
          `--tls-cipher-suites=${TLS_CIPHER_SUITES.join(',')}`,
        ],
        ports: [
          { name: 'https-metrics', number: this.port, hostPort: this.port },
          { name: 'proxy-health', number: healthPort!, hostPort: healthPort },
        ],
        envVariables: { HOST_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP) },
        resources: withResourceDefaults(proxy.resources, { cpu: NE_DEFAULTS.proxyCpu, memory: NE_DEFAULTS.proxyMemory }),
        // Alive while its own /healthz answers; ready while it accepts scrapes (probes that differ,
        // so a slow upstream does not get the proxy restarted).
        liveness: kplus.Probe.fromHttpGet('/healthz', { port: healthPort, scheme: kplus.ConnectionScheme.HTTPS }),
        readiness: kplus.Probe.fromTcpSocket({ port: this.port }),
      });
      this.clusterRole = new kplus.ClusterRole(this, 'ClusterRole', { metadata: { name: this.name, labels: selectorLabels } });
      this.clusterRole.allow(['create'], kplus.ApiResource.custom({ apiGroup: 'authentication.k8s.io', resourceType: 'tokenreviews' }));
      this.clusterRole.allow(['create'], kplus.ApiResource.custom({ apiGroup: 'authorization.k8s.io', resourceType: 'subjectaccessreviews' }));
      this.clusterRoleBinding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { name: this.name, labels: selectorLabels },
        role: this.clusterRole,
      });
      this.clusterRoleBinding.addSubjects(this.serviceAccount);
      relaxations.push(Relaxation.serviceAccountToken('kube-rbac-proxy checks each scraper\'s token and permission with TokenReviews and SubjectAccessReviews'));
    }
    for (const relaxation of relaxations) {
      this.daemonSet.addRelaxation(relaxation);
    }

    // The Service: headless by default; the scrape annotations for annotation-based discovery.
    const scheme = proxy ? 'https' : 'http';
    const portName = proxy ? 'https-metrics' : 'metrics';
    this.service = new kplus.Service(this, 'Service', {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: selectorLabels,
        annotations: {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(this.port),
          'prometheus.io/path': '/metrics',
          'prometheus.io/scheme': scheme,
        },
      },
      clusterIP: (props.serviceType ?? NodeExporterServiceType.HEADLESS) === NodeExporterServiceType.HEADLESS ? 'None' : undefined,
      ports: [{ name: portName, port: this.port, targetPort: this.port }],
    });
    // Select the pods by the stable labels (cdk8s-plus would select on the construct-path hash).
    for (const [key, value] of Object.entries(selectorLabels)) {
      this.service.selectLabel(key, value);
    }

    if (!this.hostNetwork) {
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: this.name, namespace: this.namespace, labels: selectorLabels },
        spec: networkPolicySpec(selectorLabels, this.port, props.networkPolicy ?? {}),
      });
    }

    if (props.serviceMonitor) {
      const options = props.serviceMonitor;
      const endpoint: ServiceMonitorSpecEndpoints = {
        port: portName,
        path: '/metrics',
        scheme: proxy ? monitoring().ServiceMonitorSpecEndpointsScheme.HTTPS : monitoring().ServiceMonitorSpecEndpointsScheme.HTTP,
        interval: promDuration(options.interval ?? NE_DEFAULTS.scrapeInterval),
        scrapeTimeout: options.scrapeTimeout ? promDuration(options.scrapeTimeout) : undefined,
        // The node's name as `instance`, instead of its IP and port: what dashboards and other
        // node-level metrics (kube-state-metrics) join on.
        relabelings: [{
          action: monitoring().ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE,
          sourceLabels: ['__meta_kubernetes_pod_node_name'],
          targetLabel: 'instance',
        }],
        // kube-rbac-proxy authenticates Prometheus' own ServiceAccount token and serves a
        // self-signed certificate.
        bearerTokenFile: proxy ? SA_TOKEN_FILE : undefined,
        tlsConfig: proxy ? { insecureSkipVerify: true } : undefined,
      };
      this.serviceMonitor = new (monitoring().ServiceMonitor)(this, 'ServiceMonitor', {
        metadata: { name: this.name, namespace: this.namespace, labels: { ...selectorLabels, ...options.labels } },
        spec: {
          jobLabel: 'app.kubernetes.io/name',
          selector: { matchLabels: selectorLabels },
          namespaceSelector: { matchNames: [this.namespace] },
          endpoints: [endpoint],
        },
      });
    }

    if (props.prometheusRule) {
      const options = props.prometheusRule;
      this.prometheusRule = new (monitoring().PrometheusRule)(this, 'PrometheusRule', {
        metadata: { name: this.name, namespace: this.namespace, labels: { ...selectorLabels, ...options.labels } },
        spec: {
          groups: [{
            name: 'node-exporter',
            rules: nodeAlerts(`job="${this.jobName}"`, options.criticalSeverity ?? NE_DEFAULTS.criticalSeverity,
              collectors.enabled.includes(NodeExporterCollector.SYSTEMD)),
          }],
        },
      });
    }
  }

  /** `--web.listen-address` of the exporter. IPs in brackets, so IPv6 addresses work too. */
  private listenAddress(internalPort: number | undefined): string {
    switch (this.listen.kind) {
      case NodeExporterListenKind.NODE_IP:
        return `[$(HOST_IP)]:${this.port}`;
      case NodeExporterListenKind.POD_IP:
        return `[$(POD_IP)]:${this.port}`;
      case NodeExporterListenKind.ALL_INTERFACES:
        return `:${this.port}`;
      default:
        return `127.0.0.1:${internalPort}`;
    }
  }

  private listenEnv(kind: NodeExporterListenKind): { [name: string]: kplus.EnvValue } | undefined {
    switch (kind) {
      case NodeExporterListenKind.NODE_IP:
        return { HOST_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP) };
      case NodeExporterListenKind.POD_IP:
        return { POD_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_IP) };
      default:
        return undefined;
    }
  }

  private checkDnsLabel(prop: string, value: string) {
    const problem = typeof value === 'string' ? checkDnsLabel(value) : 'a string';
    if (problem) {
      fail(this, { prop, problem: 'is not a valid name', received: value, allowed: problem, fix: `set ${prop} to a valid name` });
    }
  }

  /** An image must be pinned: a tag other than `latest`, or a digest. */
  private checkImage(prop: string, image: string) {
    if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
      fail(this, { prop, problem: 'is not an image reference', received: image, allowed: 'an image with a tag or digest', fix: `set ${prop}, e.g. '${NE_DEFAULTS.image}'` });
    }
    const digest = image.includes('@');
    const lastSegment = image.split('@')[0].split('/').pop()!;
    const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
    if (!digest && (tag === undefined || tag === '' || tag === 'latest')) {
      fail(this, {
        prop,
        problem: 'is not pinned: without a tag, or with \'latest\', each node may run a different release and a restart may change the exporter',
        received: image,
        allowed: 'an image with a release tag (e.g. :v1.12.1) or a digest (@sha256:...)',
        fix: `pin a release, e.g. '${prop === 'image' ? NE_DEFAULTS.image : NE_DEFAULTS.proxyImage}'`,
      });
    }
  }

  private checkPort(prop: string, port: number) {
    if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      fail(this, { prop, problem: 'is out of range', received: port, allowed: 'a whole number from 1 to 65535', fix: 'use a valid port number' });
    }
    if (this.hostNetwork && port < 1024) {
      fail(this, {
        prop,
        problem: 'is a privileged port on the node: the exporter runs as nobody with every capability dropped, so it could not bind it',
        received: port,
        allowed: '1024 to 65535 with hostNetwork',
        fix: `use a port from 1024 up (the default is ${NE_DEFAULTS.port})`,
      });
    }
  }

  private checkListen(proxyImage: string | undefined, internalPort: number | undefined, healthPort: number | undefined) {
    const listen = this.listen;
    if (!(listen instanceof NodeExporterListen)) {
      fail(this, { prop: 'listen', problem: 'is not a NodeExporterListen', received: listen, allowed: 'NodeExporterListen.nodeIp(), podIp(), allInterfaces(reason) or behindKubeRbacProxy()', fix: 'use one of the factories' });
    }
    if (listen.kind === NodeExporterListenKind.NODE_IP && !this.hostNetwork) {
      fail(this, {
        prop: 'listen',
        problem: 'is the node IP, which a pod outside the node\'s network namespace cannot bind',
        received: 'NodeExporterListen.nodeIp()',
        allowed: 'nodeIp() only with hostNetwork',
        fix: 'use NodeExporterListen.podIp() (the default without hostNetwork), or keep hostNetwork',
      });
    }
    if (listen.kind === NodeExporterListenKind.ALL_INTERFACES && (typeof listen.reason !== 'string' || listen.reason.trim().length < 3)) {
      fail(this, {
        prop: 'listen',
        problem: 'listens on every interface without a reason: with hostNetwork the metrics are then served on every address of the node, public ones included',
        received: listen.reason,
        allowed: 'a sentence saying why every interface is needed',
        fix: 'write the reason, or use NodeExporterListen.nodeIp()',
      });
    }
    if (listen.kind !== NodeExporterListenKind.KUBE_RBAC_PROXY) {
      return;
    }
    if (!this.hostNetwork) {
      fail(this, {
        prop: 'listen',
        problem: 'puts kube-rbac-proxy in front of an exporter that is not in the node\'s network namespace: the kubelet could not probe the exporter on the pod\'s loopback',
        received: 'NodeExporterListen.behindKubeRbacProxy()',
        allowed: 'behindKubeRbacProxy() with hostNetwork',
        fix: 'keep hostNetwork, or restrict access with networkPolicy instead of the proxy',
      });
    }
    this.checkImage('listen.kubeRbacProxy.image', proxyImage!);
    if (!(Number.isInteger(internalPort) && internalPort! >= 1024 && internalPort! <= 65535)) {
      fail(this, { prop: 'listen.kubeRbacProxy.internalPort', problem: 'is out of range', received: internalPort, allowed: 'a whole number from 1024 to 65535', fix: `use a free port, e.g. ${NE_DEFAULTS.proxyInternalPort}` });
    }
    if (internalPort === this.port) {
      fail(this, {
        prop: 'listen.kubeRbacProxy.internalPort',
        problem: 'is the metrics port: the exporter (on 127.0.0.1) and the proxy (on the node IP) would both bind it in the node\'s network namespace',
        received: internalPort,
        allowed: `a port other than ${this.port}`,
        fix: `use another port, e.g. ${this.port === NE_DEFAULTS.proxyInternalPort ? NE_DEFAULTS.port : NE_DEFAULTS.proxyInternalPort}`,
      });
    }
    if (!(Number.isInteger(healthPort) && healthPort! >= 1024 && healthPort! <= 65535)) {
      fail(this, { prop: 'listen.kubeRbacProxy.healthPort', problem: 'is out of range', received: healthPort, allowed: 'a whole number from 1024 to 65535', fix: `use a free port, e.g. ${NE_DEFAULTS.proxyHealthPort}` });
    }
    if (healthPort === this.port || healthPort === internalPort) {
      fail(this, {
        prop: 'listen.kubeRbacProxy.healthPort',
        problem: `is the ${healthPort === this.port ? 'metrics port' : 'internal port'}: two servers would bind it in the node's network namespace`,
        received: healthPort,
        allowed: `a port other than ${this.port} and ${internalPort}`,
        fix: `use another free port, e.g. ${Math.max(this.port, internalPort!) + 1}`,
      });
    }
  }

  private checkCollectors(enable: NodeExporterCollector[], disable: NodeExporterCollector[], rootFs: NodeExporterRootFsMount) {
    const known = new Set<string>(Object.values(NodeExporterCollector));
    for (const [prop, list] of [['enableCollectors', enable], ['disableCollectors', disable]] as const) {
      const unknown = list.filter(c => !known.has(c));
      if (unknown.length > 0) {
        fail(this, {
          prop,
          problem: `names unknown collectors: ${unknown.join(', ')}`,
          received: list,
          allowed: 'NodeExporterCollector values',
          fix: 'use the NodeExporterCollector enum; switch a collector of another release with extraArgs (--collector.<name> or --no-collector.<name>)',
        });
      }
    }
    const both = enable.filter(c => disable.includes(c));
    if (both.length > 0) {
      fail(this, {
        prop: 'enableCollectors',
        problem: `switches on collectors that disableCollectors switches off: ${both.join(', ')}`,
        received: { enableCollectors: enable, disableCollectors: disable },
        allowed: 'each collector in one of the two lists',
        fix: 'remove it from one of the lists',
      });
    }
    if (rootFs === NodeExporterRootFsMount.OMIT && enable.includes(NodeExporterCollector.FILESYSTEM)) {
      fail(this, {
        prop: 'enableCollectors',
        problem: 'switches on the filesystem collector while the root filesystem is not mounted: it would report the container\'s filesystems under the node\'s mount points',
        received: NodeExporterCollector.FILESYSTEM,
        allowed: 'the filesystem collector with the root filesystem mounted',
        fix: 'remove FILESYSTEM from enableCollectors, or mount the root filesystem (rootFsMount: NodeExporterRootFsMount.NO_PROPAGATION works where / is not a shared mount)',
      });
    }
    const disabled = [...new Set(disable)];
    if (rootFs === NodeExporterRootFsMount.OMIT && !disabled.includes(NodeExporterCollector.FILESYSTEM)) {
      disabled.push(NodeExporterCollector.FILESYSTEM);
    }
    return { enabled: [...new Set(enable)], disabled };
  }

  /** A Go (RE2) regular expression: it must compile, and use nothing RE2 lacks. */
  private checkRegex(prop: string, regex: string): string {
    const reject = (problem: string) => fail(this, {
      prop,
      problem,
      received: regex,
      allowed: 'a non-empty Go (RE2) regular expression: no look-around and no back-references',
      fix: 'correct the expression (node-exporter refuses to start on an invalid one)',
    });
    if (typeof regex !== 'string' || regex.length === 0) {
      reject('is empty');
    }
    if (/\(\?<?[=!]/.test(regex) || /\\[1-9]/.test(regex)) {
      reject('uses look-around or a back-reference, which Go regular expressions do not support');
    }
    try {
      new RegExp(regex);
    } catch (e) {
      reject(`is not a valid regular expression: ${(e as Error).message}`);
    }
    return regex;
  }

  /** Extra flags must not repeat a flag the construct sets, nor contradict one. */
  private checkExtraArgs(extraArgs: string[], generated: string[]): string[] {
    const flagOf = (arg: string) => arg.replace(/^--?/, '').split('=')[0];
    const set = new Map(generated.map(arg => [flagOf(arg), arg]));
    /** Flags node-exporter refuses together with one the construct sets, and the prop for it. */
    const exclusive: Record<string, [string, string]> = {
      'collector.filesystem.mount-points-include': ['collector.filesystem.mount-points-exclude', 'filesystemMountPointsExclude'],
      'collector.filesystem.fs-types-include': ['collector.filesystem.fs-types-exclude', 'filesystemFsTypesExclude'],
      'collector.netdev.device-include': ['collector.netdev.device-exclude', 'networkDevicesExclude'],
    };
    const props: Record<string, string> = {
      'web.listen-address': 'listen',
      'collector.filesystem.mount-points-exclude': 'filesystemMountPointsExclude',
      'collector.filesystem.fs-types-exclude': 'filesystemFsTypesExclude',
      'collector.netclass.ignored-devices': 'networkDevicesExclude',
      'collector.netdev.device-exclude': 'networkDevicesExclude',
    };
    extraArgs.forEach((arg, i) => {
      if (typeof arg !== 'string' || !arg.startsWith('--')) {
        fail(this, { prop: `extraArgs[${i}]`, problem: 'is not a flag', received: arg, allowed: 'flags of the form --name or --name=value', fix: 'write the flag with its leading --' });
      }
      const flag = flagOf(arg);
      const collector = /^(no-)?collector\.([a-z0-9_]+)$/.exec(flag);
      const clash = set.get(flag) ?? (collector ? set.get(`collector.${collector[2]}`) ?? set.get(`no-collector.${collector[2]}`) : undefined);
      if (clash) {
        const prop = collector ? 'enableCollectors / disableCollectors' : props[flag] ?? (flag.startsWith('path.') ? 'rootFsMount' : undefined);
        fail(this, {
          prop: `extraArgs[${i}]`,
          problem: `repeats or contradicts a flag the construct sets (${clash}): node-exporter refuses to start`,
          received: arg,
          allowed: 'flags the construct does not set',
          fix: prop ? `use the prop ${prop} instead` : 'remove the flag',
        });
      }
      if (exclusive[flag]) {
        const [other, prop] = exclusive[flag];
        fail(this, {
          prop: `extraArgs[${i}]`,
          problem: `cannot be combined with --${other}, which the construct sets: node-exporter refuses to start with both`,
          received: arg,
          allowed: `--${other} through ${prop}`,
          fix: `express the filter as an exclude pattern in ${prop}`,
        });
      }
    });
    return extraArgs;
  }

  private checkServiceMonitor(options: NodeExporterServiceMonitorOptions | undefined) {
    if (!options) {
      return;
    }
    this.checkLabels('serviceMonitor.labels', options.labels);
    for (const prop of ['interval', 'scrapeTimeout'] as const) {
      const duration = options[prop];
      if (duration !== undefined && !(duration.toMilliseconds() >= 1)) {
        fail(this, { prop: `serviceMonitor.${prop}`, problem: 'is zero', received: promDuration(duration), allowed: 'a positive duration', fix: `set a longer serviceMonitor.${prop}` });
      }
    }
    const interval = options.interval ?? NE_DEFAULTS.scrapeInterval;
    const timeout = options.scrapeTimeout;
    if (timeout !== undefined && timeout.toMilliseconds() > interval.toMilliseconds()) {
      fail(this, {
        prop: 'serviceMonitor.scrapeTimeout',
        problem: 'is longer than the scrape interval, which Prometheus refuses',
        received: { scrapeTimeout: promDuration(timeout), interval: promDuration(interval) },
        allowed: 'scrapeTimeout <= interval',
        fix: 'shorten scrapeTimeout or lengthen interval',
      });
    }
  }

  private checkNetworkPolicy(options: NodeExporterNetworkPolicyOptions | undefined) {
    for (const ns of options?.fromNamespaces ?? []) {
      this.checkDnsLabel('networkPolicy.fromNamespaces', ns);
    }
    if (options?.fromNamespaces && options.fromNamespaces.length === 0) {
      fail(this, {
        prop: 'networkPolicy.fromNamespaces',
        problem: 'is empty, which would admit no one',
        received: [],
        allowed: 'namespace names, or unset for every namespace',
        fix: 'name the namespaces of the scrapers, or remove fromNamespaces',
      });
    }
    this.checkLabels('networkPolicy.fromPodLabels', options?.fromPodLabels);
  }

  private checkLabels(prop: string, labels: { [key: string]: string } | undefined) {
    for (const [key, value] of Object.entries(labels ?? {})) {
      const problem = checkQualifiedName(key) ?? (typeof value === 'string' ? checkLabelValue(value) : 'a string');
      if (problem) {
        fail(this, { prop: `${prop}.${key}`, problem: 'is not a valid label', received: value, allowed: problem, fix: 'use a valid label key and value' });
      }
    }
  }
}

/** The release of an image reference (`quay.io/x/y:v1.2.3` gives `1.2.3`), when it is a valid label value. */
function imageVersion(image: string): string | undefined {
  const tag = image.split('@')[0].split('/').pop()!.split(':')[1];
  const version = tag?.replace(/^v(?=\d)/, '');
  return version && !checkLabelValue(version) ? version : undefined;
}

/** A Prometheus duration: whole seconds as `30s`, anything finer in milliseconds (`1500ms`). */
function promDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Ingress to the metrics port only, from the given sources; no egress. */
function networkPolicySpec(podLabels: Record<string, string>, port: number, options: NodeExporterNetworkPolicyOptions): k8s.NetworkPolicySpec {
  const peer: k8s.NetworkPolicyPeer = {
    namespaceSelector: options.fromNamespaces
      ? { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...options.fromNamespaces] }] }
      : options.fromPodLabels ? {} : undefined,
    podSelector: options.fromPodLabels ? { matchLabels: { ...options.fromPodLabels } } : undefined,
  };
  const restricted = options.fromNamespaces !== undefined || options.fromPodLabels !== undefined;
  return {
    podSelector: { matchLabels: podLabels },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: restricted ? [peer] : undefined, ports: [{ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' }] }],
    // The exporter connects nowhere: no egress rule.
    egress: [],
  };
}
