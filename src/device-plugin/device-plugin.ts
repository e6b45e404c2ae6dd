import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DP_DEFAULTS } from './private/defaults';
import { devicePluginRelaxations } from './private/relaxations';
import { DevicePluginSettings, resolveSettings } from './private/settings';
import { DevicePluginDaemonSetProps } from './props';
import { DaemonSet } from '../core/daemon-set';
import { agentDaemonSetProps, agentEnv, applyPodOptions } from '../core/private/agent-options';
import { hostPathVolume, noLimitsOf, withResourceDefaults } from '../core/private/container-defaults';

/**
 * A Kubernetes device plugin (the NVIDIA GPU plugin, an FPGA or RDMA plugin...) on the nodes that
 * have the device, built on the library's `DaemonSet`:
 *
 * - scheduled only on the device nodes (`nodes`: their labels, or any of several label sets), with
 *   the device nodes' taint tolerated (`deviceTaintKey`, default the resource name);
 * - the kubelet's `device-plugins` directory mounted writable: the plugin creates its socket there
 *   and registers `resourceName` through the kubelet's own socket;
 * - uid 0 without any capability, not privileged unless `privileged` gives the reason, read-only
 *   root filesystem, `system-node-critical`, one node at a time without surge (two plugins would
 *   register the same resource), a ServiceAccount without a token.
 *
 * The cdk8s-plus API stays reachable through `daemonSet`, `container` and `serviceAccount`.
 */
export class DevicePluginDaemonSet extends Construct {
  /** The namespace used when none is given. */
  public static readonly DEFAULT_NAMESPACE = DP_DEFAULTS.namespace;

  /** The DaemonSet. */
  public readonly daemonSet: DaemonSet;

  /** The plugin container. */
  public readonly container: kplus.Container;

  /** The ServiceAccount the pods run as (no token is mounted). */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** The extended resource the plugin advertises. */
  public readonly resourceName: string;

  /** The key of the device nodes' taint, which the plugin tolerates. */
  public readonly deviceTaintKey: string;

  /** The name of the DaemonSet and the ServiceAccount. */
  public readonly name: string;

  /** The namespace of the DaemonSet and the ServiceAccount. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: DevicePluginDaemonSetProps) {
    super(scope, id);

    // The defaults, and the checks of the props, before anything is built.
    const settings = resolveSettings(this, id, props);
    this.name = settings.name;
    this.namespace = settings.namespace;
    this.resourceName = settings.resourceName;
    this.deviceTaintKey = settings.deviceTaintKey;

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace },
      automountToken: false,
    });
    this.daemonSet = this.createDaemonSet(settings, props);
    this.container = this.addPlugin(settings, props);
  }

  /** The DaemonSet on the device nodes only, tolerating their taint. */
  private createDaemonSet(s: DevicePluginSettings, props: DevicePluginDaemonSetProps): DaemonSet {
    const nodes = props.nodes;
    const daemonSet = new DaemonSet(this, 'DaemonSet', {
      // What the plugin needs of the node, each with its reason, then the user's own relaxations.
      ...agentDaemonSetProps(props, devicePluginRelaxations(s, props)),
      metadata: { name: this.name, namespace: this.namespace },
      appName: this.name,
      component: 'device-plugin',
      serviceAccount: this.serviceAccount,
      updateStrategy: s.updateStrategy,
      nodeSelector: nodes.isAffinity ? props.nodeSelector : { ...nodes.labelSets[0], ...props.nodeSelector },
    });
    // Device nodes are usually tainted so that only pods asking for the device land there; the
    // plugin must run there whatever the taint's value or effect.
    daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.exists(s.deviceTaintKey)));
    // With several label sets, one required term per set: the scheduler ORs the terms, and ANDs a
    // term's labels (and the extra affinity, added to each).
    const terms = nodes.isAffinity
      ? nodes.labelSets.map(set => Object.entries(set).map(([key, value]) => kplus.NodeLabelQuery.is(key, value)))
      : [];
    applyPodOptions(daemonSet, props, terms);
    return daemonSet;
  }

  /** The plugin, as uid 0 without capability, with the kubelet's device-plugin directory. */
  private addPlugin(s: DevicePluginSettings, props: DevicePluginDaemonSetProps): kplus.Container {
    const privileged = props.privileged !== undefined;
    const container = this.daemonSet.addContainer({
      name: s.containerName,
      image: props.image,
      imagePullPolicy: props.imagePullPolicy,
      command: props.command,
      args: props.args,
      ...agentEnv(this, props),
      resources: withResourceDefaults(props.resources, { cpu: DP_DEFAULTS.cpu, memory: DP_DEFAULTS.memory },
        noLimitsOf(props.relaxations ?? [], s.containerName)),
      liveness: props.liveness,
      readiness: props.readiness,
      securityContext: {
        ensureNonRoot: false,
        user: 0,
        group: 0,
        privileged,
        readOnlyRootFilesystem: props.writableRootFilesystem === undefined,
      },
    });
    container.mount(s.socketDir, hostPathVolume(this, 'device-plugins', s.socketDir), { readOnly: false });
    return container;
  }
}
