import { createHash } from 'crypto';
import { ApiObject, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { LogCollectorAgent, LogCollectorAgentKind } from './agent';
import { ContainerRuntime } from './container-runtime';
import { LogOutput } from './output';
import { renderPipeline } from './private/config';
import { collectorContainer } from './private/container';
import { COLLECTOR, DOCKER_CONTAINERS, LC_DEFAULTS, MACHINE_ID, VAR_LOG } from './private/defaults';
import { VOLATILE_JOURNAL } from './private/pipeline';
import { logCollectorRelaxations } from './private/relaxations';
import { LogCollectorSettings, resolveSettings } from './private/settings';
import { LogCollectorDaemonSetProps } from './props';
import { DaemonSet } from '../core/daemon-set';
import { MonitorOptions } from '../core/monitor-options';
import { agentDaemonSetProps, applyPodOptions } from '../core/private/agent-options';
import { AppValidation } from '../core/private/app-validation';
import { formatError } from '../core/private/errors';
import { createPodMonitor, createServiceMonitor, MonitorTarget } from '../core/private/monitors';
import { nodeSelectorsOverlap } from '../validation/host-port-clashes';
import { toDnsLabel } from '../validation/names';

/**
 * A node log collector: a hardened `DaemonSet` running Fluent Bit (or Fluentd, Filebeat, or any collector
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
 *   `system-node-critical`, updates one node at a time (the state directory is the collector's
 *   own: no surge), agent-sized resources, probes on the agent's health
 *   endpoint, a metrics Service and an optional ServiceMonitor.
 *
 * The parts are public (`daemonSet`, `container`, `configMap`, `serviceAccount`, `clusterRole`...),
 * so the cdk8s-plus API and `ApiObject.of(collector.daemonSet)` stay reachable.
 */
export class LogCollectorDaemonSet extends Construct {
  /** The image of the init container that copies `/etc/machine-id`. */
  public static readonly MACHINE_ID_IMAGE = LC_DEFAULTS.machineIdImage;

  /** The namespace used when neither `namespace` nor the chart gives one. */
  public static readonly DEFAULT_NAMESPACE = LC_DEFAULTS.namespace;

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

  /** The Prometheus Operator ServiceMonitor, with `serviceMonitor`. */
  public readonly serviceMonitor?: ApiObject;

  /** The Prometheus Operator PodMonitor, with `podMonitor`. */
  public readonly podMonitor?: ApiObject;

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

    // The defaults, and the checks of the props, before anything is built.
    const settings = resolveSettings(this, id, props);
    this.agent = settings.agent;
    this.containerRuntime = settings.containerRuntime;
    this.runAsRoot = settings.runAsRoot;
    this.stateDir = settings.stateDir;
    this.output = settings.output;
    this.image = settings.image;
    this.name = settings.name;
    this.namespace = settings.namespace;

    // RBAC: read pods and namespaces for the metadata, nothing more.
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace },
    });
    this.clusterRole = new kplus.ClusterRole(this, 'ClusterRole', { metadata: { name: this.name } });
    this.clusterRole.allow(['get', 'list', 'watch'], kplus.ApiResource.PODS, kplus.ApiResource.NAMESPACES);
    if (settings.useKubelet) {
      // Use_Kubelet reads the pods of the node from the kubelet's API, which authorizes nodes/proxy.
      this.clusterRole.allow(['get'], kplus.ApiResource.custom({ apiGroup: '', resourceType: 'nodes/proxy' }));
    }
    this.clusterRoleBinding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: this.name },
      role: this.clusterRole,
    });
    this.clusterRoleBinding.addSubjects(this.serviceAccount);

    // The DaemonSet, with every relaxation and its reason.
    this.daemonSet = this.createDaemonSet(settings, props);

    // The config, and the checksum that rolls the pods when it changes.
    const files = props.configFiles ?? renderPipeline(settings, this.daemonSet.name);
    this.configMap = new kplus.ConfigMap(this, 'Config', {
      metadata: { name: `${this.name}-config`, namespace: this.namespace },
      data: files,
    });
    // Resolved at synth, so data added later with configMap.addData() counts too.
    const checksum = Lazy.any({ produce: () => this.configChecksum }) as unknown as string;
    this.daemonSet.podMetadata.addAnnotation(LogCollectorDaemonSet.CONFIG_CHECKSUM_ANNOTATION, checksum);

    // The container and its mounts.
    this.container = this.daemonSet.addContainer(collectorContainer(this, settings, files, props));
    this.mountAll(settings, props);

    // Metrics.
    this.service = this.createService();
    this.serviceMonitor = props.serviceMonitor ? createServiceMonitor(this, this.monitorTarget(props.serviceMonitor, 'metrics')) : undefined;
    this.podMonitor = props.podMonitor
      ? createPodMonitor(this, this.monitorTarget(props.podMonitor, this.agent.metricsPort === this.agent.port ? 'http' : 'metrics'))
      : undefined;

    // One app-wide pass finds collectors sharing a state directory (linear in their number).
    addStateDirCheck(this);
  }

  /** The DaemonSet: the collector's relaxations, labels and tolerations. */
  private createDaemonSet(s: LogCollectorSettings, props: LogCollectorDaemonSetProps): DaemonSet {
    const tolerateAll = props.tolerateAllTaints ?? true;
    const daemonSet = new DaemonSet(this, 'DaemonSet', {
      ...agentDaemonSetProps(props, logCollectorRelaxations(s)),
      metadata: { name: this.name, namespace: this.namespace },
      serviceAccount: this.serviceAccount,
      // The agent reads pod and namespace metadata from the API server.
      automountServiceAccountToken: true,
      tolerateControlPlane: !tolerateAll,
      // No collector surges: its state directory is its own on the node (see the settings).
      updateStrategy: s.updateStrategy,
      appName: props.appName ?? s.agent.name,
      instance: props.instance,
      component: 'log-collector',
      partOf: props.partOf,
    });
    if (tolerateAll) {
      // An empty key with operator Exists matches every taint, NoExecute included.
      daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
    }
    applyPodOptions(daemonSet, props, [], [LogCollectorDaemonSet.CONFIG_CHECKSUM_ANNOTATION]);
    return daemonSet;
  }

  /** The Service in front of the metrics port, with the `prometheus.io/*` scrape annotations. */
  private createService(): kplus.Service {
    const selectorLabels = this.daemonSet.selectorLabels;
    const service = new kplus.Service(this, 'Service', {
      metadata: {
        name: `${this.name}-metrics`,
        namespace: this.namespace,
        labels: { ...selectorLabels },
        annotations: {
          // Filebeat's /stats are JSON: a Prometheus scrape would fail on them.
          'prometheus.io/scrape': String(this.agent.kind !== LogCollectorAgentKind.FILEBEAT),
          'prometheus.io/port': String(this.agent.metricsPort),
          'prometheus.io/path': this.agent.metricsPath,
        },
      },
      ports: [{ name: 'metrics', port: this.agent.metricsPort, targetPort: this.agent.metricsPort }],
    });
    for (const [key, value] of Object.entries(selectorLabels)) {
      service.selectLabel(key, value);
    }
    return service;
  }

  /** What a monitor of the collector scrapes: the named port of the Service or of the container. */
  private monitorTarget(options: MonitorOptions, port: string): MonitorTarget {
    return { name: this.name, namespace: this.namespace, selectorLabels: this.daemonSet.selectorLabels, port, path: this.agent.metricsPath, options };
  }

  /** The sha256 of the config (the `checksum/config` pod annotation), as the ConfigMap holds it now. */
  public get configChecksum(): string {
    const data = this.configMap.data;
    const sorted = Object.keys(data).sort().map(key => [key, data[key]]);
    return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
  }

  /** The node's logs read-only, the state directory writable, the config, the scratch directories and the machine id. */
  private mountAll(s: LogCollectorSettings, props: LogCollectorDaemonSetProps) {
    const { agent, docker, hostMounts } = s;
    const hostPath = (id: string, name: string, path: string, type: kplus.HostPathVolumeType) =>
      kplus.Volume.fromHostPath(this, id, name, { path, type });
    this.container.mount(VAR_LOG, hostPath('VarLog', 'varlog', VAR_LOG, kplus.HostPathVolumeType.DIRECTORY), { readOnly: true });
    if (docker) {
      this.container.mount(DOCKER_CONTAINERS,
        hostPath('DockerContainers', 'docker-containers', DOCKER_CONTAINERS, kplus.HostPathVolumeType.DIRECTORY), { readOnly: true });
    }
    // Created when missing only for root: a directory the kubelet creates is root's, and a non-root
    // collector could not write it, so it must exist on the nodes already.
    this.container.mount(this.stateDir, hostPath('State', 'state', this.stateDir,
      s.runAsRoot ? kplus.HostPathVolumeType.DIRECTORY_OR_CREATE : kplus.HostPathVolumeType.DIRECTORY), { readOnly: false });
    this.container.mount(agent.configDir, kplus.Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' }), { readOnly: true });
    hostMounts.forEach((m, i) => {
      this.container.mount(m.path, hostPath(`HostMount${i}`, volumeName('host', m.path, i), m.path, m.type ?? kplus.HostPathVolumeType.DIRECTORY), { readOnly: true });
    });
    agent.scratchDirs.forEach((dir, i) => {
      this.container.mount(dir, kplus.Volume.fromEmptyDir(this, `Scratch${i}`, volumeName('scratch', dir, i), { sizeLimit: Size.mebibytes(64) }));
    });
    if (s.journalUnits.length > 0) {
      // Created if missing: an empty directory in /run (a tmpfs) changes nothing for journald.
      this.container.mount(VOLATILE_JOURNAL,
        hostPath('VolatileJournal', 'volatile-journal', VOLATILE_JOURNAL, kplus.HostPathVolumeType.DIRECTORY_OR_CREATE), { readOnly: true });
    }
    if (s.mountMachineId) {
      this.mountMachineId(props.machineIdImage ?? LogCollectorDaemonSet.MACHINE_ID_IMAGE, props.imagePullPolicy);
    }
  }

  /**
   * `/etc/machine-id` without breaking on nodes that lack it: a hostPath of type File would keep the
   * pod from starting there, FileOrCreate (or no type) would create it on the node. A non-root init
   * container reads it through a read-only `/etc` mount and copies it, or an empty file when the node
   * has none, into an emptyDir; the agent mounts that file read-only and never sees the node's `/etc`.
   */
  private mountMachineId(image: string, imagePullPolicy: kplus.ImagePullPolicy | undefined) {
    const copy = kplus.Volume.fromEmptyDir(this, 'MachineId', 'machine-id', { sizeLimit: Size.mebibytes(1) });
    const init = this.daemonSet.addInitContainer({
      name: 'machine-id',
      image,
      imagePullPolicy,
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
}


/** The apps whose validation already checks the collectors' state directories. */
const STATE_DIR_CHECKED = new WeakSet<AppValidation>();

/**
 * Two collectors writing the same state directory on a node would corrupt each other's positions.
 * One pass over the app, collectors grouped by state directory.
 */
function stateDirConflicts(constructs: readonly IConstruct[]): string[] {
  const errors: string[] = [];
  const byDir = new Map<string, LogCollectorDaemonSet[]>();
  for (const collector of constructs.filter(LogCollectorDaemonSet.isLogCollectorDaemonSet)) {
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

/** Adds the state directory check to the app's validation pass, once per app. */
function addStateDirCheck(scope: IConstruct): void {
  const validation = AppValidation.of(scope);
  if (!STATE_DIR_CHECKED.has(validation)) {
    STATE_DIR_CHECKED.add(validation);
    validation.addCheck(app => stateDirConflicts(app.constructs));
  }
}

/** A volume name (DNS label) from a prefix and a path, unique by its index. */
function volumeName(prefix: string, path: string, index: number): string {
  const base = toDnsLabel(`${prefix}-${path}`);
  const suffix = `-${index}`;
  return `${base.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
}

