import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SecurityAgentDriver } from './driver';
import { HOST_ROOT, HostDirectory, SA_DEFAULTS } from './private/defaults';
import { securityAgentRelaxations } from './private/relaxations';
import { resolveSettings, SecurityAgentSettings } from './private/settings';
import { SecurityAgentDaemonSetProps } from './props';
import { DaemonSet } from '../core/daemon-set';
import { agentDaemonSetProps, agentEnv, applyPodOptions } from '../core/private/agent-options';
import { hostPathVolume, noLimitsOf, withResourceDefaults } from '../core/private/container-defaults';

/**
 * A runtime security agent (Falco by default, or any Falco-style agent) on every node, built on
 * the library's `DaemonSet`:
 *
 * - the node's PID namespace, and its `/proc`, `/etc`, `/boot`, `/lib/modules` and `/usr/src`
 *   read-only below `/host`;
 * - the modern eBPF probe with exactly `BPF`, `PERFMON`, `SYS_RESOURCE` and `SYS_PTRACE` (plus
 *   `/sys/kernel` read-only), or the kernel module, loaded by a privileged init container, with a
 *   privileged agent reading `/dev`;
 * - every taint tolerated, `system-node-critical`, one node at a time, probes on the agent's
 *   health endpoint, Falco's resources, a ServiceAccount without a token.
 *
 * Every relaxation is declared with its reason. The cdk8s-plus API stays reachable through
 * `daemonSet`, `container`, `loader` and `serviceAccount`.
 */
export class SecurityAgentDaemonSet extends Construct {
  /** The agent image used when none is given. */
  public static readonly DEFAULT_IMAGE = SA_DEFAULTS.image;

  /** The kernel module loader image used when none is given. */
  public static readonly DEFAULT_LOADER_IMAGE = SA_DEFAULTS.loaderImage;

  /** The namespace used when none is given. */
  public static readonly DEFAULT_NAMESPACE = SA_DEFAULTS.namespace;

  /** The DaemonSet. */
  public readonly daemonSet: DaemonSet;

  /** The agent container. */
  public readonly container: kplus.Container;

  /** The init container that loads the kernel module, with `SecurityAgentDriver.kernelModule()`. */
  public readonly loader?: kplus.Container;

  /** The ServiceAccount the pods run as (no token is mounted). */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** How the agent sees the node's system calls. */
  public readonly driver: SecurityAgentDriver;

  /** The name of the DaemonSet and the ServiceAccount. */
  public readonly name: string;

  /** The namespace of the DaemonSet and the ServiceAccount. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: SecurityAgentDaemonSetProps = {}) {
    super(scope, id);

    // The defaults, and the checks of the props, before anything is built.
    const settings = resolveSettings(this, id, props);
    this.name = settings.name;
    this.namespace = settings.namespace;
    this.driver = settings.driver;

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace },
      automountToken: false,
    });
    this.daemonSet = this.createDaemonSet(settings, props);

    // The host's directories, read-only below /host; the driver's working directory, shared with the loader.
    const volumes = new Map(settings.hostDirectories.map(dir => [dir.path, hostPathVolume(this, dir.volumeName, dir.path, dir.type)]));
    const workDir = kplus.Volume.fromEmptyDir(this, 'WorkDir', 'root-falco-fs');
    this.loader = this.driver.isPrivileged ? this.addLoader(settings, props, volumes, workDir) : undefined;
    this.container = this.addAgent(settings, props, volumes, workDir);
  }

  /** The DaemonSet in the node's PID namespace, tolerating every taint unless told otherwise. */
  private createDaemonSet(s: SecurityAgentSettings, props: SecurityAgentDaemonSetProps): DaemonSet {
    const tolerateAll = props.tolerateAllTaints ?? true;
    const daemonSet = new DaemonSet(this, 'DaemonSet', {
      // What the agent needs of the node, each with its reason, then the user's own relaxations.
      ...agentDaemonSetProps(props, securityAgentRelaxations(s)),
      metadata: { name: this.name, namespace: this.namespace },
      appName: this.name,
      component: 'security-agent',
      hostPid: true,
      serviceAccount: this.serviceAccount,
      updateStrategy: s.updateStrategy,
      tolerateControlPlane: !tolerateAll,
    });
    if (tolerateAll) {
      daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
    }
    applyPodOptions(daemonSet, props);
    return daemonSet;
  }

  /** The kernel module's loader: privileged, with the kernel's files to find or build the module. */
  private addLoader(s: SecurityAgentSettings, props: SecurityAgentDaemonSetProps, volumes: Map<string, kplus.Volume>,
    workDir: kplus.Volume): kplus.Container {
    const loader = this.daemonSet.addInitContainer({
      name: SA_DEFAULTS.loaderName,
      image: s.driver.loaderImage ?? SA_DEFAULTS.loaderImage,
      imagePullPolicy: props.imagePullPolicy,
      args: s.driver.loaderArgs ?? SA_DEFAULTS.loaderArgs,
      envVariables: { HOST_ROOT: kplus.EnvValue.fromValue(HOST_ROOT) },
      securityContext: { ensureNonRoot: false, user: 0, group: 0, privileged: true, readOnlyRootFilesystem: false },
    });
    loader.mount('/root/.falco', workDir);
    this.mountHostDirectories(loader, s.hostDirectories.filter(dir => dir.path !== '/dev'), volumes);
    return loader;
  }

  /** The agent, with its driver's privilege, the host's directories and its probes. */
  private addAgent(s: SecurityAgentSettings, props: SecurityAgentDaemonSetProps, volumes: Map<string, kplus.Volume>,
    workDir: kplus.Volume): kplus.Container {
    const privileged = s.driver.isPrivileged;
    const agent = this.daemonSet.addContainer({
      name: s.containerName,
      image: props.image ?? SA_DEFAULTS.image,
      imagePullPolicy: props.imagePullPolicy,
      args: props.args ?? ['/usr/bin/falco', '-o', `engine.kind=${s.driver.kind}`],
      ...agentEnv(this, props, {
        HOST_ROOT: kplus.EnvValue.fromValue(HOST_ROOT),
        FALCO_K8S_NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
      }),
      ports: [{ name: 'web', number: s.port }],
      resources: withResourceDefaults(props.resources, { cpu: SA_DEFAULTS.cpu, memory: SA_DEFAULTS.memory },
        noLimitsOf(props.relaxations ?? [], s.containerName)),
      // Startup waits for the driver to load; readiness follows the health endpoint; liveness only
      // restarts an agent that stopped answering (a probe pair that fails together would restart
      // an agent that is only busy).
      startup: kplus.Probe.fromHttpGet(s.healthPath, {
        port: s.port,
        initialDelaySeconds: Duration.seconds(3),
        periodSeconds: Duration.seconds(5),
        failureThreshold: 20,
        timeoutSeconds: Duration.seconds(5),
      }),
      readiness: kplus.Probe.fromHttpGet(s.healthPath, { port: s.port, periodSeconds: Duration.seconds(15), timeoutSeconds: Duration.seconds(5) }),
      liveness: kplus.Probe.fromTcpSocket({ port: s.port, periodSeconds: Duration.seconds(15), timeoutSeconds: Duration.seconds(5) }),
      securityContext: {
        ensureNonRoot: false,
        user: 0,
        group: 0,
        privileged,
        readOnlyRootFilesystem: true,
        capabilities: privileged ? undefined : { add: s.driver.capabilities as kplus.Capability[] },
      },
    });
    agent.mount('/root/.falco', workDir);
    this.mountHostDirectories(agent, s.hostDirectories, volumes);
    if (s.containerRuntimeSocket !== undefined) {
      const socket = hostPathVolume(this, 'container-runtime-socket', s.containerRuntimeSocket, kplus.HostPathVolumeType.SOCKET);
      agent.mount(`${HOST_ROOT}${s.containerRuntimeSocket}`, socket, { readOnly: true });
    }
    return agent;
  }

  private mountHostDirectories(container: kplus.Container, dirs: HostDirectory[], volumes: Map<string, kplus.Volume>): void {
    for (const dir of dirs) {
      container.mount(dir.samePath ? dir.path : `${HOST_ROOT}${dir.path}`, volumes.get(dir.path)!, { readOnly: true });
    }
  }
}
