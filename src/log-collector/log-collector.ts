import { createHash } from 'crypto';
import { ApiObject, Chart, Duration, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { LogCollectorAgent, LogCollectorAgentKind } from './agent';
import { LogOutput, LogOutputKind } from './output';
import { DaemonSet } from '../core/daemon-set';
import { FLUENT_BIT_MAIN, FLUENTD_MAIN, parseEndpoint, PipelineSettings, renderFluentBit, renderFluentd } from './private/pipeline';
import { AppValidation } from '../core/private/app-validation';
import { fail, formatError } from '../core/private/errors';
import { checkReason } from '../core/private/exemptions';
import { monitoring } from '../core/private/monitoring';
import { Relaxation } from '../core/relaxation';
import { DaemonSetUpdateStrategy } from '../core/update-strategy';
import { nodeSelectorsOverlap } from '../validation/host-port-clashes';
import { checkDnsLabel, toDnsLabel } from '../validation/names';

/**
 * The container runtime of the nodes, which decides the log format and where the files are.
 */
export enum ContainerRuntime {
  /**
   * containerd or CRI-O: CRI-format files under `/var/log/pods`, linked from `/var/log/containers`.
   */
  CRI = 'cri',
  /**
   * Docker (cri-dockerd): json-file logs under `/var/lib/docker/containers`, linked from
   * `/var/log/containers`; that directory is mounted too (read-only).
   */
  DOCKER = 'docker',
}

/**
 * An extra directory or file of the node that the collector reads, mounted read-only at the same
 * path.
 */
export interface LogCollectorHostMount {
  /** The absolute path on the node (and in the container). */
  readonly path: string;

  /** Why the collector reads it: written into the manifest's exemption annotations. */
  readonly reason: string;

  /**
   * The hostPath type the kubelet checks before starting the pod.
   *
   * @default kplus.HostPathVolumeType.DIRECTORY
   */
  readonly type?: kplus.HostPathVolumeType;
}

/**
 * Properties of a `LogCollectorDaemonSet`. Every one is optional: the defaults give a working
 * cluster log collector (Fluent Bit printing to stdout until you choose an output).
 */
export interface LogCollectorDaemonSetProps {
  /**
   * The collector.
   *
   * @default LogCollectorAgent.fluentBit()
   */
  readonly agent?: LogCollectorAgent;

  /**
   * Where the generated pipeline sends the logs. Not allowed with `configFiles` (your config has its
   * own outputs) or a custom agent (whose config is yours).
   *
   * @default LogOutput.stdout() - the only output that works without a backend; choose a real one
   */
  readonly output?: LogOutput;

  /**
   * The agent's whole config, file name to content, instead of the generated pipeline. Mounted
   * read-only at the agent's config directory. Fluent Bit is started with `fluent-bit.conf` (classic)
   * or else `fluent-bit.yaml`; Fluentd with `fluent.conf`; a custom agent with its own `args`. Keep
   * the endpoints the probes and the metrics Service use: Fluent Bit's HTTP server with
   * `Health_Check On` on the agent's port, Fluentd's `prometheus` source on its port.
   *
   * @default - the generated pipeline (required for a custom agent)
   */
  readonly configFiles?: { [file: string]: string };

  /**
   * The container runtime of the nodes.
   *
   * @default ContainerRuntime.CRI - containerd and CRI-O, the runtimes of current Kubernetes
   */
  readonly containerRuntime?: ContainerRuntime;

  /**
   * Also collect the kubelet's and the container runtime's logs from the systemd journal in
   * `/var/log/journal`, opened by directory so the node's `/etc/machine-id` is not needed.
   *
   * @default false - nodes with a volatile journal (`/run/log/journal`) or none at all would make
   * the journal input fail at start
   */
  readonly readJournal?: boolean;

  /**
   * The host directory where the collector keeps its state (read positions, so a restart neither
   * loses nor repeats lines): the only host path it writes. Created if missing, mounted writable at
   * the same path. Two collectors on the same nodes need different directories.
   *
   * @default - the agent's: `/var/lib/fluent-bit`, `/var/lib/fluentd`, `/var/lib/<name>`
   */
  readonly stateDir?: string;

  /**
   * Run the collector as root (uid and gid 0), with every capability still dropped. Container log
   * files are owned by root with mode 0640 (containerd) or 0600 (CRI-O), so only root reads all of
   * them, as their owner, without any capability. With `false` the collector runs as uid 65534 with
   * gid 0: that reads 0640 files through the group, but not CRI-O's 0600 files, and the state
   * directory must already exist on the nodes, writable by gid 0.
   *
   * @default true - the only setting that reads every runtime's log files
   */
  readonly runAsRoot?: boolean;

  /**
   * Tolerate every taint, including `NoExecute` ones, so logs are collected from every node. With
   * `false` only the control-plane taint is tolerated (the base `DaemonSet`'s default); add what you
   * need with `collector.daemonSet.scheduling.tolerate(...)`.
   *
   * @default true - logs from a node nobody collects are lost when the node goes
   */
  readonly tolerateAllTaints?: boolean;

  /**
   * Emit a Prometheus Operator `ServiceMonitor` for the metrics Service.
   *
   * @default false - the ServiceMonitor kind only exists where the Prometheus Operator's CRDs are
   * installed; elsewhere applying it fails. The Service carries `prometheus.io/*` annotations either way.
   */
  readonly serviceMonitor?: boolean;

  /**
   * More node paths the collector reads, each read-only with its reason.
   *
   * @default - none
   */
  readonly hostMounts?: LogCollectorHostMount[];

  /**
   * Further relaxations the collector needs (for a custom agent, say), each with its reason.
   *
   * @default - none beyond the collector's own
   */
  readonly relaxations?: Relaxation[];

  /**
   * The name of the DaemonSet, the ServiceAccount, the ClusterRole, its binding and the
   * ServiceMonitor; the ConfigMap and the Service get `-config` and `-metrics` after it.
   *
   * @default - the construct id as a DNS label (`Logs` becomes `logs`): names that do not change
   * when the construct moves, so the DaemonSet's immutable selector does not either
   */
  readonly name?: string;

  /**
   * The namespace of the DaemonSet, ServiceAccount, ConfigMap, Service and ServiceMonitor.
   *
   * @default - the chart's namespace, else `kube-system`: it exists in every cluster, admits hostPath
   * pods, and may use the `system-node-critical` priority class even where a ResourceQuota limits it
   * elsewhere. The ClusterRoleBinding must name the ServiceAccount's namespace, so one is always set.
   */
  readonly namespace?: string;

  /**
   * The image of the init container that copies the node's `/etc/machine-id`, for agents with
   * `mountMachineId`.
   *
   * @default LogCollectorDaemonSet.MACHINE_ID_IMAGE
   */
  readonly machineIdImage?: string;

  /**
   * The priority class of the pods.
   *
   * @default 'system-node-critical' - the base `DaemonSet`'s default
   */
  readonly priorityClassName?: string;

  /**
   * How pods are replaced.
   *
   * @default - `maxSurge: 1, maxUnavailable: 0` (no host port is bound): the new collector starts
   * next to the old one, and the positions in the state directory let it continue where the old
   * one stopped
   */
  readonly updateStrategy?: DaemonSetUpdateStrategy;

  /**
   * Node labels the pods require, merged over `kubernetes.io/os: linux`.
   *
   * @default - Linux nodes
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * How many old revisions to keep.
   *
   * @default - the API server's default (10)
   */
  readonly revisionHistoryLimit?: number;

  /**
   * The `app.kubernetes.io/name` label, part of the selector.
   *
   * @default - the agent's name (`fluent-bit`, `fluentd`, or the custom name)
   */
  readonly appName?: string;

  /**
   * The `app.kubernetes.io/instance` label, part of the selector.
   *
   * @default - the DaemonSet's name
   */
  readonly instance?: string;

  /**
   * The `app.kubernetes.io/part-of` label.
   *
   * @default - not set
   */
  readonly partOf?: string;
}

const COLLECTOR = Symbol.for('cdk8s-daemonsets.LogCollectorDaemonSet');
const VAR_LOG = '/var/log';
const DOCKER_CONTAINERS = '/var/lib/docker/containers';
const MACHINE_ID = '/etc/machine-id';
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const LOKI_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A node log collector: a hardened `DaemonSet` running Fluent Bit (or Fluentd, or any collector
 * image) on every node, with its RBAC, its config and safe host mounts.
 *
 * - Pipeline (ConfigMap): tail `/var/log/containers` (CRI format, or Docker's), add Kubernetes
 *   metadata, send to the `output`; or your own `configFiles`. A `checksum/config` annotation on the
 *   pod template rolls the pods when the config changes.
 * - Host mounts: `/var/log` (and Docker's container directory) read-only; one writable state
 *   directory for the read positions; `/etc/machine-id` only for agents that ask for it.
 * - RBAC: a ServiceAccount whose token is mounted, a ClusterRole with get/list/watch on pods and
 *   namespaces and nothing more, and their ClusterRoleBinding. `NODE_NAME` comes from `spec.nodeName`.
 * - Runs as root with every capability dropped (an explicit relaxation), tolerates every taint,
 *   `system-node-critical`, surge updates, agent-sized resources, probes on the agent's health
 *   endpoint, a metrics Service and an optional ServiceMonitor.
 *
 * The parts are public (`daemonSet`, `container`, `configMap`, `serviceAccount`, `clusterRole`...),
 * so the cdk8s-plus API and `ApiObject.of(collector.daemonSet)` stay reachable.
 */
export class LogCollectorDaemonSet extends Construct {
  /** The image of the init container that copies `/etc/machine-id`. */
  public static readonly MACHINE_ID_IMAGE = 'docker.io/library/busybox:1.37.0';

  /** The namespace used when neither `namespace` nor the chart gives one. */
  public static readonly DEFAULT_NAMESPACE = 'kube-system';

  /** The pod template annotation holding the sha256 of the config: a changed config rolls the pods. */
  public static readonly CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

  /** Whether `x` is a `LogCollectorDaemonSet`. */
  public static isLogCollectorDaemonSet(x: any): x is LogCollectorDaemonSet {
    return x !== null && typeof x === 'object' && COLLECTOR in x;
  }

  /** The DaemonSet (the base `DaemonSet`, a cdk8s-plus DaemonSet). */
  public readonly daemonSet: DaemonSet;

  /** The collector's container. */
  public readonly container: kplus.Container;

  /** The ConfigMap holding the config. */
  public readonly configMap: kplus.ConfigMap;

  /** The ServiceAccount the pods run as. */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** The ClusterRole: get/list/watch on pods and namespaces. */
  public readonly clusterRole: kplus.ClusterRole;

  /** The binding of the ClusterRole to the ServiceAccount. */
  public readonly clusterRoleBinding: kplus.ClusterRoleBinding;

  /** The Service in front of the collectors' metrics port. */
  public readonly service: kplus.Service;

  /** The Prometheus Operator ServiceMonitor, if `serviceMonitor` is on. */
  public readonly serviceMonitor?: ApiObject;

  /** The collector. */
  public readonly agent: LogCollectorAgent;

  /** The output of the generated pipeline; undefined with `configFiles`. */
  public readonly output?: LogOutput;

  /** The image that runs. */
  public readonly image: string;

  /** The name of the DaemonSet, ServiceAccount, ClusterRole and ClusterRoleBinding. */
  public readonly name: string;

  /** The namespace of the namespaced objects. */
  public readonly namespace: string;

  /** The writable host directory for the collector's state. */
  public readonly stateDir: string;

  /** The container runtime the collector reads the logs of. */
  public readonly containerRuntime: ContainerRuntime;

  /** Whether the collector runs as root. */
  public readonly runAsRoot: boolean;

  constructor(scope: Construct, id: string, props: LogCollectorDaemonSetProps = {}) {
    super(scope, id);
    Object.defineProperty(this, COLLECTOR, { value: true });

    const agent = props.agent ?? LogCollectorAgent.fluentBit();
    this.agent = agent;
    this.containerRuntime = props.containerRuntime ?? ContainerRuntime.CRI;
    this.runAsRoot = props.runAsRoot ?? true;
    this.stateDir = props.stateDir ?? agent.stateDir;
    const readJournal = props.readJournal ?? false;
    const docker = this.containerRuntime === ContainerRuntime.DOCKER;
    const hostMounts = props.hostMounts ?? [];

    this.checkAgent(agent);
    this.checkConfig(props, agent, readJournal);
    this.output = props.configFiles ? undefined : props.output ?? LogOutput.stdout();
    if (this.output) {
      this.checkOutput(this.output);
    }
    this.image = this.resolveImage(agent, this.output);
    const readOnlyPaths = [VAR_LOG, ...(docker ? [DOCKER_CONTAINERS] : []), ...hostMounts.map(m => m.path)];
    this.checkHostMounts(hostMounts, docker);
    this.checkStateDir(this.stateDir, readOnlyPaths);

    this.name = props.name ?? toDnsLabel(id);
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? LogCollectorDaemonSet.DEFAULT_NAMESPACE;
    this.checkNames();

    // -- RBAC: read pods and namespaces for the metadata, nothing more.
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace },
    });
    this.clusterRole = new kplus.ClusterRole(this, 'ClusterRole', { metadata: { name: this.name } });
    this.clusterRole.allow(['get', 'list', 'watch'], kplus.ApiResource.PODS, kplus.ApiResource.NAMESPACES);
    this.clusterRoleBinding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: this.name },
      role: this.clusterRole,
    });
    this.clusterRoleBinding.addSubjects(this.serviceAccount);

    // -- the DaemonSet, with every relaxation and its reason
    const tolerateAll = props.tolerateAllTaints ?? true;
    const relaxations = [
      Relaxation.hostPath(VAR_LOG, readJournal
        ? 'reads the container logs of every pod on the node (/var/log/containers, /var/log/pods) and the journal (/var/log/journal)'
        : 'reads the container logs of every pod on the node (/var/log/containers, /var/log/pods)'),
      ...(docker ? [Relaxation.hostPath(DOCKER_CONTAINERS, 'reads the Docker json-file logs that /var/log/containers links to on Docker nodes')] : []),
      Relaxation.writableHostPath(this.stateDir, 'keeps the read positions across restarts, so no log line is lost or shipped twice; the only host path the collector writes'),
      Relaxation.serviceAccountToken('the agent reads the metadata of pods and namespaces from the Kubernetes API'),
      ...hostMounts.map(m => Relaxation.hostPath(m.path, m.reason)),
      ...(this.runAsRoot ? [Relaxation.runAsRoot(agent.name,
        'container log files are owned by root with mode 0640 (containerd) or 0600 (CRI-O): root reads them as their owner, with every capability still dropped')] : []),
      ...(agent.mountMachineId ? [Relaxation.hostPath('/etc',
        'a non-root init container copies /etc/machine-id into the pod when the node has one, so the agent also starts on nodes without it')] : []),
      ...(props.relaxations ?? []),
    ];
    this.daemonSet = new DaemonSet(this, 'DaemonSet', {
      metadata: { name: this.name, namespace: this.namespace },
      serviceAccount: this.serviceAccount,
      // The agent reads pod and namespace metadata from the API server.
      automountServiceAccountToken: true,
      tolerateControlPlane: !tolerateAll,
      priorityClassName: props.priorityClassName,
      updateStrategy: props.updateStrategy,
      nodeSelector: props.nodeSelector,
      revisionHistoryLimit: props.revisionHistoryLimit,
      appName: props.appName ?? agent.name,
      instance: props.instance,
      component: 'log-collector',
      partOf: props.partOf,
      relaxations,
    });
    if (tolerateAll) {
      // An empty key with operator Exists matches every taint, NoExecute included.
      this.daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
    }

    // -- the config, and the checksum that rolls the pods when it changes
    const settings: PipelineSettings = {
      output: this.output ?? LogOutput.stdout(),
      docker,
      readJournal,
      stateDir: this.stateDir,
      port: agent.port,
      ownLogs: `/var/log/containers/${this.daemonSet.name}-*_${this.namespace}_${agent.name}-*.log`,
      job: agent.name,
    };
    const files = props.configFiles ?? (agent.kind === LogCollectorAgentKind.FLUENTD ? renderFluentd(settings) : renderFluentBit(settings));
    this.configMap = new kplus.ConfigMap(this, 'Config', {
      metadata: { name: `${this.name}-config`, namespace: this.namespace },
      data: files,
    });
    // Resolved at synth, so data added later with configMap.addData() counts too.
    const checksum = Lazy.any({ produce: () => this.configChecksum }) as unknown as string;
    this.daemonSet.podMetadata.addAnnotation(LogCollectorDaemonSet.CONFIG_CHECKSUM_ANNOTATION, checksum);

    // -- the container
    const nodeName = kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME);
    const [command, args] = this.commandLine(agent, files);
    this.container = this.daemonSet.addContainer({
      name: agent.name,
      image: this.image,
      command,
      args,
      ports: [
        { name: 'http', number: agent.port },
        ...(agent.metricsPort === agent.port ? [] : [{ name: 'metrics', number: agent.metricsPort }]),
      ],
      envVariables: {
        NODE_NAME: nodeName,
        // Fluentd's metadata filter watches only the pods of this node.
        ...(agent.kind === LogCollectorAgentKind.FLUENTD ? { K8S_NODE_NAME: nodeName } : {}),
      },
      startup: agent.livenessPath
        ? kplus.Probe.fromHttpGet(agent.livenessPath, { port: agent.port, periodSeconds: Duration.seconds(2), failureThreshold: 30 })
        : kplus.Probe.fromTcpSocket({ port: agent.port, periodSeconds: Duration.seconds(2), failureThreshold: 30 }),
      liveness: agent.livenessPath
        ? kplus.Probe.fromHttpGet(agent.livenessPath, { port: agent.port })
        : kplus.Probe.fromTcpSocket({ port: agent.port }),
      readiness: kplus.Probe.fromHttpGet(agent.readinessPath, { port: agent.port }),
      resources: agent.resources,
      securityContext: this.runAsRoot
        ? { ensureNonRoot: false, user: 0, group: 0 }
        : { user: DaemonSet.DEFAULT_USER, group: 0 },
    });
    this.mountAll(agent, docker, hostMounts, props.machineIdImage);

    // -- metrics
    const selectorLabels = this.daemonSet.selectorLabels;
    this.service = new kplus.Service(this, 'Service', {
      metadata: {
        name: `${this.name}-metrics`,
        namespace: this.namespace,
        labels: { ...selectorLabels },
        annotations: {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(agent.metricsPort),
          'prometheus.io/path': agent.metricsPath,
        },
      },
      ports: [{ name: 'metrics', port: agent.metricsPort, targetPort: agent.metricsPort }],
    });
    for (const [key, value] of Object.entries(selectorLabels)) {
      this.service.selectLabel(key, value);
    }
    if (props.serviceMonitor) {
      this.serviceMonitor = new (monitoring().ServiceMonitor)(this, 'ServiceMonitor', {
        metadata: { name: this.name, namespace: this.namespace, labels: { ...selectorLabels } },
        spec: {
          selector: { matchLabels: { ...selectorLabels } },
          namespaceSelector: { matchNames: [this.namespace] },
          endpoints: [{ port: 'metrics', path: agent.metricsPath }],
        },
      });
    }

    // One app-wide pass finds collectors sharing a state directory (linear in their number).
    const validation = AppValidation.of(this);
    if (!STATE_DIR_CHECKED.has(validation)) {
      STATE_DIR_CHECKED.add(validation);
      validation.addCheck((_daemonSets, root) => stateDirConflicts(root));
    }
  }

  /** The sha256 of the config (the `checksum/config` pod annotation), as the ConfigMap holds it now. */
  public get configChecksum(): string {
    const data = this.configMap.data;
    const sorted = Object.keys(data).sort().map(key => [key, data[key]]);
    return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
  }

  private commandLine(agent: LogCollectorAgent, files: Record<string, string>): [string[] | undefined, string[] | undefined] {
    switch (agent.kind) {
      case LogCollectorAgentKind.FLUENT_BIT: {
        const main = FLUENT_BIT_MAIN in files ? FLUENT_BIT_MAIN : 'fluent-bit.yaml';
        return [['/fluent-bit/bin/fluent-bit'], ['--workdir=/fluent-bit/etc', `--config=${agent.configDir}/${main}`]];
      }
      case LogCollectorAgentKind.FLUENTD:
        // Started directly, not through the image's entrypoint script (some variants edit the config
        // with sed -i, which a read-only ConfigMap mount refuses); the image's GEM_PATH finds the plugins.
        return [['tini', '--', 'fluentd'], ['--config', `${agent.configDir}/${FLUENTD_MAIN}`, '--plugin', '/fluentd/plugins']];
      default:
        return [agent.command, agent.args];
    }
  }

  private mountAll(agent: LogCollectorAgent, docker: boolean, hostMounts: LogCollectorHostMount[], machineIdImage?: string) {
    const hostPath = (id: string, name: string, path: string, type: kplus.HostPathVolumeType) =>
      kplus.Volume.fromHostPath(this, id, name, { path, type });
    this.container.mount(VAR_LOG, hostPath('VarLog', 'varlog', VAR_LOG, kplus.HostPathVolumeType.DIRECTORY), { readOnly: true });
    if (docker) {
      this.container.mount(DOCKER_CONTAINERS,
        hostPath('DockerContainers', 'docker-containers', DOCKER_CONTAINERS, kplus.HostPathVolumeType.DIRECTORY), { readOnly: true });
    }
    this.container.mount(this.stateDir, hostPath('State', 'state', this.stateDir, kplus.HostPathVolumeType.DIRECTORY_OR_CREATE), { readOnly: false });
    this.container.mount(agent.configDir, kplus.Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' }), { readOnly: true });
    hostMounts.forEach((m, i) => {
      this.container.mount(m.path, hostPath(`HostMount${i}`, volumeName('host', m.path, i), m.path, m.type ?? kplus.HostPathVolumeType.DIRECTORY), { readOnly: true });
    });
    agent.scratchDirs.forEach((dir, i) => {
      this.container.mount(dir, kplus.Volume.fromEmptyDir(this, `Scratch${i}`, volumeName('scratch', dir, i), { sizeLimit: Size.mebibytes(64) }));
    });
    if (agent.mountMachineId) {
      this.mountMachineId(machineIdImage ?? LogCollectorDaemonSet.MACHINE_ID_IMAGE);
    }
  }

  /**
   * `/etc/machine-id` without breaking on nodes that lack it: a hostPath of type File would keep the
   * pod from starting there, FileOrCreate (or no type) would create it on the node. A non-root init
   * container reads it through a read-only `/etc` mount and copies it, or an empty file when the node
   * has none, into an emptyDir; the agent mounts that file read-only and never sees the node's `/etc`.
   */
  private mountMachineId(image: string) {
    const copy = kplus.Volume.fromEmptyDir(this, 'MachineId', 'machine-id', { sizeLimit: Size.mebibytes(1) });
    const init = this.daemonSet.addInitContainer({
      name: 'machine-id',
      image,
      command: ['sh', '-c', 'if [ -f /host/etc/machine-id ]; then cat /host/etc/machine-id > /machine-id/machine-id; else : > /machine-id/machine-id; fi'],
      resources: {
        cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
        memory: { request: Size.mebibytes(8), limit: Size.mebibytes(32) },
      },
    });
    init.mount('/host/etc', kplus.Volume.fromHostPath(this, 'HostEtc', 'host-etc', { path: '/etc', type: kplus.HostPathVolumeType.DIRECTORY }), { readOnly: true });
    init.mount('/machine-id', copy);
    this.container.mount(MACHINE_ID, copy, { subPath: 'machine-id', readOnly: true });
  }

  private resolveImage(agent: LogCollectorAgent, output: LogOutput | undefined): string {
    if (agent.image !== undefined) {
      return agent.image;
    }
    // Only Fluentd leaves the image to the output: each daemonset image carries one output plugin.
    if (output?.kind === LogOutputKind.LOKI) {
      fail(this, {
        prop: 'agent.image',
        problem: 'is required for Fluentd with a Loki output: no published fluentd-kubernetes-daemonset image has the Loki plugin',
        received: undefined,
        allowed: 'a Fluentd image with fluent-plugin-grafana-loki, the Kubernetes metadata, CRI parser and Prometheus plugins',
        fix: 'pass LogCollectorAgent.fluentd({ image }) with such an image, or use LogCollectorAgent.fluentBit(), which ships a Loki output',
      });
    }
    return output?.kind === LogOutputKind.ELASTICSEARCH ? LogCollectorAgent.FLUENTD_ELASTICSEARCH_IMAGE : LogCollectorAgent.FLUENTD_IMAGE;
  }

  private checkNames() {
    // The Service is named `<name>-metrics` and Service names are DNS-1035 labels (a letter first).
    if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(this.name) || this.name.length > 55) {
      fail(this, {
        prop: 'name',
        problem: 'cannot name every object of the collector',
        received: this.name,
        allowed: 'at most 55 lowercase letters, digits and \'-\', starting with a letter and ending with a letter or digit (the Service adds \'-metrics\')',
        fix: 'choose a name such as \'fluent-bit\'',
      });
    }
    const problem = checkDnsLabel(this.namespace);
    if (problem) {
      fail(this, { prop: 'namespace', problem: 'is not a valid namespace name', received: this.namespace, allowed: problem, fix: 'use a namespace name such as \'logging\'' });
    }
  }

  private checkAgent(agent: LogCollectorAgent) {
    const custom = agent.kind === LogCollectorAgentKind.CUSTOM;
    const image: unknown = agent.image;
    if ((custom || image !== undefined) && (typeof image !== 'string' || image.trim() === '')) {
      fail(this, {
        prop: 'agent.image',
        problem: custom ? 'is required for a custom agent' : 'is empty',
        received: image ?? 'unset',
        allowed: 'a pinned image reference',
        fix: custom
          ? 'pass LogCollectorAgent.custom({ image: \'registry.example.com/collector:1.2.3\', port, ... })'
          : 'pass a pinned image, or leave image out for the library\'s pinned default',
      });
    }
    for (const [prop, port] of [['agent.port', agent.port], ['agent.metricsPort', agent.metricsPort]] as const) {
      if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) {
        fail(this, {
          prop,
          problem: 'is not a port number',
          received: port,
          allowed: 'an integer from 1 to 65535',
          fix: 'give the port the agent\'s HTTP server listens on',
        });
      }
    }
    if (agent.livenessPath !== undefined && agent.livenessPath === agent.readinessPath) {
      fail(this, {
        prop: 'agent.livenessPath',
        problem: 'is the readiness path too',
        received: agent.livenessPath,
        allowed: 'a liveness path other than readinessPath, or none (liveness is then a TCP check on the port)',
        fix: 'leave livenessPath out: a liveness probe that fails whenever readiness does restarts an agent that is only busy, and kube-score flags identical probes',
      });
    }
    const nameProblem = checkDnsLabel(agent.name);
    if (nameProblem) {
      fail(this, { prop: 'agent.name', problem: 'is not a valid container name', received: agent.name, allowed: nameProblem, fix: 'choose a name like \'vector\'' });
    }
    for (const [prop, path] of [['agent.configDir', agent.configDir], ...agent.scratchDirs.map((d, i) => [`agent.scratchDirs[${i}]`, d])]) {
      if (!isCleanAbsolutePath(path)) {
        fail(this, { prop, problem: 'is not an absolute path', received: path, allowed: 'an absolute path without \'..\' such as /etc/collector', fix: 'give the full path in the container' });
      }
    }
  }

  private checkConfig(props: LogCollectorDaemonSetProps, agent: LogCollectorAgent, readJournal: boolean) {
    const files = props.configFiles;
    const custom = agent.kind === LogCollectorAgentKind.CUSTOM;
    if (files && props.output) {
      fail(this, {
        prop: 'output',
        problem: 'cannot be used with configFiles: the output is rendered into the generated config, which configFiles replaces',
        received: props.output.kind,
        allowed: 'either output (the generated pipeline) or configFiles (your whole config, outputs included)',
        fix: 'remove output and write the output into your config, or remove configFiles',
      });
    }
    if (custom && props.output) {
      fail(this, {
        prop: 'output',
        problem: 'cannot be rendered for a custom agent: only Fluent Bit and Fluentd configs are generated',
        received: props.output.kind,
        allowed: 'output with LogCollectorAgent.fluentBit() or LogCollectorAgent.fluentd()',
        fix: 'remove output and put the output into the custom agent\'s configFiles',
      });
    }
    if (custom && !files) {
      fail(this, {
        prop: 'configFiles',
        problem: 'is required for a custom agent: there is no generated pipeline for it',
        received: undefined,
        allowed: 'the agent\'s config files, file name to content',
        fix: `pass configFiles, e.g. { 'vector.yaml': '...' }, and point the agent's args at ${agent.configDir}`,
      });
    }
    if (files && readJournal) {
      fail(this, {
        prop: 'readJournal',
        problem: 'only shapes the generated config, which configFiles replaces',
        received: true,
        allowed: 'readJournal without configFiles',
        fix: 'remove readJournal and add a journal input to your config (/var/log/journal is mounted)',
      });
    }
    if (!files) {
      return;
    }
    const keys = Object.keys(files);
    if (keys.length === 0) {
      fail(this, { prop: 'configFiles', problem: 'is empty', received: files, allowed: 'at least one file', fix: 'give the agent\'s config files, or remove configFiles to use the generated pipeline' });
    }
    for (const key of keys) {
      if (!CONFIG_KEY.test(key) || key.length > 253 || key === '.' || key === '..') {
        fail(this, {
          prop: 'configFiles',
          problem: 'has a file name a ConfigMap cannot hold',
          received: key,
          allowed: 'names of letters, digits, \'-\', \'_\' and \'.\' (no directories), at most 253 characters',
          fix: 'use flat file names such as \'outputs.conf\' and include them from the main file',
        });
      }
      if (typeof files[key] !== 'string') {
        fail(this, { prop: `configFiles.${key}`, problem: 'is not text', received: files[key], allowed: 'the file content as a string', fix: 'pass the content as a string' });
      }
    }
    const main = agent.kind === LogCollectorAgentKind.FLUENT_BIT ? [FLUENT_BIT_MAIN, 'fluent-bit.yaml']
      : agent.kind === LogCollectorAgentKind.FLUENTD ? [FLUENTD_MAIN] : [];
    if (main.length > 0 && !main.some(m => m in files)) {
      fail(this, {
        prop: 'configFiles',
        problem: `has no ${main.join(' or ')}, the file ${agent.name} is started with`,
        received: keys,
        allowed: main.join(' or '),
        fix: `name the main file ${main[0]}`,
      });
    }
  }

  private checkOutput(output: LogOutput) {
    if (output.kind === LogOutputKind.FORWARD) {
      if (typeof output.host !== 'string' || !/^[A-Za-z0-9]([-A-Za-z0-9_.:]*[A-Za-z0-9])?$/.test(output.host)) {
        fail(this, {
          prop: 'output.host',
          problem: 'is not a host name or IP address',
          received: output.host,
          allowed: 'a host name or IP without scheme, port or path, e.g. fluentd.logging.svc',
          fix: 'give the host alone, and the port as port',
        });
      }
      if (!(Number.isInteger(output.port) && output.port! >= 1 && output.port! <= 65535)) {
        fail(this, { prop: 'output.port', problem: 'is not a port number', received: output.port, allowed: 'an integer from 1 to 65535', fix: 'use the aggregator\'s forward port (24224 by default)' });
      }
      return;
    }
    if (output.kind === LogOutputKind.STDOUT) {
      return;
    }
    const endpoint = parseEndpoint(output.url);
    if (typeof endpoint === 'string') {
      fail(this, { prop: 'output.url', problem: 'is not a usable URL', received: output.url, allowed: endpoint, fix: 'give the full URL, e.g. http://loki-gateway.loki.svc' });
    }
    if (output.kind === LogOutputKind.ELASTICSEARCH && !/^[a-z0-9][-a-z0-9_.]*$/.test(output.indexPrefix ?? '')) {
      fail(this, {
        prop: 'output.indexPrefix',
        problem: 'is not a valid index name prefix',
        received: output.indexPrefix,
        allowed: 'lowercase letters, digits, \'-\', \'_\' and \'.\', starting with a letter or digit',
        fix: 'use a prefix such as \'logs\'',
      });
    }
    if (output.kind === LogOutputKind.LOKI) {
      for (const [key, value] of Object.entries(output.labels ?? {})) {
        if (!LOKI_LABEL.test(key) || ['job', 'node', 'namespace', 'pod', 'container'].includes(key) || /[,=\s"]/.test(String(value)) || value === '') {
          fail(this, {
            prop: `output.labels.${key}`,
            problem: 'is not a static label the collector can add',
            received: { [key]: value },
            allowed: 'a Loki label name ([a-zA-Z_][a-zA-Z0-9_]*) other than job, node, namespace, pod and container, with a non-empty value without spaces, commas, quotes or \'=\'',
            fix: 'rename the label or simplify its value',
          });
        }
      }
      if (output.tenantId !== undefined && !/^[A-Za-z0-9!\-_.*'()]{1,150}$/.test(output.tenantId)) {
        fail(this, { prop: 'output.tenantId', problem: 'is not a Loki tenant ID', received: output.tenantId, allowed: 'up to 150 letters, digits and !-_.*\'()', fix: 'use the tenant\'s ID' });
      }
    }
  }

  private checkHostMounts(mounts: LogCollectorHostMount[], docker: boolean) {
    const taken = [VAR_LOG, ...(docker ? [DOCKER_CONTAINERS] : []), MACHINE_ID];
    mounts.forEach((m, i) => {
      if (!isCleanAbsolutePath(m.path) || m.path === '/') {
        fail(this, { prop: `hostMounts[${i}].path`, problem: 'is not an absolute path', received: m.path, allowed: 'an absolute path without \'..\', other than /', fix: 'give the full path on the node' });
      }
      const clash = taken.find(t => overlapsPath(t, m.path));
      if (clash) {
        fail(this, {
          prop: `hostMounts[${i}].path`,
          problem: `overlaps ${clash}, which the collector already mounts`,
          received: m.path,
          allowed: 'paths outside /var/log (and Docker\'s container directory)',
          fix: `remove it: ${clash} is mounted read-only already`,
        });
      }
      taken.push(m.path);
      checkReason(this, `hostMounts[${i}].reason`, m.reason);
    });
  }

  private checkStateDir(stateDir: string, readOnlyPaths: string[]) {
    if (!isCleanAbsolutePath(stateDir) || stateDir === '/') {
      fail(this, {
        prop: 'stateDir',
        problem: 'is not an absolute directory path',
        received: stateDir,
        allowed: 'an absolute path without \'..\', \'//\' or a trailing \'/\', other than /, e.g. /var/lib/fluent-bit',
        fix: 'give a dedicated directory such as /var/lib/<collector>',
      });
    }
    const clash = readOnlyPaths.find(p => overlapsPath(p, stateDir));
    if (clash) {
      fail(this, {
        prop: 'stateDir',
        problem: `overlaps ${clash}, which is mounted read-only: a writable state directory must be separate from what the collector only reads`,
        received: stateDir,
        allowed: 'a directory outside the read-only mounts, e.g. /var/lib/fluent-bit',
        fix: 'choose a directory of its own under /var/lib',
      });
    }
  }
}

/** The apps whose validation already checks the collectors' state directories. */
const STATE_DIR_CHECKED = new WeakSet<AppValidation>();

/**
 * Two collectors writing the same state directory on a node would corrupt each other's positions.
 * One pass over the app, collectors grouped by state directory.
 */
function stateDirConflicts(root: IConstruct): string[] {
  const errors: string[] = [];
  const byDir = new Map<string, LogCollectorDaemonSet[]>();
  for (const collector of root.node.findAll().filter(LogCollectorDaemonSet.isLogCollectorDaemonSet)) {
    const earlier = byDir.get(collector.stateDir) ?? [];
    const clash = earlier.find(o => nodeSelectorsOverlap(o.daemonSet.nodeSelector, collector.daemonSet.nodeSelector));
    if (clash) {
      errors.push(formatError(collector, {
        prop: 'stateDir',
        problem: `is also the state directory of ${clash.node.path} on the same nodes: the two collectors would overwrite each other's read positions`,
        received: collector.stateDir,
        allowed: 'one collector per state directory and node',
        fix: 'give one of them its own stateDir, e.g. /var/lib/fluent-bit-audit',
      }));
    }
    byDir.set(collector.stateDir, [...earlier, collector]);
  }
  return errors;
}

function isCleanAbsolutePath(path: unknown): path is string {
  return typeof path === 'string' && path.startsWith('/') && !path.split('/').includes('..') && !path.includes('//') && !(path.length > 1 && path.endsWith('/'));
}

/** Whether one path is the other or inside it. */
function overlapsPath(a: string, b: string): boolean {
  return a === b || b.startsWith(`${a}/`) || a.startsWith(`${b}/`);
}

/** A volume name (DNS label) from a prefix and a path, unique by its index. */
function volumeName(prefix: string, path: string, index: number): string {
  const base = toDnsLabel(`${prefix}-${path}`);
  const suffix = `-${index}`;
  return `${base.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
}
