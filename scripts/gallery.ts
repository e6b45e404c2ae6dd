/**
 * The gallery of configurations the third-party checkers score (scripts/validate-manifests.ts):
 * each construct's defaults, its main options, and each relaxation.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  CniConfig, CniDaemonSet, CniPaths, CniPrivilege, CniRbac, CsiFsGroupPolicy, CsiNodePluginDaemonSet, DaemonSet, DaemonSetProps, DeviceNodes,
  DevicePluginDaemonSet, LogCollectorAgent, LogCollectorDaemonSet, LogOutput, LogOutputAuth, NodeExporterDaemonSet, NodeExporterListen,
  RelabelAction, Relaxation, SecurityAgentDaemonSet, SecurityAgentDriver,
} from '../src';

export interface GalleryEntry {
  /** File name of the synthesized YAML. */
  readonly id: string;
  /** The construct it shows. */
  readonly construct: string;
  /** What the configuration is. */
  readonly description: string;
  readonly build: (app: App) => void;
}

/**
 * A fictitious image in the reserved example.com domain, never pulled: its digest is a placeholder
 * that shows how a digest-pinned image is scored, not the digest of any real image.
 */
const IMAGE = 'registry.example.com/agent:1.0.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

/** A base DaemonSet with one agent container on port 8080, with distinct liveness and readiness probes. */
function agent(chart: Chart, props: DaemonSetProps = {}, container: Partial<kplus.ContainerProps> = {}): DaemonSet {
  const ds = new DaemonSet(chart, 'Agent', { metadata: { name: 'agent', namespace: 'agents' }, ...props });
  ds.addContainer({
    name: 'agent',
    image: IMAGE,
    ports: [{ name: 'http', number: 8080 }],
    liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8080, periodSeconds: Duration.seconds(20) }),
    readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
    ...container,
  });
  return ds;
}

function base(id: string, description: string, build: (chart: Chart) => void): GalleryEntry {
  return { id: `daemon-set-${id}`, construct: 'DaemonSet', description: `DaemonSet: ${description}`, build: app => build(new Chart(app, id)) };
}

const CONFLIST = CniConfig.fromConflist({
  name: 'example',
  cniVersion: '1.0.0',
  plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.244.0.0/24' } }],
});

/** A CNI agent's health endpoint on the node's loopback (liveness) and its readiness check. */
const CNI_PROBES = {
  liveness: kplus.Probe.fromHttpGet('/healthz', { port: 9099, host: '127.0.0.1' }),
  readiness: kplus.Probe.fromHttpGet('/readyz', { port: 9099, host: '127.0.0.1' }),
};

function typed(construct: string, id: string, description: string, build: (chart: Chart) => void): GalleryEntry {
  return { id, construct, description: `${construct}: ${description}`, build: app => build(new Chart(app, id)) };
}

function cni(id: string, description: string, build: (chart: Chart) => void): GalleryEntry {
  return { id: `cni-${id}`, construct: 'CniDaemonSet', description: `CniDaemonSet: ${description}`, build: app => build(new Chart(app, id)) };
}

export function gallery(): GalleryEntry[] {
  return [
    base('defaults', 'defaults', chart => agent(chart)),
    base('host-network', 'hostNetwork and hostPort', chart => agent(chart, {
      hostNetwork: true,
      relaxations: [
        Relaxation.hostNetwork('serves metrics on the node address'),
        Relaxation.hostPort(8080, 'scraped on the node address'),
      ],
    }, { ports: [{ name: 'http', number: 8080, hostPort: 8080 }] })),
    base('host-namespaces', 'hostPID and hostIPC', chart => agent(chart, {
      hostPid: true,
      hostIpc: true,
      relaxations: [Relaxation.hostPid('reads the processes of the node'), Relaxation.hostIpc('talks to a node daemon over shared memory')],
    })),
    base('host-paths', 'read-only and writable host paths', chart => {
      const ds = agent(chart, {
        relaxations: [
          Relaxation.hostPath('/var/log', 'reads the logs of the node'),
          Relaxation.writableHostPath('/var/lib/agent', 'keeps its position database across restarts'),
        ],
      });
      ds.containers[0].mount('/var/log', kplus.Volume.fromHostPath(chart, 'log', 'log', { path: '/var/log' }));
      // An existing directory the agent's uid owns: one the kubelet creates would be root's.
      ds.containers[0].mount('/var/lib/agent', kplus.Volume.fromHostPath(chart, 'state', 'state', {
        path: '/var/lib/agent', type: kplus.HostPathVolumeType.DIRECTORY,
      }), { readOnly: false });
    }),
    base('shared-host-path', 'a writable host path two pods may share, so it still surges', chart => {
      const ds = agent(chart, {
        relaxations: [Relaxation.sharedWritableHostPath('/var/lib/agent/pods', 'each pod writes only the directory named after its own pod UID')],
      });
      // An existing directory the agent's uid owns: one the kubelet creates would be root's.
      ds.containers[0].mount('/var/lib/agent/pods', kplus.Volume.fromHostPath(chart, 'pods', 'pods', {
        path: '/var/lib/agent/pods', type: kplus.HostPathVolumeType.DIRECTORY,
      }), { readOnly: false });
    }),
    base('privileged', 'privileged container', chart => agent(chart, {
      relaxations: [Relaxation.privileged('agent', 'loads kernel modules')],
    }, { securityContext: { privileged: true } })),
    base('privilege-escalation', 'privilege escalation allowed', chart => agent(chart, {
      relaxations: [Relaxation.privilegeEscalation('agent', 'runs the node\'s setuid mount helper to attach volumes')],
    }, { securityContext: { allowPrivilegeEscalation: true } })),
    base('capabilities', 'added capabilities', chart => agent(chart, {
      relaxations: [Relaxation.capabilities('agent', ['NET_ADMIN', 'NET_RAW'], 'programs the node firewall')],
    }, { securityContext: { capabilities: { add: [kplus.Capability.NET_ADMIN, kplus.Capability.NET_RAW] } } })),
    base('root', 'root with a writable root filesystem', chart => agent(chart, {
      relaxations: [
        Relaxation.runAsRoot('agent', 'reads root-owned files of the node'),
        Relaxation.writableRootFilesystem('agent', 'the image writes its runtime state under /run'),
      ],
    }, { securityContext: { ensureNonRoot: false, user: 0, group: 0, readOnlyRootFilesystem: false } })),
    cni('defaults', 'defaults (capabilities NET_ADMIN, NET_RAW) with the agent\'s probes', chart => new CniDaemonSet(chart, 'Cni', {
      image: IMAGE,
      conflist: CONFLIST,
      ...CNI_PROBES,
      clusterRoleRules: CniRbac.readNodesPodsNamespaces(),
    })),
    cni('privileged', 'privileged with /sys/fs/bpf and binaries installed by an init container', chart => new CniDaemonSet(chart, 'Cni', {
      image: IMAGE,
      conflist: CONFLIST,
      ...CNI_PROBES,
      privilege: CniPrivilege.privileged('attaches eBPF programs to the node\'s network devices'),
      mountBpf: true,
      cniBinaries: { image: IMAGE, command: ['cp'], args: ['-f', '/plugin', '/opt/cni/bin/plugin'] },
      clusterRoleRules: CniRbac.readNodesPodsNamespaces(),
    })),
    cni('k3s-metrics', 'k3s paths, a templated conflist, metrics with a ServiceMonitor and a PodMonitor', chart => new CniDaemonSet(chart, 'Cni', {
      image: IMAGE,
      conflist: CniConfig.fromJson('{"name":"example","cniVersion":"1.0.0","plugins":[{"type":"bridge","mtu":__CNI_MTU__}]}'),
      configInstall: { templateVariables: { CNI_MTU: kplus.EnvValue.fromValue('1450') } },
      cniPaths: CniPaths.k3s(),
      ...CNI_PROBES,
      metricsPort: 9091,
      serviceMonitor: { labels: { release: 'kube-prometheus-stack' } },
      podMonitor: {},
      clusterRoleRules: CniRbac.readNodesPodsNamespaces(),
    })),
    typed('NodeExporterDaemonSet', 'node-exporter-defaults', 'defaults', chart => new NodeExporterDaemonSet(chart, 'NodeExporter', { namespace: 'monitoring' })),
    typed('NodeExporterDaemonSet', 'node-exporter-operator', 'ServiceMonitor and PrometheusRule', chart => new NodeExporterDaemonSet(chart, 'NodeExporter', {
      namespace: 'monitoring', serviceMonitor: {}, prometheusRule: {},
    })),
    typed('NodeExporterDaemonSet', 'node-exporter-proxy', 'behind kube-rbac-proxy', chart => new NodeExporterDaemonSet(chart, 'NodeExporter', {
      namespace: 'monitoring', listen: NodeExporterListen.behindKubeRbacProxy(),
    })),
    typed('NodeExporterDaemonSet', 'node-exporter-options', 'textfile directory, PodMonitor and the shared agent options', chart => new NodeExporterDaemonSet(chart, 'NodeExporter', {
      namespace: 'monitoring',
      textfileDirectory: '/var/lib/node-exporter/textfile',
      podMonitor: { labels: { release: 'kube-prometheus-stack' }, metricRelabelings: [{ sourceLabels: ['__name__'], regex: 'node_scrape_.*', action: RelabelAction.DROP }] },
      podLabels: { team: 'platform' },
      imagePullSecrets: ['registry'],
      extraTolerations: [kplus.NodeTaintQuery.is('dedicated', 'gpu', { effect: kplus.TaintEffect.NO_SCHEDULE })],
    })),
    typed('NodeExporterDaemonSet', 'node-exporter-pod-network', 'in the pod network with its NetworkPolicy', chart => new NodeExporterDaemonSet(chart, 'NodeExporter', {
      namespace: 'monitoring', hostNetwork: false, networkPolicy: {},
    })),
    typed('LogCollectorDaemonSet', 'log-collector-defaults', 'defaults (fluent-bit to stdout)', chart => new LogCollectorDaemonSet(chart, 'Logs', { namespace: 'logging' })),
    typed('LogCollectorDaemonSet', 'log-collector-loki', 'fluent-bit to Loki with a ServiceMonitor', chart => new LogCollectorDaemonSet(chart, 'Logs', {
      namespace: 'logging', output: LogOutput.loki({ url: 'http://loki-gateway.loki.svc' }), serviceMonitor: {},
    })),
    typed('LogCollectorDaemonSet', 'log-collector-outputs', 'fluent-bit to Loki and Elasticsearch with credentials from Secrets, buffered on disk', chart => new LogCollectorDaemonSet(chart, 'Logs', {
      namespace: 'logging',
      outputs: [
        LogOutput.loki({ url: 'https://loki.example.com', auth: LogOutputAuth.basicFromSecret('loki-credentials') }),
        LogOutput.elasticsearch({ url: 'https://es.logging.svc:9200', auth: LogOutputAuth.basicFromSecret('es-credentials') }),
      ],
      filesystemBuffer: {},
      podMonitor: {},
    })),
    typed('CsiNodePluginDaemonSet', 'csi-node-plugin-defaults', 'defaults (driver, node-driver-registrar, livenessprobe)', chart => new CsiNodePluginDaemonSet(chart, 'Csi', {
      driverName: 'csi.example.com', image: IMAGE, args: ['--endpoint=$(CSI_ENDPOINT)', '--nodeid=$(KUBE_NODE_NAME)'],
    })),
    typed('CsiNodePluginDaemonSet', 'csi-node-plugin-driver-object', 'with its CSIDriver object and the API token', chart => new CsiNodePluginDaemonSet(chart, 'Csi', {
      driverName: 'csi.example.com',
      image: IMAGE,
      csiDriver: { attachRequired: false, podInfoOnMount: true, fsGroupPolicy: CsiFsGroupPolicy.FILE },
      serviceAccountToken: 'reads its Node\'s topology labels',
    })),
    typed('DevicePluginDaemonSet', 'device-plugin-defaults', 'defaults (labelled device nodes, unprivileged)', chart => new DevicePluginDaemonSet(chart, 'Gpu', {
      image: IMAGE, resourceName: 'example.com/gpu', nodes: DeviceNodes.withLabels({ 'example.com/gpu.present': 'true' }),
    })),
    typed('DevicePluginDaemonSet', 'device-plugin-privileged', 'any of several label sets, privileged', chart => new DevicePluginDaemonSet(chart, 'Gpu', {
      image: IMAGE,
      resourceName: 'example.com/gpu',
      nodes: DeviceNodes.withAnyOf([{ 'example.com/gpu.present': 'true' }, { 'feature.node.kubernetes.io/pci-10de.present': 'true' }]),
      privileged: 'the static CPU manager policy hides devices from unprivileged containers',
    })),
    typed('SecurityAgentDaemonSet', 'security-agent-defaults', 'defaults (Falco, modern eBPF with four capabilities)', chart => new SecurityAgentDaemonSet(chart, 'Falco', {
      image: IMAGE, containerRuntimeSocket: '/run/containerd/containerd.sock',
    })),
    typed('SecurityAgentDaemonSet', 'security-agent-kernel-module', 'kernel module, privileged, with its loader', chart => new SecurityAgentDaemonSet(chart, 'Falco', {
      image: IMAGE, driver: SecurityAgentDriver.kernelModule({ loaderImage: IMAGE }),
    })),
    typed('LogCollectorDaemonSet', 'log-collector-filebeat', 'Filebeat to Elasticsearch', chart => new LogCollectorDaemonSet(chart, 'Logs', {
      namespace: 'logging',
      agent: LogCollectorAgent.filebeat(),
      output: LogOutput.elasticsearch({ url: 'https://elasticsearch.logging.svc:9200' }),
    })),
    typed('LogCollectorDaemonSet', 'log-collector-fluentd', 'fluentd forwarding', chart => new LogCollectorDaemonSet(chart, 'Logs', {
      namespace: 'logging', agent: LogCollectorAgent.fluentd(), output: LogOutput.forward({ host: 'aggregator.logging.svc', port: 24224 }),
    })),
  ];
}
