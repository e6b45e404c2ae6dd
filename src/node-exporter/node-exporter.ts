import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { NodeExporterCollector } from './collector';
import { NodeExporterListen, NodeExporterListenKind } from './listen';
import { nodeAlerts } from './private/alerts';
import { KubeRbacProxySettings } from './private/checks';
import { exporterContainer, kubeRbacProxyContainer } from './private/containers';
import { DBUS_SOCKET, HOST_PROC, HOST_ROOT, HOST_SYS, HOST_TEXTFILE, LISTEN_ALL_ANNOTATION, NE_DEFAULTS, PSA_MODES } from './private/defaults';
import { networkPolicySpec } from './private/network-policy';
import { INSTANCE_RELABELING, proxyEndpoint } from './private/prometheus';
import { mountsDbus, nodeExporterRelaxations } from './private/relaxations';
import { imageVersion, NodeExporterSettings, resolveSettings } from './private/settings';
import { NodeExporterPrometheusRuleOptions } from './prometheus-rule-options';
import { NodeExporterDaemonSetProps } from './props';
import { NodeExporterRootFsMount } from './root-fs-mount';
import { NodeExporterServiceType } from './service-type';
import { NodeExporterTolerations } from './tolerations';
import { DaemonSet } from '../core/daemon-set';
import { MonitorOptions } from '../core/monitor-options';
import { agentDaemonSetProps, applyPodOptions } from '../core/private/agent-options';
import { hostPathVolume } from '../core/private/container-defaults';
import { monitoring } from '../core/private/monitoring';
import { createPodMonitor, createServiceMonitor } from '../core/private/monitors';

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

  /** The containers added with `sidecars`. */
  public readonly sidecars: kplus.Container[];

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

  /** The PodMonitor, with `podMonitor`. */
  public readonly podMonitor?: ApiObject;

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

    // The defaults, and the checks of the props, before anything is built.
    const settings = resolveSettings(this, id, props);
    this.name = settings.name;
    this.namespace = settings.namespace;
    this.image = settings.image;
    this.port = settings.port;
    this.hostNetwork = settings.hostNetwork;
    this.listen = settings.listen;
    this.jobName = NE_DEFAULTS.appName;
    this.args = settings.args;

    // The pods: their namespace and ServiceAccount, the DaemonSet, the exporter and the proxy.
    this.namespaceObject = props.createNamespace ? this.createNamespace() : undefined;
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace, labels: settings.selectorLabels },
      automountToken: false,
    });
    this.daemonSet = this.createDaemonSet(settings, props);
    this.exporter = this.addExporter(settings, props);
    const proxy = settings.proxy ? this.addKubeRbacProxy(settings, settings.proxy, props) : undefined;
    this.sidecars = (props.sidecars ?? []).map(c => this.daemonSet.addContainer({ imagePullPolicy: props.imagePullPolicy, ...c }));
    this.kubeRbacProxy = proxy?.container;
    this.clusterRole = proxy?.clusterRole;
    this.clusterRoleBinding = proxy?.clusterRoleBinding;

    // The host access it needs, each with its reason.
    for (const relaxation of nodeExporterRelaxations(settings)) {
      this.daemonSet.addRelaxation(relaxation);
    }

    // Scraping: the Service, and the NetworkPolicy, ServiceMonitor and PrometheusRule.
    this.service = this.createService(settings, props.serviceType);
    this.networkPolicy = settings.hostNetwork ? undefined : new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: this.name, namespace: this.namespace, labels: settings.selectorLabels },
      spec: networkPolicySpec(settings.selectorLabels, this.port, props.networkPolicy ?? {}),
    });
    this.serviceMonitor = props.serviceMonitor ? this.createMonitor(settings, 'ServiceMonitor', props.serviceMonitor) : undefined;
    this.podMonitor = props.podMonitor ? this.createMonitor(settings, 'PodMonitor', props.podMonitor) : undefined;
    this.prometheusRule = props.prometheusRule ? this.createPrometheusRule(settings, props.prometheusRule) : undefined;
  }

  /** The Namespace, labelled so that Pod Security Admission admits the exporter's pods. */
  private createNamespace(): kplus.Namespace {
    const labels: Record<string, string> = {};
    for (const mode of PSA_MODES) {
      labels[`pod-security.kubernetes.io/${mode}`] = 'privileged';
    }
    return new kplus.Namespace(this, 'Namespace', { metadata: { name: this.namespace, labels } });
  }

  /** The DaemonSet, with the exporter's scheduling: tolerations and no virtual nodes. */
  private createDaemonSet(s: NodeExporterSettings, props: NodeExporterDaemonSetProps): DaemonSet {
    const daemonSet = new DaemonSet(this, 'DaemonSet', {
      ...agentDaemonSetProps(props),
      metadata: { name: this.name, namespace: this.namespace },
      appName: NE_DEFAULTS.appName,
      instance: this.name,
      component: NE_DEFAULTS.component,
      version: imageVersion(this.image),
      hostNetwork: this.hostNetwork,
      hostPid: s.hostPid,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: s.proxy !== undefined,
      tolerateControlPlane: s.tolerations === NodeExporterTolerations.CONTROL_PLANE,
      // The exporter's own policy (below) also closes egress.
      networkPolicy: false,
    });
    if (this.listen.kind === NodeExporterListenKind.ALL_INTERFACES) {
      daemonSet.metadata.addAnnotation(LISTEN_ALL_ANNOTATION, this.listen.reason!.trim());
    }
    switch (s.tolerations) {
      case NodeExporterTolerations.NO_SCHEDULE:
        daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.exists('', { effect: kplus.TaintEffect.NO_SCHEDULE })));
        break;
      case NodeExporterTolerations.ALL:
        daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
        break;
      default:
        // the base DaemonSet's control-plane toleration
    }
    const virtualNodes = (props.excludeVirtualNodes ?? true) ? [
      kplus.NodeLabelQuery.notIn('eks.amazonaws.com/compute-type', ['fargate']),
      kplus.NodeLabelQuery.notIn('type', ['virtual-kubelet']),
    ] : [];
    applyPodOptions(daemonSet, props, [virtualNodes]);
    return daemonSet;
  }

  /** The exporter container, with the node's /proc, /sys, / and D-Bus socket mounted read-only. */
  private addExporter(s: NodeExporterSettings, props: NodeExporterDaemonSetProps): kplus.Container {
    const exporter = this.daemonSet.addContainer(exporterContainer(this, s, props));
    exporter.mount(HOST_PROC, hostPathVolume(this, 'proc', '/proc'), { readOnly: true });
    exporter.mount(HOST_SYS, hostPathVolume(this, 'sys', '/sys'), { readOnly: true });
    if (s.rootFs !== NodeExporterRootFsMount.OMIT) {
      exporter.mount(HOST_ROOT, hostPathVolume(this, 'root', '/'), {
        readOnly: true,
        propagation: s.rootFs === NodeExporterRootFsMount.HOST_TO_CONTAINER ? kplus.MountPropagation.HOST_TO_CONTAINER : kplus.MountPropagation.NONE,
      });
    }
    if (s.textfileDirectory) {
      exporter.mount(HOST_TEXTFILE, hostPathVolume(this, 'textfile', s.textfileDirectory, kplus.HostPathVolumeType.DIRECTORY_OR_CREATE), { readOnly: true });
    }
    s.hostMounts.forEach((m, i) => {
      exporter.mount(m.mountPath!, hostPathVolume(this, `host-${i}`, m.path, m.type ?? kplus.HostPathVolumeType.DIRECTORY), { readOnly: true });
    });
    if (mountsDbus(s)) {
      exporter.mount(`/var${DBUS_SOCKET}`, hostPathVolume(this, 'dbus', DBUS_SOCKET, kplus.HostPathVolumeType.SOCKET), { readOnly: true });
    }
    return exporter;
  }

  /** The kube-rbac-proxy container, and its ClusterRole for TokenReviews and SubjectAccessReviews. */
  private addKubeRbacProxy(s: NodeExporterSettings, proxy: KubeRbacProxySettings, props: NodeExporterDaemonSetProps) {
    const container = this.daemonSet.addContainer(kubeRbacProxyContainer(this.port, proxy, props));
    const clusterRole = new kplus.ClusterRole(this, 'ClusterRole', { metadata: { name: this.name, labels: s.selectorLabels } });
    clusterRole.allow(['create'], kplus.ApiResource.custom({ apiGroup: 'authentication.k8s.io', resourceType: 'tokenreviews' }));
    clusterRole.allow(['create'], kplus.ApiResource.custom({ apiGroup: 'authorization.k8s.io', resourceType: 'subjectaccessreviews' }));
    const clusterRoleBinding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: this.name, labels: s.selectorLabels },
      role: clusterRole,
    });
    clusterRoleBinding.addSubjects(this.serviceAccount);
    return { container, clusterRole, clusterRoleBinding };
  }

  /** The Service: headless by default; the scrape annotations for annotation-based discovery. */
  private createService(s: NodeExporterSettings, serviceType: NodeExporterServiceType | undefined): kplus.Service {
    const service = new kplus.Service(this, 'Service', {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: s.selectorLabels,
        annotations: {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(this.port),
          'prometheus.io/path': '/metrics',
          'prometheus.io/scheme': s.proxy ? 'https' : 'http',
        },
      },
      clusterIP: (serviceType ?? NodeExporterServiceType.HEADLESS) === NodeExporterServiceType.HEADLESS ? 'None' : undefined,
      ports: [{ name: metricsPortName(s), port: this.port, targetPort: this.port }],
    });
    // Select the pods by the stable labels (cdk8s-plus would select on the construct-path hash).
    for (const [key, value] of Object.entries(s.selectorLabels)) {
      service.selectLabel(key, value);
    }
    return service;
  }

  /** A ServiceMonitor or PodMonitor: every node, its name as `instance`, through the proxy when there is one. */
  private createMonitor(s: NodeExporterSettings, kind: 'ServiceMonitor' | 'PodMonitor', options: MonitorOptions): ApiObject {
    const target = {
      name: this.name,
      namespace: this.namespace,
      selectorLabels: s.selectorLabels,
      port: metricsPortName(s),
      path: '/metrics',
      options,
      relabelings: [INSTANCE_RELABELING],
      defaultInterval: NE_DEFAULTS.scrapeInterval,
      endpoint: proxyEndpoint(s.proxy !== undefined),
      jobLabel: 'app.kubernetes.io/name',
    };
    return kind === 'ServiceMonitor' ? createServiceMonitor(this, target) : createPodMonitor(this, target);
  }

  private createPrometheusRule(s: NodeExporterSettings, options: NodeExporterPrometheusRuleOptions): ApiObject {
    return new (monitoring().PrometheusRule)(this, 'PrometheusRule', {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...s.selectorLabels, ...options.labels } },
      spec: {
        groups: [{
          name: 'node-exporter',
          rules: nodeAlerts(`job="${this.jobName}"`, options.criticalSeverity ?? NE_DEFAULTS.criticalSeverity,
            s.collectors.enabled.includes(NodeExporterCollector.SYSTEMD)),
        }],
      },
    });
  }
}

/** The name of the Service port Prometheus scrapes. */
function metricsPortName(s: NodeExporterSettings): string {
  return s.proxy ? 'https-metrics' : 'metrics';
}
