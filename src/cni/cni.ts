import { createHash } from 'crypto';
import { ApiObject, Duration, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CniConfig } from './config';
import { CniPrivilege } from './privilege';
import { CniRbac, CniRbacRule } from './rbac';
import { DaemonSet } from '../core/daemon-set';
import { hostPathVolume, withResourceDefaults } from '../core/private/container-defaults';
import { fail, formatError } from '../core/private/errors';
import { checkReason } from '../core/private/exemptions';
import { Relaxation } from '../core/relaxation';
import { DaemonSetUpdateStrategy } from '../core/update-strategy';
import { isZero } from '../validation/int-or-percent';
import { checkDnsLabel, toDnsLabel } from '../validation/names';

/**
 * The init container that copies the CNI plugin binaries into the node's `/opt/cni/bin`, mounted
 * writable at `/opt/cni/bin`.
 */
export interface CniBinariesOptions {
  /** The image that holds the binaries (e.g. `docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel2`). */
  readonly image: string;

  /**
   * The command that installs them, e.g. `['cp']` with `args: ['-f', '/flannel', '/opt/cni/bin/flannel']`,
   * or an installer script of the image.
   */
  readonly command: string[];

  /**
   * Arguments of the command.
   *
   * @default - none
   */
  readonly args?: string[];

  /**
   * The container name.
   *
   * @default 'install-cni-binaries'
   */
  readonly name?: string;

  /**
   * Resources of the init container.
   *
   * @default - the library's agent defaults (cpu 50m / 250m, memory 64Mi / 128Mi)
   */
  readonly resources?: kplus.ContainerResources;
}

/**
 * The init container that copies the conflist from the ConfigMap into the node's `/etc/cni/net.d`.
 */
export interface CniConfigInstallOptions {
  /**
   * An image with `cp`.
   *
   * @default - the agent image (calico, cilium and flannel images all have `cp`)
   */
  readonly image?: string;

  /**
   * The container name.
   *
   * @default 'install-cni-config'
   */
  readonly name?: string;
}

/**
 * An extra host path the agent container mounts, with the reason it needs it.
 */
export interface CniHostMount {
  /** The absolute path on the node, e.g. `/run/flannel`. */
  readonly path: string;

  /** Why the agent needs it: written into the exemption annotations. */
  readonly reason: string;

  /**
   * Where the agent sees it.
   *
   * @default - the same path as on the node
   */
  readonly mountPath?: string;

  /**
   * Mount it writable (a relaxation: the reason covers it).
   *
   * @default false
   */
  readonly writable?: boolean;

  /**
   * The hostPath type.
   *
   * @default - `DirectoryOrCreate` when writable (a state directory under /run is gone after a
   * reboot), `Directory` when read-only
   */
  readonly type?: kplus.HostPathVolumeType;

  /**
   * The volume name.
   *
   * @default - the path as a DNS label, prefixed with `host` (e.g. `host-run-flannel`)
   */
  readonly volumeName?: string;
}

/**
 * Properties of a `CniDaemonSet`.
 */
export interface CniDaemonSetProps {
  /** The agent image (e.g. `docker.io/flannel/flannel:v0.26.1`). Pin a version or a digest. */
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
   * Environment variables of the agent.
   *
   * @default - none
   */
  readonly env?: { [name: string]: kplus.EnvValue };

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
   * The init container that copies the conflist into `/etc/cni/net.d` (runs after `cniBinaries`).
   *
   * @default - `cp -f` in the agent image, as `install-cni-config`
   */
  readonly configInstall?: CniConfigInstallOptions;

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
   * How pods are replaced when the template changes: `rollingUpdate` without surge (a surge pod
   * would run a second agent on the node's network next to the old one, and bind the same host
   * ports), or `onDelete` for operators who roll nodes by hand.
   *
   * @default - `DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(1) })`,
   * sent as `maxSurge: 0, maxUnavailable: 1`: one node at a time
   */
  readonly updateStrategy?: DaemonSetUpdateStrategy;

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
   * @default - cpu 100m request / 1 limit, memory 128Mi / 512Mi (ephemeral storage: the library
   * default): a CNI agent programs every pod's network, more than a metrics agent does
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
   * The DNS policy of the pods.
   *
   * @default kplus.DnsPolicy.DEFAULT - the node's resolver: cluster DNS runs in pods that need
   * this agent first, so `ClusterFirstWithHostNet` would leave the agent without DNS while it
   * brings the network up
   */
  readonly dnsPolicy?: kplus.DnsPolicy;

  /**
   * The priority class of the pods.
   *
   * @default 'system-node-critical'
   */
  readonly priorityClassName?: string;

  /**
   * Node labels the pods require, merged over the library default (`kubernetes.io/os: linux`).
   *
   * @default - Linux nodes
   */
  readonly nodeSelector?: { [key: string]: string };
}

/** Defaults of the CNI agent, in one place. */
const CNI_DEFAULTS = {
  namespace: 'kube-system',
  containerName: 'cni-agent',
  binariesName: 'install-cni-binaries',
  configInstallName: 'install-cni-config',
  configMountPath: '/etc/cni-config',
  conflistKey: 'cni-conf.json',
  terminationGracePeriod: Duration.seconds(10),
  cpu: [kplus.Cpu.millis(100), kplus.Cpu.units(1)] as [kplus.Cpu, kplus.Cpu],
  memory: [Size.mebibytes(128), Size.mebibytes(512)] as [Size, Size],
};

const CNI_BIN_DIR = '/opt/cni/bin';
const CNI_NET_DIR = '/etc/cni/net.d';
const LIB_MODULES = '/lib/modules';
const XTABLES_LOCK = '/run/xtables.lock';
const BPF_FS = '/sys/fs/bpf';
const BUILT_IN_PATHS = [CNI_BIN_DIR, CNI_NET_DIR, LIB_MODULES, XTABLES_LOCK, BPF_FS];
const KNOWN_CAPABILITIES = new Set<string>(Object.values(kplus.Capability).filter(c => c !== kplus.Capability.ALL));

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

  /** The agent's ClusterRole, unless `clusterRoleRules` is empty. */
  public readonly clusterRole?: kplus.ClusterRole;

  /** The binding of `clusterRole` to `serviceAccount`. */
  public readonly clusterRoleBinding?: kplus.ClusterRoleBinding;

  /** The namespace of the namespaced objects. */
  public readonly namespace: string;

  /** The name of the DaemonSet, ServiceAccount and ClusterRole. */
  public readonly name: string;

  /** The conflist's file name in `/etc/cni/net.d`. */
  public readonly conflistFileName: string;

  /** The conflist, as written to the node. */
  public readonly conflistJson: string;

  /** The privilege of the agent container. */
  public readonly privilege: CniPrivilege;

  /** How long a stopping agent may take. */
  public readonly terminationGracePeriod: Duration;

  private readonly wildcardRbacReason?: string;

  constructor(scope: Construct, id: string, props: CniDaemonSetProps) {
    super(scope, id);

    this.name = props.name ?? toDnsLabel(id);
    this.namespace = props.namespace ?? CNI_DEFAULTS.namespace;
    this.privilege = props.privilege ?? CniPrivilege.capabilities(CniPrivilege.DEFAULT_CAPABILITIES, CniPrivilege.DEFAULT_REASON);
    this.terminationGracePeriod = props.terminationGracePeriod ?? CNI_DEFAULTS.terminationGracePeriod;
    this.wildcardRbacReason = props.wildcardRbacReason;
    const containerName = props.containerName ?? CNI_DEFAULTS.containerName;
    const configMountPath = trimSlash(props.configMountPath ?? CNI_DEFAULTS.configMountPath);
    const rules = props.clusterRoleRules ?? CniRbac.readNodesPodsNamespaces();

    // -- checks of the props, before anything is built
    this.checkName('name', this.name);
    this.checkName('namespace', this.namespace);
    const capabilities = this.checkPrivilege(this.privilege);
    if (props.mountBpf && !this.privilege.isPrivileged) {
      fail(this, {
        prop: 'mountBpf',
        problem: 'needs a privileged agent: /sys/fs/bpf is mounted with Bidirectional propagation, which the API server only allows in a privileged container',
        received: { mountBpf: true, privilege: `capabilities ${capabilities.join(',')}` },
        allowed: 'mountBpf with privilege: CniPrivilege.privileged(reason)',
        fix: 'set privilege: CniPrivilege.privileged(\'<why>\'), or remove mountBpf',
      });
    }
    this.checkReason('writableRootFilesystem', props.writableRootFilesystem);
    const strategy = this.checkStrategy(props.updateStrategy);
    this.checkRules(rules, this.wildcardRbacReason);
    const parsed = this.checkConflist(props.conflist);
    this.conflistJson = JSON.stringify(parsed, undefined, 2) + '\n';
    this.conflistFileName = props.conflistFileName ?? `10-${parsed.name}.conflist`;
    this.checkConflistFileName(this.conflistFileName);
    this.checkConfigData(props.configData ?? {});
    if (!configMountPath.startsWith('/') || configMountPath === '/' || [CNI_BIN_DIR, CNI_NET_DIR].includes(configMountPath)) {
      fail(this, {
        prop: 'configMountPath',
        problem: 'is not an absolute path of its own',
        received: props.configMountPath,
        allowed: 'an absolute path other than /, /opt/cni/bin and /etc/cni/net.d, e.g. /etc/kube-flannel',
        fix: 'choose another path, or leave configMountPath unset for /etc/cni-config',
      });
    }
    if (props.cniBinaries && (!Array.isArray(props.cniBinaries.command) || props.cniBinaries.command.length === 0)) {
      fail(this, {
        prop: 'cniBinaries.command',
        problem: 'is empty',
        received: props.cniBinaries.command,
        allowed: 'the command that copies the plugin binaries into /opt/cni/bin',
        fix: 'give the command, e.g. command: [\'cp\'], args: [\'-f\', \'/flannel\', \'/opt/cni/bin/flannel\']',
      });
    }
    const hostMounts = this.checkHostMounts(props.hostMounts ?? []);

    // -- the objects
    this.configMap = new kplus.ConfigMap(this, 'ConfigMap', {
      metadata: { name: `${this.name}-cfg`, namespace: this.namespace },
      data: { [CNI_DEFAULTS.conflistKey]: this.conflistJson, ...props.configData },
    });
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace },
    });
    if (rules.length > 0) {
      this.clusterRole = new kplus.ClusterRole(this, 'ClusterRole', { metadata: { name: this.name } });
      for (const rule of rules) {
        const endpoints = (rule.apiGroups ?? ['']).flatMap(apiGroup => rule.resources.map(resourceType => kplus.ApiResource.custom({ apiGroup, resourceType })));
        this.clusterRole.allow([...rule.verbs], ...endpoints);
      }
      this.clusterRoleBinding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { name: this.name },
        role: this.clusterRole,
      });
      this.clusterRoleBinding.addSubjects(this.serviceAccount);
      if (this.wildcardRbacReason) {
        const reason = `wildcard RBAC: ${this.wildcardRbacReason.trim()}`;
        this.clusterRole.metadata.addAnnotation('ignore-check.kube-linter.io/wildcard-in-rules', reason);
        this.clusterRole.metadata.addAnnotation('checkov.io/skip1', `CKV_K8S_49=${reason}`);
      }
    }

    const relaxations: Relaxation[] = [
      Relaxation.hostNetwork('a CNI agent configures the node\'s own network namespace (interfaces, routes, iptables) and must run before any pod network exists'),
      Relaxation.writableHostPath(CNI_NET_DIR, 'the CNI network configuration is installed here for the container runtime'),
      Relaxation.serviceAccountToken('the agent reads nodes, pods and namespaces from the Kubernetes API to program the node network'),
    ];
    this.daemonSet = new DaemonSet(this, 'DaemonSet', {
      metadata: { name: this.name, namespace: this.namespace },
      appName: this.name,
      hostNetwork: true,
      dns: { policy: props.dnsPolicy ?? kplus.DnsPolicy.DEFAULT },
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: true,
      terminationGracePeriod: this.terminationGracePeriod,
      updateStrategy: strategy,
      priorityClassName: props.priorityClassName,
      nodeSelector: props.nodeSelector,
      // The toleration of every taint below covers the control plane.
      tolerateControlPlane: false,
    });
    // Every taint, every effect: the agent must run on not-ready nodes to make them ready, and must
    // not be evicted by NoExecute taints of nodes it is repairing.
    this.daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));

    const configVolume = kplus.Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'cni-config' });
    const netDirVolume = hostPathVolume(this, 'cni-net-dir', CNI_NET_DIR, kplus.HostPathVolumeType.DIRECTORY_OR_CREATE);

    // 1. the plugin binaries, first: the runtime must never see a conflist whose plugin is missing.
    if (props.cniBinaries) {
      const name = props.cniBinaries.name ?? CNI_DEFAULTS.binariesName;
      this.binariesInstaller = this.daemonSet.addInitContainer({
        name,
        image: props.cniBinaries.image,
        command: props.cniBinaries.command,
        args: props.cniBinaries.args,
        resources: props.cniBinaries.resources,
        securityContext: rootContext(),
      });
      this.binariesInstaller.mount(CNI_BIN_DIR, hostPathVolume(this, 'cni-bin-dir', CNI_BIN_DIR, kplus.HostPathVolumeType.DIRECTORY_OR_CREATE), { readOnly: false });
      relaxations.push(
        Relaxation.writableHostPath(CNI_BIN_DIR, 'the CNI plugin binaries are installed here for the container runtime'),
        Relaxation.runAsRoot(name, 'writes the plugin binaries into /opt/cni/bin, which root owns on the node'),
      );
    }

    // 2. the conflist.
    const installName = props.configInstall?.name ?? CNI_DEFAULTS.configInstallName;
    this.configInstaller = this.daemonSet.addInitContainer({
      name: installName,
      image: props.configInstall?.image ?? props.image,
      command: ['cp'],
      args: ['-f', `${configMountPath}/${CNI_DEFAULTS.conflistKey}`, `${CNI_NET_DIR}/${this.conflistFileName}`],
      securityContext: rootContext(),
    });
    this.configInstaller.mount(CNI_NET_DIR, netDirVolume, { readOnly: false });
    this.configInstaller.mount(configMountPath, configVolume, { readOnly: true });
    relaxations.push(Relaxation.runAsRoot(installName, 'writes the conflist into /etc/cni/net.d, which root owns on the node'));

    // 3. the agent.
    const privileged = this.privilege.isPrivileged;
    const escalation = !privileged && capabilities.includes('SYS_ADMIN');
    this.agent = this.daemonSet.addContainer({
      name: containerName,
      image: props.image,
      command: props.command,
      args: props.args,
      envVariables: props.env,
      resources: withResourceDefaults(props.resources, { cpu: CNI_DEFAULTS.cpu, memory: CNI_DEFAULTS.memory }),
      liveness: props.liveness,
      readiness: props.readiness,
      startup: props.startup,
      securityContext: {
        ...rootContext(),
        privileged,
        allowPrivilegeEscalation: privileged || escalation ? true : undefined,
        readOnlyRootFilesystem: props.writableRootFilesystem === undefined,
        capabilities: privileged ? undefined : { add: capabilities as kplus.Capability[] },
      },
    });
    this.agent.mount(configMountPath, configVolume, { readOnly: true });
    relaxations.push(Relaxation.runAsRoot(containerName, 'changes the node network: added capabilities only take effect for uid 0, and the node files it writes are root-owned'));
    if (privileged) {
      relaxations.push(Relaxation.privileged(containerName, this.privilege.reason));
    } else {
      relaxations.push(Relaxation.capabilities(containerName, capabilities, this.privilege.reason));
      if (escalation) {
        relaxations.push(Relaxation.privilegeEscalation(containerName, 'the API server requires allowPrivilegeEscalation with SYS_ADMIN'));
      }
    }
    if (props.writableRootFilesystem !== undefined) {
      relaxations.push(Relaxation.writableRootFilesystem(containerName, props.writableRootFilesystem));
    }
    if (props.mountLibModules ?? true) {
      this.agent.mount(LIB_MODULES, hostPathVolume(this, 'lib-modules', LIB_MODULES, kplus.HostPathVolumeType.DIRECTORY), { readOnly: true });
      relaxations.push(Relaxation.hostPath(LIB_MODULES, 'loads the kernel modules the datapath needs (vxlan, ipip, wireguard, ip_tables)'));
    }
    if (props.mountXtablesLock ?? true) {
      this.agent.mount(XTABLES_LOCK, hostPathVolume(this, 'xtables-lock', XTABLES_LOCK, kplus.HostPathVolumeType.FILE_OR_CREATE), { readOnly: false });
      relaxations.push(Relaxation.writableHostPath(XTABLES_LOCK, 'iptables takes this lock, shared with kube-proxy, before changing rules'));
    }
    if (props.mountBpf) {
      this.agent.mount(BPF_FS, hostPathVolume(this, 'bpf-maps', BPF_FS, kplus.HostPathVolumeType.DIRECTORY_OR_CREATE),
        { readOnly: false, propagation: kplus.MountPropagation.BIDIRECTIONAL });
      relaxations.push(Relaxation.writableHostPath(BPF_FS, 'pins eBPF maps on the node so the datapath survives agent restarts (Bidirectional propagation)'));
    }
    for (const mount of hostMounts) {
      const hostVolume = hostPathVolume(this, mount.volumeName!, mount.path, mount.type!);
      this.agent.mount(mount.mountPath ?? mount.path, hostVolume, { readOnly: !mount.writable });
      relaxations.push(mount.writable ? Relaxation.writableHostPath(mount.path, mount.reason) : Relaxation.hostPath(mount.path, mount.reason));
    }
    for (const relaxation of relaxations) {
      this.daemonSet.addRelaxation(relaxation);
    }

    // A changed conflist or configData changes the pod template, so the update strategy rolls it out.
    this.daemonSet.podMetadata.addAnnotation(CniDaemonSet.CONFIG_CHECKSUM_ANNOTATION, Lazy.any({
      produce: () => createHash('sha256').update(JSON.stringify(this.configMap.data)).digest('hex'),
    }));

    this.node.addValidation({ validate: () => this.validateRbac() });
  }

  private checkName(prop: string, value: string) {
    const problem = checkDnsLabel(value);
    if (problem) {
      fail(this, { prop, problem: 'is not a valid name', received: value, allowed: problem, fix: `set ${prop} to a valid name` });
    }
  }

  private checkReason(prop: string, reason: string | undefined) {
    if (reason !== undefined) {
      checkReason(this, prop, reason);
    }
  }

  /** The capabilities to add, normalized (no `CAP_` prefix, no duplicates). */
  private checkPrivilege(privilege: CniPrivilege): string[] {
    this.checkReason('privilege', privilege.reason ?? '');
    if (privilege.isPrivileged) {
      return [];
    }
    const capabilities = [...new Set(privilege.addedCapabilities.map(c => String(c).replace(/^CAP_/, '')))];
    if (capabilities.length === 0) {
      fail(this, {
        prop: 'privilege',
        problem: 'adds an empty list of capabilities',
        received: privilege.addedCapabilities,
        allowed: 'the capabilities the agent needs, e.g. [\'NET_ADMIN\', \'NET_RAW\']',
        fix: 'name the capabilities, or leave privilege unset for the default NET_ADMIN and NET_RAW',
      });
    }
    if (capabilities.includes('ALL')) {
      fail(this, {
        prop: 'privilege',
        problem: 'adds ALL capabilities, which is privileged in all but name',
        received: privilege.addedCapabilities,
        allowed: 'named capabilities, or an explicit privileged container',
        fix: 'name the capabilities the agent needs, or use CniPrivilege.privileged(\'<why>\')',
      });
    }
    const unknown = capabilities.filter(c => !KNOWN_CAPABILITIES.has(c));
    if (unknown.length > 0) {
      fail(this, {
        prop: 'privilege',
        problem: `adds unknown capabilities: ${unknown.join(', ')}`,
        received: privilege.addedCapabilities,
        allowed: 'Linux capability names in upper case, with or without CAP_ (see kplus.Capability), e.g. NET_ADMIN, NET_RAW, SYS_ADMIN, BPF',
        fix: 'correct the names',
      });
    }
    return capabilities;
  }

  /** The strategy to send: no surge, one node at a time by default. */
  private checkStrategy(requested: DaemonSetUpdateStrategy | undefined): DaemonSetUpdateStrategy {
    if (requested?.type === 'OnDelete') {
      return requested;
    }
    const surge = requested?.maxSurge?.value;
    if (surge !== undefined && !isZero(surge)) {
      fail(this, {
        prop: 'updateStrategy.maxSurge',
        problem: 'cannot be used by a CNI agent: a surge pod would run a second agent on the node\'s network (host network) next to the old one, both rewriting routes, iptables and the CNI configuration, and bind the same host ports',
        received: surge,
        allowed: 'no surge: maxUnavailable >= 1, or OnDelete',
        fix: 'use DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(1) }), or DaemonSetUpdateStrategy.onDelete()',
      });
    }
    const unavailable = requested?.maxUnavailable;
    if (unavailable !== undefined && isZero(unavailable.value)) {
      fail(this, {
        prop: 'updateStrategy.maxUnavailable',
        problem: 'cannot be 0 for a CNI agent: without a surge the rollout could never replace a pod',
        received: unavailable.value,
        allowed: 'maxUnavailable >= 1 (or a percentage above 0%)',
        fix: 'use maxUnavailable: PercentOrAbsolute.absolute(1), or DaemonSetUpdateStrategy.onDelete()',
      });
    }
    return DaemonSetUpdateStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.absolute(0),
      maxUnavailable: unavailable ?? kplus.PercentOrAbsolute.absolute(1),
    });
  }

  private checkRules(rules: CniRbacRule[], wildcardReason: string | undefined) {
    this.checkReason('wildcardRbacReason', wildcardReason);
    rules.forEach((rule, i) => {
      for (const field of ['resources', 'verbs'] as const) {
        const values = rule[field];
        if (!Array.isArray(values) || values.length === 0 || values.some(v => typeof v !== 'string' || v.trim() === '')) {
          fail(this, {
            prop: `clusterRoleRules[${i}].${field}`,
            problem: 'is empty',
            received: values,
            allowed: `a non-empty list of ${field}`,
            fix: `name the ${field} the agent needs`,
          });
        }
      }
      const apiGroups = rule.apiGroups ?? [''];
      if (!Array.isArray(apiGroups) || apiGroups.length === 0) {
        fail(this, {
          prop: `clusterRoleRules[${i}].apiGroups`,
          problem: 'is empty',
          received: apiGroups,
          allowed: 'the API groups of the resources (\'\' for the core group); leave it unset for the core group',
          fix: 'name the API groups, or remove apiGroups',
        });
      }
      if (wildcardReason === undefined && hasWildcard({ ...rule, apiGroups })) {
        fail(this, {
          prop: `clusterRoleRules[${i}]`,
          problem: 'uses a wildcard (*): it grants every current and future resource, group or verb',
          received: { apiGroups, resources: rule.resources, verbs: rule.verbs },
          allowed: 'named API groups, resources and verbs; a wildcard only with wildcardRbacReason',
          fix: 'name what the agent needs (see CniRbac.readNodesPodsNamespaces()), or give wildcardRbacReason: \'<why>\'',
        });
      }
    });
  }

  private checkConflist(config: CniConfig): any {
    const parsed = config instanceof CniConfig ? config._parse() : { problem: 'is not a CniConfig', allowed: 'CniConfig.fromConflist({...}) or CniConfig.fromJson(json)' };
    if (parsed.problem) {
      fail(this, {
        prop: 'conflist',
        problem: parsed.problem,
        allowed: parsed.allowed,
        fix: 'pass CniConfig.fromConflist({ name, cniVersion, plugins: [{ type, ... }] }) or the JSON of a .conflist file to CniConfig.fromJson()',
      });
    }
    return parsed.conflist;
  }

  private checkConflistFileName(fileName: string) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*\.conflist$/.test(fileName)) {
      fail(this, {
        prop: 'conflistFileName',
        problem: 'is not a .conflist file name',
        received: fileName,
        allowed: 'a file name without \'/\' ending in .conflist (the runtime reads a configuration list only from a .conflist file)',
        fix: 'use a name such as \'10-flannel.conflist\'',
      });
    }
  }

  private checkConfigData(data: { [key: string]: string }) {
    for (const key of Object.keys(data)) {
      if (key === CNI_DEFAULTS.conflistKey) {
        fail(this, {
          prop: `configData.${key}`,
          problem: 'would replace the conflist',
          received: key,
          allowed: `keys other than '${CNI_DEFAULTS.conflistKey}'`,
          fix: 'pass the network configuration as conflist, and use another key for the agent\'s own configuration',
        });
      }
      if (!/^[-._a-zA-Z0-9]+$/.test(key) || key.length > 253) {
        fail(this, {
          prop: 'configData',
          problem: 'has an invalid key',
          received: key,
          allowed: 'ConfigMap keys: letters, digits, \'-\', \'_\' and \'.\'',
          fix: 'rename the key',
        });
      }
    }
  }

  /** The host mounts with their defaults resolved. */
  private checkHostMounts(mounts: CniHostMount[]): CniHostMount[] {
    const seen = new Set<string>(BUILT_IN_PATHS);
    const names = new Set<string>(['cni-bin-dir', 'cni-net-dir', 'lib-modules', 'xtables-lock', 'bpf-maps', 'cni-config']);
    return mounts.map((mount, i) => {
      const prop = `hostMounts[${i}]`;
      if (typeof mount.path !== 'string' || !mount.path.startsWith('/') || mount.path.split('/').includes('..')) {
        fail(this, { prop: `${prop}.path`, problem: 'is not an absolute path without \'..\'', received: mount.path, allowed: 'an absolute path such as /run/flannel', fix: 'give the full path on the node' });
      }
      const path = mount.path.length > 1 ? trimSlash(mount.path) : mount.path;
      if (seen.has(path)) {
        const builtIn = BUILT_IN_PATHS.includes(path);
        fail(this, {
          prop: `${prop}.path`,
          problem: builtIn ? 'is mounted by the construct already' : 'is mounted twice',
          received: path,
          allowed: builtIn ? 'paths other than /opt/cni/bin, /etc/cni/net.d, /lib/modules, /run/xtables.lock and /sys/fs/bpf' : 'each host path once',
          fix: builtIn ? 'use cniBinaries, mountLibModules, mountXtablesLock or mountBpf for it' : 'remove the duplicate',
        });
      }
      seen.add(path);
      this.checkReason(`${prop}.reason`, mount.reason ?? '');
      const volumeName = mount.volumeName ?? toDnsLabel(`host${path}`);
      const problem = checkDnsLabel(volumeName);
      if (problem || names.has(volumeName)) {
        fail(this, { prop: `${prop}.volumeName`, problem: problem ? 'is not a valid volume name' : 'is used by another volume', received: volumeName, allowed: problem ?? 'a name no other volume of the pod has', fix: 'set volumeName' });
      }
      names.add(volumeName);
      const writable = mount.writable ?? false;
      return {
        ...mount,
        path,
        writable,
        volumeName,
        type: mount.type ?? (writable ? kplus.HostPathVolumeType.DIRECTORY_OR_CREATE : kplus.HostPathVolumeType.DIRECTORY),
      };
    });
  }

  /** Wildcards in the final ClusterRole (rules added with `clusterRole.allow()` included). */
  private validateRbac(): string[] {
    if (!this.clusterRole) {
      return [];
    }
    const rules: any[] = ApiObject.of(this.clusterRole).toJson().rules ?? [];
    const wildcard = rules.find(hasWildcard);
    if (wildcard && this.wildcardRbacReason === undefined) {
      return [formatError(this, {
        prop: 'clusterRole.rules',
        problem: 'uses a wildcard (*): it grants every current and future resource, group or verb',
        received: wildcard,
        allowed: 'named API groups, resources and verbs; a wildcard only with wildcardRbacReason',
        fix: 'name what the agent needs, or give wildcardRbacReason: \'<why>\'',
      })];
    }
    if (!wildcard && this.wildcardRbacReason !== undefined) {
      return [formatError(this, {
        prop: 'wildcardRbacReason',
        problem: 'is given, but no rule of the ClusterRole uses a wildcard',
        received: this.wildcardRbacReason,
        allowed: 'wildcardRbacReason only with a wildcard rule',
        fix: 'remove wildcardRbacReason, so the exemption annotations stay honest',
      })];
    }
    return [];
  }
}

function hasWildcard(rule: { apiGroups?: string[]; resources?: string[]; verbs?: string[] }): boolean {
  return [...rule.apiGroups ?? [], ...rule.resources ?? [], ...rule.verbs ?? []].some(v => v.includes('*'));
}

/** Root, no capability, read-only root filesystem: the init containers, and the base of the agent's. */
function rootContext(): kplus.ContainerSecurityContextProps {
  return { ensureNonRoot: false, user: 0, group: 0, readOnlyRootFilesystem: true };
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}
