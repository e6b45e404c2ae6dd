import { createHash } from 'crypto';
import { ApiObject, Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CniBinariesOptions } from './binaries-options';
import { CniPaths } from './paths';
import { agentContainer, binariesInstallerContainer, configInstallerContainer } from './private/containers';
import { BPF_FS, CNI_BIN_DIR, CNI_DEFAULTS, CNI_NET_DIR, LIB_MODULES, XTABLES_LOCK } from './private/defaults';
import { cniRelaxations } from './private/relaxations';
import { CniSettings, resolveSettings } from './private/settings';
import { validateRbac } from './private/wildcards';
import { CniPrivilege } from './privilege';
import { CniDaemonSetProps } from './props';
import { CniRbacRule } from './rbac';
import { DaemonSet } from '../core/daemon-set';
import { MonitorOptions } from '../core/monitor-options';
import { agentDaemonSetProps, applyPodOptions } from '../core/private/agent-options';
import { hostPathVolume } from '../core/private/container-defaults';
import { createPodMonitor, createServiceMonitor, MonitorTarget } from '../core/private/monitors';

/**
 * A CNI plugin agent (calico-node, cilium agent, kube-flannel style) on every node, built on the
 * library's `DaemonSet`: host network, `kube-system`, `system-node-critical`, tolerates every taint
 * (it must run on not-ready nodes to make them ready), installs the plugin binaries and the
 * conflist onto the node with init containers, updates one node at a time without surge, and has
 * a ServiceAccount with a token and a ClusterRole of declared rules.
 *
 * Every relaxation it needs (host network, root, capabilities or privileged, the writable CNI
 * directories and xtables lock, read-only /lib/modules) is declared with its reason, so the
 * manifest carries the policy checkers' exemption annotations. The cdk8s-plus API stays
 * reachable through `daemonSet`, `agent`, `configMap`, `serviceAccount` and `clusterRole`.
 */
export class CniDaemonSet extends Construct {
  /** The namespace used when none is given. */
  public static readonly DEFAULT_NAMESPACE = CNI_DEFAULTS.namespace;

  /**
   * The pod template annotation holding a checksum of the ConfigMap's data: a changed conflist or
   * `configData` changes the pod template, so the update strategy rolls it out.
   */
  public static readonly CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

  /** The DaemonSet. */
  public readonly daemonSet: DaemonSet;

  /** The agent container. */
  public readonly agent: kplus.Container;

  /** The init container that installs the plugin binaries, if any. */
  public readonly binariesInstaller?: kplus.Container;

  /** The init container that installs the conflist. */
  public readonly configInstaller: kplus.Container;

  /** The ConfigMap holding the conflist (`cni-conf.json`) and `configData`. */
  public readonly configMap: kplus.ConfigMap;

  /** The agent's ServiceAccount (its token is mounted in the pods). */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** The headless Service in front of the agents' metrics, with `metricsPort`. */
  public readonly metricsService?: kplus.Service;

  /** The ServiceMonitor, with `serviceMonitor`. */
  public readonly serviceMonitor?: ApiObject;

  /** The PodMonitor, with `podMonitor`. */
  public readonly podMonitor?: ApiObject;

  /** The agent's ClusterRole, unless `clusterRoleRules` is empty. */
  public readonly clusterRole?: kplus.ClusterRole;

  /** The binding of `clusterRole` to `serviceAccount`. */
  public readonly clusterRoleBinding?: kplus.ClusterRoleBinding;

  /** The namespace of the namespaced objects. */
  public readonly namespace: string;

  /** The name of the DaemonSet, ServiceAccount and ClusterRole. */
  public readonly name: string;

  /** The conflist's file name in the node's configuration directory. */
  public readonly conflistFileName: string;

  /** The node's CNI directories. */
  public readonly cniPaths: CniPaths;

  /** The conflist, as written to the node. */
  public readonly conflistJson: string;

  /** The privilege of the agent container. */
  public readonly privilege: CniPrivilege;

  /** How long a stopping agent may take. */
  public readonly terminationGracePeriod: Duration;

  private readonly wildcardRbacReason?: string;

  constructor(scope: Construct, id: string, props: CniDaemonSetProps) {
    super(scope, id);

    // The defaults, and the checks of the props, before anything is built.
    const settings = resolveSettings(this, id, props);
    this.name = settings.name;
    this.namespace = settings.namespace;
    this.privilege = settings.privilege;
    this.terminationGracePeriod = settings.terminationGracePeriod;
    this.wildcardRbacReason = settings.wildcardRbacReason;
    this.conflistJson = settings.conflistJson;
    this.conflistFileName = settings.conflistFileName;
    this.cniPaths = settings.paths;

    // The configuration and the agent's identity in the API.
    this.configMap = new kplus.ConfigMap(this, 'ConfigMap', {
      metadata: { name: `${this.name}-cfg`, namespace: this.namespace },
      data: { [CNI_DEFAULTS.conflistKey]: this.conflistJson, ...props.configData },
    });
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace },
    });
    const rbac = settings.clusterRoleRules.length > 0 ? this.createClusterRole(settings.clusterRoleRules) : undefined;
    this.clusterRole = rbac?.clusterRole;
    this.clusterRoleBinding = rbac?.clusterRoleBinding;

    // The pods: the plugin binaries first (the runtime must never see a conflist whose plugin is
    // missing), then the conflist, then the agent.
    this.daemonSet = this.createDaemonSet(settings, props);
    const configVolume = kplus.Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'cni-config' });
    const netDirVolume = hostPathVolume(this, 'cni-net-dir', settings.paths.confDir, kplus.HostPathVolumeType.DIRECTORY_OR_CREATE);
    this.binariesInstaller = props.cniBinaries ? this.addBinariesInstaller(settings, props.cniBinaries) : undefined;
    this.configInstaller = this.daemonSet.addInitContainer(configInstallerContainer(settings, props));
    this.configInstaller.mount(CNI_NET_DIR, netDirVolume, { readOnly: false });
    this.configInstaller.mount(settings.configMountPath, configVolume, { readOnly: true });
    this.agent = this.addAgent(settings, props, configVolume);
    if (settings.removeOnShutdown) {
      // The agent's preStop hook removes the conflist.
      this.agent.mount(CNI_NET_DIR, netDirVolume, { readOnly: false });
    }

    // A changed conflist or configData changes the pod template, so the update strategy rolls it out.
    this.daemonSet.podMetadata.addAnnotation(CniDaemonSet.CONFIG_CHECKSUM_ANNOTATION, Lazy.any({
      produce: () => createHash('sha256').update(JSON.stringify(this.configMap.data)).digest('hex'),
    }));
    this.node.addValidation({ validate: () => validateRbac(this, this.clusterRole, this.wildcardRbacReason) });

    // SELinux and AppArmor for the agent, and its metrics.
    if (props.seLinuxOptions) {
      this.daemonSet._addContainerSecurity(settings.containerName, { seLinuxOptions: { ...props.seLinuxOptions } });
    }
    if (props.appArmorProfile) {
      this.daemonSet.podMetadata.addAnnotation(`container.apparmor.security.beta.kubernetes.io/${settings.containerName}`, props.appArmorProfile.value);
    }
    if (settings.metricsPort !== undefined) {
      const target = (options: MonitorOptions, port: string): MonitorTarget => ({
        name: this.name, namespace: this.namespace, selectorLabels: this.daemonSet.selectorLabels, port, path: props.metricsPath ?? '/metrics', options,
      });
      this.metricsService = this.createMetricsService(settings.metricsPort, props.metricsPath ?? '/metrics');
      this.serviceMonitor = props.serviceMonitor ? createServiceMonitor(this, target(props.serviceMonitor, 'metrics')) : undefined;
      this.podMonitor = props.podMonitor ? createPodMonitor(this, target(props.podMonitor, 'metrics')) : undefined;
    }
  }

  /** A headless Service selecting the agents' pods by the stable labels, with the scrape annotations. */
  private createMetricsService(port: number, metricsPath: string): kplus.Service {
    const service = new kplus.Service(this, 'MetricsService', {
      metadata: {
        name: `${this.name}-metrics`,
        namespace: this.namespace,
        labels: { ...this.daemonSet.selectorLabels },
        annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': metricsPath },
      },
      clusterIP: 'None',
      ports: [{ name: 'metrics', port, targetPort: port }],
    });
    for (const [key, value] of Object.entries(this.daemonSet.selectorLabels)) {
      service.selectLabel(key, value);
    }
    return service;
  }

  /** The agent's ClusterRole of the declared rules, bound to its ServiceAccount. */
  private createClusterRole(rules: CniRbacRule[]) {
    const clusterRole = new kplus.ClusterRole(this, 'ClusterRole', { metadata: { name: this.name } });
    for (const rule of rules) {
      const endpoints = (rule.apiGroups ?? ['']).flatMap(apiGroup => rule.resources.map(resourceType => kplus.ApiResource.custom({ apiGroup, resourceType })));
      clusterRole.allow([...rule.verbs], ...endpoints);
    }
    const clusterRoleBinding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: this.name },
      role: clusterRole,
    });
    clusterRoleBinding.addSubjects(this.serviceAccount);
    if (this.wildcardRbacReason) {
      const reason = `wildcard RBAC: ${this.wildcardRbacReason.trim()}`;
      clusterRole.metadata.addAnnotation('ignore-check.kube-linter.io/wildcard-in-rules', reason);
      clusterRole.metadata.addAnnotation('checkov.io/skip1', `CKV_K8S_49=${reason}`);
    }
    return { clusterRole, clusterRoleBinding };
  }

  /** The DaemonSet in the node's network, tolerating every taint. */
  private createDaemonSet(s: CniSettings, props: CniDaemonSetProps): DaemonSet {
    const daemonSet = new DaemonSet(this, 'DaemonSet', {
      // What the agent needs of the node, each with its reason, then the user's own relaxations.
      ...agentDaemonSetProps(props, cniRelaxations(s, props)),
      metadata: { name: this.name, namespace: this.namespace },
      appName: this.name,
      hostNetwork: true,
      dns: { policy: props.dnsPolicy ?? kplus.DnsPolicy.DEFAULT },
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: true,
      terminationGracePeriod: this.terminationGracePeriod,
      updateStrategy: s.updateStrategy,
      // The toleration of every taint below covers the control plane.
      tolerateControlPlane: false,
    });
    // Every taint, every effect: the agent must run on not-ready nodes to make them ready, and must
    // not be evicted by NoExecute taints of nodes it is repairing.
    daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
    applyPodOptions(daemonSet, props, [], [CniDaemonSet.CONFIG_CHECKSUM_ANNOTATION]);
    return daemonSet;
  }

  /** The init container that installs the plugin binaries, with /opt/cni/bin writable. */
  private addBinariesInstaller(s: CniSettings, binaries: CniBinariesOptions): kplus.Container {
    const installer = this.daemonSet.addInitContainer(binariesInstallerContainer(s, binaries));
    installer.mount(CNI_BIN_DIR, hostPathVolume(this, 'cni-bin-dir', s.paths.binDir, kplus.HostPathVolumeType.DIRECTORY_OR_CREATE), { readOnly: false });
    return installer;
  }

  /** The agent container with its mounts: the ConfigMap, /lib/modules, the xtables lock, BPF and `hostMounts`. */
  private addAgent(s: CniSettings, props: CniDaemonSetProps, configVolume: kplus.Volume): kplus.Container {
    const agent = this.daemonSet.addContainer(agentContainer(this, s, props));
    agent.mount(s.configMountPath, configVolume, { readOnly: true });
    if (props.mountLibModules ?? true) {
      agent.mount(LIB_MODULES, hostPathVolume(this, 'lib-modules', LIB_MODULES, kplus.HostPathVolumeType.DIRECTORY), { readOnly: true });
    }
    if (props.mountXtablesLock ?? true) {
      agent.mount(XTABLES_LOCK, hostPathVolume(this, 'xtables-lock', XTABLES_LOCK, kplus.HostPathVolumeType.FILE_OR_CREATE), { readOnly: false });
    }
    if (props.mountBpf) {
      agent.mount(BPF_FS, hostPathVolume(this, 'bpf-maps', BPF_FS, kplus.HostPathVolumeType.DIRECTORY_OR_CREATE),
        { readOnly: false, propagation: kplus.MountPropagation.BIDIRECTIONAL });
    }
    for (const mount of s.hostMounts) {
      const hostVolume = hostPathVolume(this, mount.volumeName!, mount.path, mount.type!);
      agent.mount(mount.mountPath ?? mount.path, hostVolume, { readOnly: !mount.writable });
    }
    return agent;
  }
}
