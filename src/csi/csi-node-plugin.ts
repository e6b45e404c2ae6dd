import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { CsiDriverOptions } from './csi-driver-options';
import { driverContainer, livenessProbeContainer, registrarContainer } from './private/containers';
import { CSI_DEFAULTS, DEV, REGISTRATION_DIR, SOCKET, SOCKET_DIR } from './private/defaults';
import { csiRelaxations } from './private/relaxations';
import { CsiSettings, resolveSettings } from './private/settings';
import { CsiNodePluginDaemonSetProps } from './props';
import { DaemonSet } from '../core/daemon-set';
import { agentDaemonSetProps, applyPodOptions } from '../core/private/agent-options';
import { hostPathVolume } from '../core/private/container-defaults';

/**
 * A CSI driver's node plugin on every node, built on the library's `DaemonSet`, as the
 * kubernetes-csi sidecars are meant to run it:
 *
 * - the driver container, privileged, with the kubelet directory mounted `Bidirectional` (so the
 *   volumes it mounts for pods reach the node), `/dev` read-only, and its socket at
 *   `<kubeletDir>/plugins/<driverName>/csi.sock` (`CSI_ENDPOINT` in its environment);
 * - node-driver-registrar, which registers that socket with the kubelet through
 *   `<kubeletDir>/plugins_registry`, and livenessprobe, which turns the driver's CSI `Probe` into
 *   the driver's liveness probe; both as uid 0 without any capability;
 * - every taint tolerated, `system-node-critical`, one node at a time without surge (the socket is
 *   the driver's alone), a ServiceAccount without a token unless `serviceAccountToken`, and the
 *   `CSIDriver` object with `csiDriver`.
 *
 * Every relaxation is declared with its reason, so the manifest carries the policy checkers'
 * exemption annotations. The cdk8s-plus API stays reachable through `daemonSet`, `driver`,
 * `registrar`, `livenessProbe` and `serviceAccount`.
 */
export class CsiNodePluginDaemonSet extends Construct {
  /** The namespace used when none is given. */
  public static readonly DEFAULT_NAMESPACE = CSI_DEFAULTS.namespace;

  /** The node-driver-registrar image used when none is given. */
  public static readonly DEFAULT_REGISTRAR_IMAGE = CSI_DEFAULTS.registrarImage;

  /** The livenessprobe image used when none is given. */
  public static readonly DEFAULT_LIVENESS_PROBE_IMAGE = CSI_DEFAULTS.livenessProbeImage;

  /** The driver's socket as every container of the pod sees it (`CSI_ENDPOINT` is `unix://` and this). */
  public static readonly SOCKET_IN_POD = SOCKET;

  /** The DaemonSet. */
  public readonly daemonSet: DaemonSet;

  /** The driver container. */
  public readonly driver: kplus.Container;

  /** The node-driver-registrar sidecar. */
  public readonly registrar: kplus.Container;

  /** The livenessprobe sidecar. */
  public readonly livenessProbe: kplus.Container;

  /** The ServiceAccount the pods run as. */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** The `CSIDriver` object, with `csiDriver`. */
  public readonly csiDriver?: ApiObject;

  /** The CSI driver's name. */
  public readonly driverName: string;

  /** The name of the DaemonSet and the ServiceAccount. */
  public readonly name: string;

  /** The namespace of the DaemonSet and the ServiceAccount. */
  public readonly namespace: string;

  /** The driver's socket on the node, as the kubelet calls it. */
  public readonly socketPath: string;

  constructor(scope: Construct, id: string, props: CsiNodePluginDaemonSetProps) {
    super(scope, id);

    // The defaults, and the checks of the props, before anything is built.
    const settings = resolveSettings(this, id, props);
    this.name = settings.name;
    this.namespace = settings.namespace;
    this.driverName = settings.driverName;
    this.socketPath = `${settings.pluginDir}/csi.sock`;

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace },
      automountToken: false,
    });
    this.daemonSet = this.createDaemonSet(settings, props);

    // The containers: the driver, then the sidecars that register it and probe it.
    const socketDir = hostPathVolume(this, 'plugin-dir', settings.pluginDir, kplus.HostPathVolumeType.DIRECTORY_OR_CREATE);
    this.driver = this.addDriver(settings, props, socketDir);
    this.registrar = this.daemonSet.addContainer(registrarContainer(settings, props));
    this.registrar.mount(SOCKET_DIR, socketDir, { readOnly: true });
    this.registrar.mount(REGISTRATION_DIR, hostPathVolume(this, 'registration-dir', settings.registrationDir), { readOnly: false });
    this.livenessProbe = this.daemonSet.addContainer(livenessProbeContainer(settings, props));
    this.livenessProbe.mount(SOCKET_DIR, socketDir, { readOnly: true });

    this.csiDriver = props.csiDriver ? this.createCsiDriver(props.csiDriver) : undefined;
  }

  /** The DaemonSet, tolerating every taint unless told otherwise. */
  private createDaemonSet(s: CsiSettings, props: CsiNodePluginDaemonSetProps): DaemonSet {
    const tolerateAll = props.tolerateAllTaints ?? true;
    const daemonSet = new DaemonSet(this, 'DaemonSet', {
      // What the plugin needs of the node, each with its reason, then the user's own relaxations.
      ...agentDaemonSetProps(props, csiRelaxations(s, props)),
      metadata: { name: this.name, namespace: this.namespace },
      appName: this.name,
      component: 'csi-node-plugin',
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: props.serviceAccountToken !== undefined,
      updateStrategy: s.updateStrategy,
      // The toleration of every taint below covers the control plane.
      tolerateControlPlane: !tolerateAll,
    });
    if (tolerateAll) {
      // A node whose plugin is evicted or never scheduled cannot unmount its pods' volumes.
      daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
    }
    applyPodOptions(daemonSet, props);
    return daemonSet;
  }

  /** The driver with the socket directory, the kubelet directory (Bidirectional) and /dev. */
  private addDriver(s: CsiSettings, props: CsiNodePluginDaemonSetProps, socketDir: kplus.Volume): kplus.Container {
    const driver = this.daemonSet.addContainer(driverContainer(this, s, props));
    driver.mount(SOCKET_DIR, socketDir, { readOnly: false });
    driver.mount(s.kubeletDir, hostPathVolume(this, 'kubelet-dir', s.kubeletDir),
      { readOnly: false, propagation: kplus.MountPropagation.BIDIRECTIONAL });
    driver.mount(DEV, hostPathVolume(this, 'dev-dir', DEV), { readOnly: true });
    return driver;
  }

  /** The CSIDriver object: only the fields given, so the API server's defaults apply to the rest. */
  private createCsiDriver(options: CsiDriverOptions): ApiObject {
    return new k8s.KubeCsiDriver(this, 'CsiDriver', {
      metadata: { name: this.driverName, labels: { 'app.kubernetes.io/name': this.name, 'app.kubernetes.io/managed-by': 'cdk8s' } },
      spec: {
        attachRequired: options.attachRequired,
        podInfoOnMount: options.podInfoOnMount,
        fsGroupPolicy: options.fsGroupPolicy,
        volumeLifecycleModes: options.volumeLifecycleModes ? [...new Set(options.volumeLifecycleModes)] : undefined,
        storageCapacity: options.storageCapacity,
        requiresRepublish: options.requiresRepublish,
        seLinuxMount: options.seLinuxMount,
      },
    });
  }
}
