import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  DaemonSet,
  DaemonSetUpdateStrategy,
  NodeExporterCollector,
  NodeExporterDaemonSet,
  NodeExporterDaemonSetProps,
  NodeExporterListen,
  NodeExporterRootFsMount,
  NodeExporterServiceType,
  NodeExporterTolerations,
  RelabelAction,
  Relaxation,
} from '../../src';
import { chart, checkovSkip, onlyOfKind, synth, synthError } from '../util';

function exporter(props: NodeExporterDaemonSetProps = {}, c: Chart = chart()) {
  const ne = new NodeExporterDaemonSet(c, 'NodeExporter', props);
  const manifests = synth(c);
  const one = (kind: string) => onlyOfKind(manifests, kind);
  const ds = one('DaemonSet');
  const pod = ds.spec.template.spec;
  const container = (name: string) => pod.containers.find((x: any) => x.name === name);
  return { c, ne, manifests, one, ds, pod, main: container('node-exporter'), container };
}

/** The error thrown while constructing the exporter. */
function constructionError(props: NodeExporterDaemonSetProps, c: Chart = chart()): string {
  try {
    new NodeExporterDaemonSet(c, 'NodeExporter', props);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the construction to fail, but it succeeded');
}

describe('NodeExporterDaemonSet defaults', () => {
  const { manifests, one, ds, pod, main } = exporter();
  const annotations = ds.metadata.annotations;

  test('emits a ServiceAccount, the DaemonSet, its priority class quota and a Service, all valid against the Kubernetes schema', () => {
    expect(manifests.map(m => m.kind)).toEqual(['ServiceAccount', 'DaemonSet', 'ResourceQuota', 'Service']);
  });

  test('names every object node-exporter in the monitoring namespace (the quota node-exporter-critical-pods)', () => {
    for (const manifest of manifests) {
      const name = manifest.kind === 'ResourceQuota' ? 'node-exporter-critical-pods' : 'node-exporter';
      expect(manifest.metadata).toMatchObject({ name, namespace: 'monitoring' });
    }
  });

  test('admits its system-node-critical pods in monitoring where the cluster limits the class to namespaces with a quota for it (GKE)', () => {
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(one('ResourceQuota').spec).toEqual({
      hard: { pods: '1G' },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['system-node-critical'] }] },
    });
  });

  test('pins the current node-exporter release by tag, pulled on every start, with no digest of another registry', () => {
    expect(main.image).toBe('quay.io/prometheus/node-exporter:v1.12.1');
    expect(NodeExporterDaemonSet.DEFAULT_IMAGE).toBe(main.image);
    expect(main.imagePullPolicy).toBe('Always');
  });

  test('labels the DaemonSet and pods with the app, the instance, the component and the version', () => {
    const labels = {
      'app.kubernetes.io/name': 'node-exporter',
      'app.kubernetes.io/instance': 'node-exporter',
      'app.kubernetes.io/component': 'exporter',
      'app.kubernetes.io/version': '1.12.1',
      'app.kubernetes.io/managed-by': 'cdk8s',
    };
    expect(ds.metadata.labels).toEqual(labels);
    expect(ds.spec.template.metadata.labels).toMatchObject(labels);
    expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/instance': 'node-exporter' });
  });

  test('uses the node\'s network and PID namespaces', () => {
    expect(pod.hostNetwork).toBe(true);
    expect(pod.hostPID).toBe(true);
    expect(pod.hostIPC).toBeUndefined();
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
  });

  test('records the reason for the host network, the host PID namespace and the host port', () => {
    expect(annotations['ignore-check.kube-linter.io/host-network']).toMatch(/^hostNetwork: reports the node's network interfaces/);
    expect(annotations['ignore-check.kube-linter.io/host-pid']).toBe('hostPID: node-exporter\'s documented container setup (docker run --pid host): the exporter sees the node\'s processes as the node does');
    const checkov = Object.entries<string>(annotations).filter(([key]) => key.startsWith('checkov.io/skip')).map(([, value]) => value);
    expect(checkov).toEqual(expect.arrayContaining([
      expect.stringMatching(/^CKV_K8S_19=hostNetwork: .{20,}/),
      expect.stringMatching(/^CKV_K8S_17=hostPID: .{20,}/),
      expect.stringMatching(/^CKV_K8S_26=hostPort 9100: Prometheus scrapes each node's exporter on the node IP/),
    ]));
    expect(annotations['polaris.fairwinds.com/hostNetworkSet-exempt']).toBe('true');
    expect(annotations['polaris.fairwinds.com/hostPIDSet-exempt']).toBe('true');
    expect(annotations['polaris.fairwinds.com/hostPortSet-exempt']).toBe('true');
  });

  test('mounts /proc, /sys and / read-only, / with HostToContainer propagation, and records why', () => {
    expect(main.volumeMounts).toEqual([
      { name: 'proc', mountPath: '/host/proc', readOnly: true },
      { name: 'sys', mountPath: '/host/sys', readOnly: true },
      { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'proc', hostPath: { path: '/proc', type: 'Directory' } },
      { name: 'sys', hostPath: { path: '/sys', type: 'Directory' } },
      { name: 'root', hostPath: { path: '/', type: 'Directory' } },
    ]);
    const reasons = annotations['ignore-check.kube-linter.io/sensitive-host-mounts'];
    expect(reasons).toContain('hostPath /proc: reads the node\'s CPU, memory, disk, network and kernel statistics');
    expect(reasons).toContain('hostPath /sys: reads the node\'s hardware');
    expect(reasons).toContain('hostPath /: reads the size and usage of the node\'s filesystems');
  });

  test('points the exporter at the node\'s /proc, /sys, root filesystem and udev data', () => {
    expect(main.args.slice(0, 4)).toEqual([
      '--path.procfs=/host/proc',
      '--path.sysfs=/host/sys',
      '--path.rootfs=/host/root',
      '--path.udev.data=/host/root/run/udev/data',
    ]);
  });

  test('excludes virtual and per-pod mount points and filesystem types', () => {
    expect(main.args).toContain('--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run/credentials/.+|run/containerd/.+|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/containers/storage/.+|var/lib/kubelet/.+)($|/)');
    const fsTypes = main.args.find((a: string) => a.startsWith('--collector.filesystem.fs-types-exclude='));
    for (const type of ['proc', 'sysfs', 'cgroup2?', 'overlay', 'tmpfs']) {
      expect(fsTypes.includes(`|${type}|`) || fsTypes.includes(`(${type}|`)).toBe(type !== 'tmpfs');
    }
  });

  test('excludes the host side of pod network interfaces (veth and CNI-named devices)', () => {
    const devices = '^(veth.*|cali.*|lxc.*|eni.*|azv.*|gke.*|[a-f0-9]{15})$';
    expect(main.args).toContain(`--collector.netclass.ignored-devices=${devices}`);
    expect(main.args).toContain(`--collector.netdev.device-exclude=${devices}`);
  });

  test('switches no collector on or off', () => {
    expect(main.args.filter((a: string) => /^--(no-)?collector\.[a-z_0-9]+$/.test(a))).toEqual([]);
  });

  test('listens on the node IP from the downward API, not on every interface', () => {
    expect(main.args).toContain('--web.listen-address=[$(HOST_IP)]:9100');
    expect(main.env).toEqual([{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]);
    expect(annotations['cdk8s-daemonsets/listen-all-interfaces']).toBeUndefined();
  });

  test('exposes port 9100 with the host port equal to the container port', () => {
    expect(main.ports).toEqual([{ name: 'metrics', containerPort: 9100, hostPort: 9100 }]);
  });

  test('never surges, because of the host port', () => {
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('runs as nobody with a read-only root filesystem, no privilege escalation, no capability and RuntimeDefault seccomp', () => {
    expect(main.securityContext).toEqual({
      runAsUser: 65534,
      runAsGroup: 65534,
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('is sized for the exporter: cpu 100m/250m, memory 64Mi/180Mi', () => {
    expect(main.resources.requests).toMatchObject({ cpu: '100m', memory: '64Mi' });
    expect(main.resources.limits).toMatchObject({ cpu: '250m', memory: '180Mi' });
  });

  test('probes liveness with a TCP connection and readiness with HTTP on the metrics port', () => {
    expect(main.livenessProbe).toEqual({ tcpSocket: { port: 9100 }, failureThreshold: 3, timeoutSeconds: 5 });
    for (const probe of [main.readinessProbe]) {
      expect(probe).toEqual({ httpGet: { path: '/', port: 9100, scheme: 'HTTP' }, failureThreshold: 3, timeoutSeconds: 5 });
    }
    expect(main.startupProbe).toBeUndefined();
  });

  test('tolerates every NoSchedule taint, control-plane nodes included', () => {
    expect(pod.tolerations).toEqual([{ key: '', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('has the system-node-critical priority class', () => {
    expect(pod.priorityClassName).toBe('system-node-critical');
  });

  test('requires Linux nodes that are neither Fargate nor virtual-kubelet nodes', () => {
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{
        matchExpressions: [
          { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
          { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
        ],
      }],
    });
  });

  test('runs under its own ServiceAccount without mounting a token', () => {
    expect(pod.serviceAccountName).toBe('node-exporter');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(one('ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('has a headless Service on the metrics port that selects the pods by their stable labels', () => {
    const service = one('Service');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 9100, targetPort: 9100 }]);
    expect(service.spec.selector).toEqual(ds.spec.selector.matchLabels);
    for (const [key, value] of Object.entries(service.spec.selector)) {
      expect(ds.spec.template.metadata.labels[key]).toBe(value);
    }
  });

  test('annotates the Service for annotation-based scraping', () => {
    expect(one('Service').metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9100',
      'prometheus.io/path': '/metrics',
      'prometheus.io/scheme': 'http',
    });
  });

  test('emits no NetworkPolicy (hostNetwork pods are not filtered) and says so to the checkers', () => {
    expect(manifests.find(m => m.kind === 'NetworkPolicy')).toBeUndefined();
    expect(annotations['kube-score/ignore']).toContain('pod-networkpolicy');
    expect(annotations['polaris.fairwinds.com/missingNetworkPolicy-exempt']).toBe('true');
  });

  test('records a reason for every exemption annotation', () => {
    for (const [key, value] of Object.entries<string>(annotations)) {
      if (key.startsWith('ignore-check.kube-linter.io/')) {
        expect(value).toMatch(/^\S+ ?\S*: .{20,}/);
      }
      if (key.startsWith('checkov.io/skip')) {
        expect(value).toMatch(/^CKV2?_K8S_\d+=.{20,}/);
      }
    }
  });
});

describe('NodeExporterDaemonSet customised', () => {
  test('uses the chart\'s namespace, or the one given', () => {
    const inChart = exporter({}, new Chart(Testing.app(), 'test', { namespace: 'observability' }));
    expect(inChart.manifests.map(m => m.metadata.namespace)).toEqual(['observability', 'observability', 'observability', 'observability']);
    expect(inChart.ne.namespace).toBe('observability');
    const given = exporter({ namespace: 'metrics', name: 'nodes' }, new Chart(Testing.app(), 'test', { namespace: 'observability' }));
    expect(given.manifests.map(m => `${m.metadata.namespace}/${m.metadata.name}`))
      .toEqual(['metrics/nodes', 'metrics/nodes', 'metrics/nodes-critical-pods', 'metrics/nodes']);
    expect(given.ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/instance': 'nodes' });
  });

  test('emits the Namespace with the Pod Security labels a privileged agent needs', () => {
    const { manifests } = exporter({ createNamespace: true, namespace: 'node-metrics' });
    expect(manifests[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'node-metrics',
        labels: {
          'pod-security.kubernetes.io/enforce': 'privileged',
          'pod-security.kubernetes.io/audit': 'privileged',
          'pod-security.kubernetes.io/warn': 'privileged',
        },
      },
      spec: {},
    });
  });

  test('takes another image, and labels the version from its tag', () => {
    const { main, ds } = exporter({ image: 'registry.example.com/node-exporter:v1.11.1' });
    expect(main.image).toBe('registry.example.com/node-exporter:v1.11.1');
    expect(ds.metadata.labels['app.kubernetes.io/version']).toBe('1.11.1');
  });

  test('takes an image pinned by digest, without a version label', () => {
    const image = `quay.io/prometheus/node-exporter@sha256:${'a'.repeat(64)}`;
    const { main, ds } = exporter({ image });
    expect(main.image).toBe(image);
    expect(ds.metadata.labels['app.kubernetes.io/version']).toBeUndefined();
  });

  test('moves everything to another port: container, host, Service, listen address and annotations', () => {
    const { main, one, ds } = exporter({ port: 9200 });
    expect(main.ports).toEqual([{ name: 'metrics', containerPort: 9200, hostPort: 9200 }]);
    expect(main.args).toContain('--web.listen-address=[$(HOST_IP)]:9200');
    expect(main.livenessProbe.tcpSocket.port).toBe(9200);
    expect(one('Service').spec.ports).toEqual([{ name: 'metrics', port: 9200, targetPort: 9200 }]);
    expect(one('Service').metadata.annotations['prometheus.io/port']).toBe('9200');
    expect(checkovSkip(ds.metadata.annotations, 'CKV_K8S_26')).toMatch(/^CKV_K8S_26=hostPort 9200: /);
  });

  test('listens on the pod IP', () => {
    const { main } = exporter({ listen: NodeExporterListen.podIp() });
    expect(main.args).toContain('--web.listen-address=[$(POD_IP)]:9100');
    expect(main.env).toEqual([{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }]);
  });

  test('listens on every interface only with a reason, written on the DaemonSet', () => {
    const { main, ds } = exporter({ listen: NodeExporterListen.allInterfaces('the nodes have one private interface only') });
    expect(main.args).toContain('--web.listen-address=:9100');
    expect(main.env).toBeUndefined();
    expect(ds.metadata.annotations['cdk8s-daemonsets/listen-all-interfaces']).toBe('the nodes have one private interface only');
  });

  test('mounts / without propagation where / is not a shared mount', () => {
    const { main } = exporter({ rootFsMount: NodeExporterRootFsMount.NO_PROPAGATION });
    expect(main.volumeMounts[2]).toEqual({ name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'None' });
    expect(main.args).toContain('--path.rootfs=/host/root');
  });

  test('leaves the root filesystem out, and the filesystem collector with it', () => {
    const { main, pod, ds } = exporter({ rootFsMount: NodeExporterRootFsMount.OMIT });
    expect(main.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/host/proc', '/host/sys']);
    expect(pod.volumes.map((v: any) => v.hostPath.path)).toEqual(['/proc', '/sys']);
    expect(main.args.filter((a: string) => a.startsWith('--path.'))).toEqual(['--path.procfs=/host/proc', '--path.sysfs=/host/sys']);
    expect(main.args).toContain('--no-collector.filesystem');
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/sensitive-host-mounts']).not.toContain('hostPath /:');
  });

  test('switches collectors on and off', () => {
    const { main } = exporter({
      enableCollectors: [NodeExporterCollector.PROCESSES, NodeExporterCollector.TCPSTAT],
      disableCollectors: [NodeExporterCollector.WIFI, NodeExporterCollector.HWMON],
    });
    expect(main.args.slice(-4)).toEqual(['--collector.processes', '--collector.tcpstat', '--no-collector.wifi', '--no-collector.hwmon']);
  });

  test('mounts the D-Bus socket read-only, with its reason, for the systemd collector', () => {
    const { main, pod, ds } = exporter({ enableCollectors: [NodeExporterCollector.SYSTEMD] });
    expect(main.args).toContain('--collector.systemd');
    expect(main.volumeMounts).toContainEqual({ name: 'dbus', mountPath: '/var/run/dbus/system_bus_socket', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'dbus', hostPath: { path: '/run/dbus/system_bus_socket', type: 'Socket' } });
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/sensitive-host-mounts'])
      .toContain('hostPath /run/dbus/system_bus_socket: the systemd and logind collectors query systemd and logind over the node\'s D-Bus system bus');
  });

  test('takes its own filters and extra arguments', () => {
    const { main } = exporter({
      filesystemMountPointsExclude: '^/(dev|proc|sys)($|/)',
      filesystemFsTypesExclude: '^(proc|sysfs)$',
      networkDevicesExclude: '^veth.*$',
      extraArgs: ['--collector.textfile.directory=/host/root/var/lib/node-exporter', '--web.disable-exporter-metrics'],
    });
    expect(main.args).toEqual(expect.arrayContaining([
      '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys)($|/)',
      '--collector.filesystem.fs-types-exclude=^(proc|sysfs)$',
      '--collector.netclass.ignored-devices=^veth.*$',
      '--collector.netdev.device-exclude=^veth.*$',
    ]));
    expect(main.args.slice(-2)).toEqual(['--collector.textfile.directory=/host/root/var/lib/node-exporter', '--web.disable-exporter-metrics']);
  });

  test('keeps the resources given and fills in the missing ones', () => {
    const { main } = exporter({ resources: { cpu: { limit: kplus.Cpu.millis(50) }, memory: { request: Size.mebibytes(256) } } });
    expect(main.resources.requests).toMatchObject({ cpu: '50m', memory: '256Mi' });
    expect(main.resources.limits).toMatchObject({ cpu: '50m', memory: '256Mi' });
  });

  test('tolerates every taint, or only the control plane', () => {
    expect(exporter({ tolerations: NodeExporterTolerations.ALL }).pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(exporter({ tolerations: NodeExporterTolerations.CONTROL_PLANE }).pod.tolerations)
      .toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('can leave the node\'s PID namespace, and its relaxation, out', () => {
    const { pod, ds } = exporter({ hostPid: false });
    expect(pod.hostPID).toBeUndefined();
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/host-pid']).toBeUndefined();
    expect(ds.metadata.annotations['polaris.fairwinds.com/hostPIDSet-exempt']).toBeUndefined();
    expect(pod.volumes.map((v: any) => v.hostPath.path)).toContain('/proc');
  });

  test('can be scheduled on virtual nodes', () => {
    expect(exporter({ excludeVirtualNodes: false }).pod.affinity).toBeUndefined();
  });

  test('uses the given priority class, node selector and update strategy', () => {
    const { pod, ds } = exporter({
      priorityClassName: 'node-agents',
      nodeSelector: { 'node.kubernetes.io/instance-type': 'm7i.large' },
      updateStrategy: DaemonSetUpdateStrategy.onDelete(),
    });
    expect(pod.priorityClassName).toBe('node-agents');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'm7i.large' });
    expect(ds.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('has a ClusterIP Service when asked', () => {
    const service = exporter({ serviceType: NodeExporterServiceType.CLUSTER_IP }).one('Service');
    expect(service.spec.clusterIP).toBeUndefined();
    expect(service.spec.type).toBe('ClusterIP');
  });

  test('keeps the cdk8s-plus API of the DaemonSet reachable', () => {
    const c = chart();
    const ne = new NodeExporterDaemonSet(c, 'NodeExporter');
    ne.daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.is('dedicated', 'gpu', { effect: kplus.TaintEffect.NO_EXECUTE })));
    ne.exporter.mount('/host/textfiles', kplus.Volume.fromEmptyDir(c, 'textfiles', 'textfiles'));
    const pod = synth(c).find(m => m.kind === 'DaemonSet').spec.template.spec;
    expect(pod.tolerations).toContainEqual({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'textfiles', mountPath: '/host/textfiles' });
  });
});

describe('NodeExporterDaemonSet without hostNetwork', () => {
  const { manifests, one, ds, pod, main } = exporter({ hostNetwork: false });

  test('stays in the pod network: no host network, no host port, listens on the pod IP', () => {
    expect(pod.hostNetwork).toBe(false);
    expect(pod.hostPID).toBe(true);
    expect(main.ports).toEqual([{ name: 'metrics', containerPort: 9100 }]);
    expect(main.args).toContain('--web.listen-address=[$(POD_IP)]:9100');
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/host-network']).toBeUndefined();
    expect(ds.metadata.annotations['polaris.fairwinds.com/hostPortSet-exempt']).toBeUndefined();
  });

  test('surges, since no port is bound on the node', () => {
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('admits ingress to the metrics port only, and no egress', () => {
    expect(manifests.map(m => m.kind)).toEqual(['ServiceAccount', 'DaemonSet', 'ResourceQuota', 'Service', 'NetworkPolicy']);
    expect(one('NetworkPolicy').spec).toEqual({
      podSelector: { matchLabels: ds.spec.selector.matchLabels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ port: 9100, protocol: 'TCP' }] }],
      egress: [],
    });
  });

  test('admits only the scrapers named by namespace and pod labels', () => {
    const both = exporter({ hostNetwork: false, networkPolicy: { fromNamespaces: ['monitoring'], fromPodLabels: { 'app.kubernetes.io/name': 'prometheus' } } });
    expect(both.one('NetworkPolicy').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['monitoring'] }] },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      }],
      ports: [{ port: 9100, protocol: 'TCP' }],
    }]);
    const labelsOnly = exporter({ hostNetwork: false, networkPolicy: { fromPodLabels: { app: 'prometheus' } } });
    // Pods with these labels in any namespace, not only the exporter's.
    expect(labelsOnly.one('NetworkPolicy').spec.ingress[0].from).toEqual([{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'prometheus' } } }]);
  });

  test('may bind a port below 1024 (the pod network allows it)', () => {
    expect(exporter({ hostNetwork: false, port: 80 }).main.ports).toEqual([{ name: 'metrics', containerPort: 80 }]);
  });
});

describe('NodeExporterDaemonSet behind kube-rbac-proxy', () => {
  const { ne, manifests, one, ds, pod, main, container } = exporter({ listen: NodeExporterListen.behindKubeRbacProxy(), serviceMonitor: {} });
  const proxy = container('kube-rbac-proxy');

  test('runs the exporter on 127.0.0.1:9101, declared as a host port on the node\'s loopback, probed there by the kubelet', () => {
    expect(main.args).toContain('--web.listen-address=127.0.0.1:9101');
    expect(main.env).toBeUndefined();
    // A hostIP needs its hostPort: without one the API server warns 'hostIP set without hostPort'.
    expect(main.ports).toEqual([{ name: 'http-local', containerPort: 9101, hostPort: 9101, hostIP: '127.0.0.1' }]);
    expect(ds.metadata.annotations['checkov.io/skip4']).toContain('hostPort 9101: the exporter serves kube-rbac-proxy on the node\'s loopback only (127.0.0.1), where the kubelet probes it');
    expect(main.livenessProbe.tcpSocket).toEqual({ host: '127.0.0.1', port: 9101 });
    expect(main.readinessProbe.httpGet).toEqual({ host: '127.0.0.1', path: '/', port: 9101, scheme: 'HTTP' });
  });

  test('puts a pinned, hardened kube-rbac-proxy on the node IP and port 9100, with the host port', () => {
    expect(proxy.image).toBe('quay.io/brancz/kube-rbac-proxy:v0.22.1');
    expect(proxy.args).toEqual([
      '--secure-listen-address=[$(HOST_IP)]:9100',
      '--upstream=http://127.0.0.1:9101/',
      '--proxy-endpoints-port=9102',
      '--allow-paths=/metrics',
      '--tls-min-version=VersionTLS12',
      expect.stringMatching(/^--tls-cipher-suites=TLS_ECDHE_/),
    ]);
    expect(proxy.env).toEqual([{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]);
    expect(proxy.ports).toEqual([
      { name: 'https-metrics', containerPort: 9100, hostPort: 9100 },
      { name: 'proxy-health', containerPort: 9102, hostPort: 9102 },
    ]);
    // Alive while its own /healthz answers, ready while it accepts scrapes: probes that differ.
    expect(proxy.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 9102, scheme: 'HTTPS' }, failureThreshold: 3 });
    expect(proxy.readinessProbe).toEqual({ tcpSocket: { port: 9100 }, failureThreshold: 3 });
    expect(checkovSkip(ds.metadata.annotations, 'CKV_K8S_26')).toBe('CKV_K8S_26=hostPort 9100: Prometheus scrapes each node\'s exporter on the node IP; declaring the port lets the scheduler refuse a second pod that needs it on the node; ' +
      'hostPort 9101: the exporter serves kube-rbac-proxy on the node\'s loopback only (127.0.0.1), where the kubelet probes it; ' +
      'hostPort 9102: kube-rbac-proxy serves its own /healthz on the node IP here (--proxy-endpoints-port) for the kubelet\'s liveness probe');
    expect(proxy.resources.requests).toMatchObject({ cpu: '10m', memory: '20Mi' });
    expect(proxy.resources.limits).toMatchObject({ cpu: '50m', memory: '40Mi' });
    expect(proxy.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(ne.kubeRbacProxy).toBeDefined();
  });

  test('mounts the ServiceAccount token, with its reason', () => {
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.serviceAccountName).toBe('node-exporter');
    expect(Object.values(ds.metadata.annotations)).toContainEqual(expect.stringMatching(/^CKV_K8S_38=serviceAccountToken: kube-rbac-proxy checks each scraper's token/));
    expect(ds.metadata.annotations['polaris.fairwinds.com/automountServiceAccountToken-exempt']).toBe('true');
  });

  test('lets the proxy create TokenReviews and SubjectAccessReviews, and nothing else', () => {
    expect(one('ClusterRole').rules).toEqual([
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], resourceNames: [], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], resourceNames: [], verbs: ['create'] },
    ]);
    expect(one('ClusterRoleBinding')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-exporter' },
      subjects: [{ kind: 'ServiceAccount', name: 'node-exporter', namespace: 'monitoring' }],
    });
    expect(manifests.map(m => m.kind)).toEqual(['ServiceAccount', 'DaemonSet', 'ResourceQuota', 'ClusterRole', 'ClusterRoleBinding', 'Service', 'ServiceMonitor']);
  });

  test('serves HTTPS through the Service, and scrapes it with Prometheus\' own token', () => {
    const service = one('Service');
    expect(service.spec.ports).toEqual([{ name: 'https-metrics', port: 9100, targetPort: 9100 }]);
    expect(service.metadata.annotations['prometheus.io/scheme']).toBe('https');
    expect(one('ServiceMonitor').spec.endpoints[0]).toMatchObject({
      port: 'https-metrics',
      scheme: 'https',
      bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      tlsConfig: { insecureSkipVerify: true },
    });
  });

  test('takes another proxy image, internal port and resources', () => {
    const custom = exporter({
      listen: NodeExporterListen.behindKubeRbacProxy({
        image: 'registry.example.com/kube-rbac-proxy:v0.21.2',
        internalPort: 19100,
        healthPort: 19101,
        resources: { memory: { limit: Size.mebibytes(64) } },
      }),
    });
    const customProxy = custom.container('kube-rbac-proxy');
    expect(customProxy.image).toBe('registry.example.com/kube-rbac-proxy:v0.21.2');
    expect(customProxy.args).toContain('--upstream=http://127.0.0.1:19100/');
    expect(customProxy.args).toContain('--proxy-endpoints-port=19101');
    expect(customProxy.livenessProbe.httpGet.port).toBe(19101);
    expect(customProxy.resources.limits.memory).toBe('64Mi');
    expect(custom.main.args).toContain('--web.listen-address=127.0.0.1:19100');
  });
});

describe('NodeExporterDaemonSet ServiceMonitor', () => {
  test('scrapes every node through the Service, every 30s, with the node name as instance', () => {
    const { ne, one } = exporter({ serviceMonitor: {} });
    const monitor = one('ServiceMonitor');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata).toEqual({
      name: 'node-exporter',
      namespace: 'monitoring',
      labels: { 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/instance': 'node-exporter' },
    });
    expect(monitor.spec).toEqual({
      jobLabel: 'app.kubernetes.io/name',
      selector: { matchLabels: one('Service').metadata.labels },
      namespaceSelector: { matchNames: ['monitoring'] },
      endpoints: [{
        port: 'metrics',
        path: '/metrics',
        scheme: 'http',
        interval: '30s',
        relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }],
      }],
    });
    expect(one('Service').spec.ports[0].name).toBe('metrics');
    expect(ne.serviceMonitor).toBeDefined();
  });

  test('takes the labels Prometheus selects on, an interval and a timeout', () => {
    const monitor = exporter({
      serviceMonitor: { labels: { release: 'kube-prometheus-stack' }, interval: Duration.seconds(15), scrapeTimeout: Duration.millis(9500) },
    }).one('ServiceMonitor');
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(monitor.spec.endpoints[0]).toMatchObject({ interval: '15s', scrapeTimeout: '9500ms' });
  });
});

describe('NodeExporterDaemonSet PrometheusRule', () => {
  const { one } = exporter({ prometheusRule: {} });
  const rule = one('PrometheusRule');
  const rules: any[] = rule.spec.groups[0].rules;

  test('is valid against the PrometheusRule CRD and named like the exporter', () => {
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.metadata).toMatchObject({ name: 'node-exporter', namespace: 'monitoring' });
    expect(rule.spec.groups.map((g: any) => g.name)).toEqual(['node-exporter']);
  });

  test('has the core node alerts of the node-exporter mixin', () => {
    expect([...new Set(rules.map(r => r.alert))]).toEqual([
      'NodeFilesystemSpaceFillingUp', 'NodeFilesystemAlmostOutOfSpace', 'NodeFilesystemFilesFillingUp', 'NodeFilesystemAlmostOutOfFiles',
      'NodeNetworkReceiveErrs', 'NodeNetworkTransmitErrs', 'NodeHighNumberConntrackEntriesUsed', 'NodeClockSkewDetected',
      'NodeClockNotSynchronising', 'NodeRAIDDegraded', 'NodeRAIDDiskFailure', 'NodeFileDescriptorLimit', 'NodeSystemSaturation',
      'NodeMemoryMajorPagesFaults', 'NodeMemoryHighUtilization', 'NodeDiskIOSaturation', 'NodeBondingDegraded',
    ]);
  });

  test('selects the job the ServiceMonitor scrapes the exporter as', () => {
    for (const r of rules) {
      expect(r.expr).toContain('job="node-exporter"');
    }
  });

  test('gives each alert a severity, a summary, a description and a runbook', () => {
    for (const r of rules) {
      expect(['warning', 'critical']).toContain(r.labels.severity);
      expect(r.annotations.summary.length).toBeGreaterThan(10);
      expect(r.annotations.description.length).toBeGreaterThan(10);
      expect(r.annotations.runbook_url).toBe(`https://runbooks.prometheus-operator.dev/runbooks/node/${r.alert.toLowerCase()}`);
    }
    const fillingUp = rules.filter(r => r.alert === 'NodeFilesystemSpaceFillingUp');
    expect(fillingUp.map(r => [r.labels.severity, r.for])).toEqual([['warning', '1h'], ['critical', '1h']]);
  });

  test('takes the critical severity and the labels Prometheus selects on', () => {
    const custom = exporter({ prometheusRule: { criticalSeverity: 'page', labels: { release: 'kube-prometheus-stack' } } }).one('PrometheusRule');
    const severities = new Set(custom.spec.groups[0].rules.map((r: any) => r.labels.severity));
    expect(severities).toEqual(new Set(['warning', 'page', 'critical']));
    expect(custom.metadata.labels.release).toBe('kube-prometheus-stack');
  });

  test('alerts on failed systemd units when the systemd collector runs', () => {
    const withSystemd = exporter({ prometheusRule: {}, enableCollectors: [NodeExporterCollector.SYSTEMD] }).one('PrometheusRule');
    expect(withSystemd.spec.groups[0].rules.map((r: any) => r.alert)).toContain('NodeSystemdServiceFailed');
    expect(rules.map(r => r.alert)).not.toContain('NodeSystemdServiceFailed');
  });
});

describe('NodeExporterDaemonSet errors', () => {
  test('throws for an image without a tag or with latest', () => {
    for (const image of ['quay.io/prometheus/node-exporter', 'quay.io/prometheus/node-exporter:latest', 'localhost:5000/node-exporter']) {
      expect(constructionError({ image })).toBe(
        `test/NodeExporter: 'image' is not pinned: without a tag, or with 'latest', each node may run a different release and a restart may change the agent (received '${image}'). ` +
        'Allowed: an image with a release tag (e.g. :v1.12.1) or a digest (@sha256:...). Fix: pin a release, e.g. \'quay.io/prometheus/node-exporter:v1.12.1\'');
    }
  });

  test('throws for an empty image', () => {
    expect(constructionError({ image: '' })).toMatch(/^test\/NodeExporter: 'image' is not an image reference \(received ''\)/);
  });

  test('throws for an unpinned kube-rbac-proxy image', () => {
    expect(constructionError({ listen: NodeExporterListen.behindKubeRbacProxy({ image: 'quay.io/brancz/kube-rbac-proxy:latest' }) }))
      .toMatch(/^test\/NodeExporter: 'listen.kubeRbacProxy.image' is not pinned.*Fix: pin a release, e.g. 'quay.io\/brancz\/kube-rbac-proxy:v0.22.1'$/);
  });

  test('throws for a port out of range', () => {
    for (const port of [0, 65536, 9100.5]) {
      expect(constructionError({ port })).toBe(
        `test/NodeExporter: 'port' is out of range (received ${port}). Allowed: a whole number from 1 to 65535. Fix: use a valid port number`);
    }
  });

  test('throws for a privileged port with hostNetwork', () => {
    expect(constructionError({ port: 443 })).toBe(
      'test/NodeExporter: \'port\' is a privileged port on the node: the exporter runs as nobody with every capability dropped, so it could not bind it (received 443). ' +
      'Allowed: 1024 to 65535 with hostNetwork. Fix: use a port from 1024 up (the default is 9100)');
  });

  test('throws when the proxy\'s internal port is the metrics port', () => {
    expect(constructionError({ listen: NodeExporterListen.behindKubeRbacProxy({ internalPort: 9100 }) })).toBe(
      'test/NodeExporter: \'listen.kubeRbacProxy.internalPort\' is the metrics port: the exporter (on 127.0.0.1) and the proxy (on the node IP) would both bind it in the node\'s network namespace (received 9100). ' +
      'Allowed: a port other than 9100. Fix: use another port, e.g. 9101');
  });

  test('throws when the proxy\'s health port is the metrics port or the internal port', () => {
    expect(constructionError({ listen: NodeExporterListen.behindKubeRbacProxy({ healthPort: 9100 }) })).toBe(
      'test/NodeExporter: \'listen.kubeRbacProxy.healthPort\' is the metrics port: two servers would bind it in the node\'s network namespace (received 9100). ' +
      'Allowed: a port other than 9100 and 9101. Fix: use another free port, e.g. 9102');
    expect(constructionError({ listen: NodeExporterListen.behindKubeRbacProxy({ internalPort: 9102 }) }))
      .toMatch(/^test\/NodeExporter: 'listen.kubeRbacProxy.healthPort' is the internal port: .*\(received 9102\)\. Allowed: a port other than 9100 and 9102\. Fix: use another free port, e.g. 9103$/);
    expect(constructionError({ listen: NodeExporterListen.behindKubeRbacProxy({ healthPort: 70000 }) }))
      .toMatch(/^test\/NodeExporter: 'listen.kubeRbacProxy.healthPort' is out of range \(received 70000\)\. Allowed: a whole number from 1024 to 65535\./);
  });

  test('throws for an internal port out of range', () => {
    expect(constructionError({ listen: NodeExporterListen.behindKubeRbacProxy({ internalPort: 80 }) }))
      .toMatch(/^test\/NodeExporter: 'listen.kubeRbacProxy.internalPort' is out of range \(received 80\)\. Allowed: a whole number from 1024 to 65535\./);
  });

  test('throws for the node IP without hostNetwork', () => {
    expect(constructionError({ hostNetwork: false, listen: NodeExporterListen.nodeIp() })).toBe(
      'test/NodeExporter: \'listen\' is the node IP, which a pod outside the node\'s network namespace cannot bind (received \'NodeExporterListen.nodeIp()\'). ' +
      'Allowed: nodeIp() only with hostNetwork. Fix: use NodeExporterListen.podIp() (the default without hostNetwork), or keep hostNetwork');
  });

  test('throws for kube-rbac-proxy without hostNetwork', () => {
    expect(constructionError({ hostNetwork: false, listen: NodeExporterListen.behindKubeRbacProxy() }))
      .toMatch(/^test\/NodeExporter: 'listen' puts kube-rbac-proxy in front of an exporter that is not in the node's network namespace.*Fix: keep hostNetwork, or restrict access with networkPolicy instead of the proxy$/);
  });

  test('throws for every interface without a reason', () => {
    expect(constructionError({ listen: NodeExporterListen.allInterfaces(' ') }))
      .toMatch(/^test\/NodeExporter: 'listen' listens on every interface without a reason: .* \(received ' '\)\. Allowed: a sentence saying why every interface is needed\. Fix: write the reason, or use NodeExporterListen.nodeIp\(\)$/);
  });

  test('throws for a collector switched both on and off', () => {
    const props = { enableCollectors: [NodeExporterCollector.SYSTEMD, NodeExporterCollector.CPU], disableCollectors: [NodeExporterCollector.CPU] };
    expect(constructionError(props)).toBe(
      'test/NodeExporter: \'enableCollectors\' switches on collectors that disableCollectors switches off: cpu ' +
      '(received {"enableCollectors":["systemd","cpu"],"disableCollectors":["cpu"]}). Allowed: each collector in one of the two lists. Fix: remove it from one of the lists');
  });

  test('throws for an unknown collector', () => {
    expect(constructionError({ disableCollectors: ['wifii' as NodeExporterCollector] }))
      .toMatch(/^test\/NodeExporter: 'disableCollectors' names unknown collectors: wifii .*Fix: use the NodeExporterCollector enum; switch a collector of another release with extraArgs/);
  });

  test('throws for the filesystem collector without the root filesystem', () => {
    expect(constructionError({ rootFsMount: NodeExporterRootFsMount.OMIT, enableCollectors: [NodeExporterCollector.FILESYSTEM] }))
      .toMatch(/^test\/NodeExporter: 'enableCollectors' switches on the filesystem collector while the root filesystem is not mounted: .*Fix: remove FILESYSTEM from enableCollectors, or mount the root filesystem/);
  });

  test('throws for an invalid, empty or non-Go regular expression', () => {
    expect(constructionError({ filesystemMountPointsExclude: '^/(dev|proc' }))
      .toMatch(/^test\/NodeExporter: 'filesystemMountPointsExclude' is not a valid regular expression: .* \(received '\^\/\(dev\|proc'\)\. Allowed: a non-empty Go \(RE2\) regular expression/);
    expect(constructionError({ filesystemFsTypesExclude: '' })).toMatch(/^test\/NodeExporter: 'filesystemFsTypesExclude' is empty \(received ''\)/);
    expect(constructionError({ networkDevicesExclude: '^(?!eth).*$' }))
      .toMatch(/^test\/NodeExporter: 'networkDevicesExclude' uses look-around or a back-reference, which Go regular expressions do not support/);
  });

  test('throws for an extra argument that repeats a flag the construct sets', () => {
    expect(constructionError({ disableCollectors: [NodeExporterCollector.WIFI], extraArgs: ['--collector.wifi'] }))
      .toMatch(/^test\/NodeExporter: 'extraArgs\[0\]' repeats or contradicts a flag the construct sets \(--no-collector.wifi\).*Fix: use the prop enableCollectors \/ disableCollectors instead$/);
    expect(constructionError({ extraArgs: ['--path.rootfs=/'] })).toMatch(/Fix: remove the flag: the construct mounts the node's \/ at \/host\/root \(rootFsMount chooses how, or leaves it out\)$/);
  });

  test('throws for a repeated --path.procfs naming what to do instead, not an unrelated prop', () => {
    expect(constructionError({ extraArgs: ['--path.procfs=/proc'] })).toBe(
      'test/NodeExporter: \'extraArgs[0]\' repeats or contradicts a flag the construct sets (--path.procfs=/host/proc): node-exporter refuses a flag given twice '
      + '(received \'--path.procfs=/proc\'). Allowed: flags the construct does not set. '
      + 'Fix: remove the flag: the construct mounts the node\'s /proc at /host/proc and points --path.procfs there');
    expect(constructionError({ extraArgs: ['--path.sysfs=/sys'] })).toMatch(/Fix: remove the flag: the construct mounts the node's \/sys at \/host\/sys/);
  });

  test('listens on more addresses given as repeated --web.listen-address, which node-exporter accepts', () => {
    const { main } = exporter({ extraArgs: ['--web.listen-address=127.0.0.1:9100', '--web.listen-address=[fd00::10]:9100'] });
    expect(main.args.filter((a: string) => a.startsWith('--web.listen-address='))).toEqual([
      '--web.listen-address=[$(HOST_IP)]:9100',
      '--web.listen-address=127.0.0.1:9100',
      '--web.listen-address=[fd00::10]:9100',
    ]);
  });

  test('throws for an extra listen address that is already listened on, or every interface on the same port', () => {
    expect(constructionError({ extraArgs: ['--web.listen-address=127.0.0.1:9100', '--web.listen-address=127.0.0.1:9100'] })).toBe(
      'test/NodeExporter: \'extraArgs[1]\' would bind an address the exporter already listens on (127.0.0.1:9100): the second bind fails and the exporter stops '
      + '(received \'--web.listen-address=127.0.0.1:9100\'). Allowed: addresses the exporter does not listen on yet; every interface (:<port>) only on a port of its own. '
      + 'Fix: remove the flag, or listen on another address or port');
    expect(constructionError({ extraArgs: ['--web.listen-address=:9100'] }))
      .toMatch(/^test\/NodeExporter: 'extraArgs\[0\]' would bind a port the exporter already listens on \(\[\$\(HOST_IP\)\]:9100\)/);
    expect(() => exporter({ extraArgs: ['--web.listen-address=:9200'] })).not.toThrow();
  });

  test('throws for an extra listen address behind kube-rbac-proxy, which it would bypass', () => {
    expect(constructionError({ listen: NodeExporterListen.behindKubeRbacProxy(), extraArgs: ['--web.listen-address=127.0.0.1:9200'] }))
      .toMatch(/^test\/NodeExporter: 'extraArgs\[0\]' adds a listener next to kube-rbac-proxy, which would serve the metrics without the proxy's authorization/);
  });

  test('throws for an include filter next to the exclude filter the construct sets', () => {
    expect(constructionError({ extraArgs: ['--collector.netdev.device-include=^eth0$'] })).toBe(
      'test/NodeExporter: \'extraArgs[0]\' cannot be combined with --collector.netdev.device-exclude, which the construct sets: node-exporter refuses to start with both ' +
      '(received \'--collector.netdev.device-include=^eth0$\'). Allowed: --collector.netdev.device-exclude through networkDevicesExclude. Fix: express the filter as an exclude pattern in networkDevicesExclude');
  });

  test('throws for an extra argument that is not a flag', () => {
    expect(constructionError({ extraArgs: ['collector.processes'] }))
      .toMatch(/^test\/NodeExporter: 'extraArgs\[0\]' is not a flag \(received 'collector.processes'\)/);
  });

  test('throws for a NetworkPolicy with hostNetwork', () => {
    expect(constructionError({ networkPolicy: { fromNamespaces: ['monitoring'] } })).toBe(
      'test/NodeExporter: \'networkPolicy\' cannot apply with hostNetwork: NetworkPolicy does not filter pods in the node\'s network namespace (received {"fromNamespaces":["monitoring"]}). ' +
      'Allowed: networkPolicy with hostNetwork: false (the network metrics then describe the pod, not the node). ' +
      'Fix: remove networkPolicy and restrict access with listen (the default node IP, or NodeExporterListen.behindKubeRbacProxy()) and the node firewall, or set hostNetwork: false');
  });

  test('throws for a NetworkPolicy that would admit no one, or names an invalid namespace', () => {
    expect(constructionError({ hostNetwork: false, networkPolicy: { fromNamespaces: [] } }))
      .toMatch(/^test\/NodeExporter: 'networkPolicy.fromNamespaces' is empty, which would admit no one/);
    expect(constructionError({ hostNetwork: false, networkPolicy: { fromNamespaces: ['Monitoring'] } }))
      .toMatch(/^test\/NodeExporter: 'networkPolicy.fromNamespaces' is not a valid name \(received 'Monitoring'\)/);
  });

  test('throws for an invalid name or namespace', () => {
    expect(constructionError({ name: 'Node_Exporter' })).toMatch(/^test\/NodeExporter: 'name' is not a valid name \(received 'Node_Exporter'\)\. Allowed: a DNS-1123 label/);
    expect(constructionError({ namespace: 'monitoring.' })).toMatch(/^test\/NodeExporter: 'namespace' is not a valid name \(received 'monitoring.'\)/);
  });

  test('throws for a scrape timeout longer than the interval, or a zero duration', () => {
    expect(constructionError({ serviceMonitor: { scrapeTimeout: Duration.minutes(1) } })).toBe(
      'test/NodeExporter: \'serviceMonitor.scrapeTimeout\' is longer than the scrape interval, which Prometheus refuses (received {"scrapeTimeout":"60s","interval":"30s"}). ' +
      'Allowed: scrapeTimeout <= interval. Fix: shorten scrapeTimeout or lengthen interval');
    expect(constructionError({ serviceMonitor: { interval: Duration.seconds(0) } }))
      .toBe('test/NodeExporter: \'serviceMonitor.interval\' is zero (received \'0s\'). Allowed: a positive duration. Fix: set a longer serviceMonitor.interval');
  });

  test('throws for an invalid label of the Prometheus Operator objects', () => {
    expect(constructionError({ serviceMonitor: { labels: { release: 'kube prometheus' } } }))
      .toMatch(/^test\/NodeExporter: 'serviceMonitor.labels.release' is not a valid label \(received 'kube prometheus'\)/);
    expect(constructionError({ prometheusRule: { labels: { 'bad key/x/y': 'v' } } }))
      .toMatch(/^test\/NodeExporter: 'prometheusRule.labels.bad key\/x\/y' is not a valid label/);
  });

  test('rejects at synth two exporters on the same host port in one app', () => {
    const c = chart();
    new NodeExporterDaemonSet(c, 'NodeExporter');
    new NodeExporterDaemonSet(c, 'Other', { namespace: 'other', listen: NodeExporterListen.behindKubeRbacProxy() });
    expect(synthError(c)).toContain(
      'test/Other/DaemonSet: \'containers[kube-rbac-proxy].ports\' binds host port 9100/TCP, which DaemonSet test/NodeExporter/DaemonSet also binds: ' +
      'DaemonSet pods run on every node, so one of the two agents could never start (received 9100).');
  });

  test('rejects at synth an exporter next to another DaemonSet of the app on its port', () => {
    const c = chart();
    new NodeExporterDaemonSet(c, 'NodeExporter');
    const other = new DaemonSet(c, 'Agent', { relaxations: [Relaxation.hostPort(9100, 'serves its status on the node')] });
    other.addContainer({ image: 'example.com/agent:1.0.0', ports: [{ number: 9100, hostPort: 9100 }] });
    expect(synthError(c)).toContain('binds host port 9100/TCP, which DaemonSet test/NodeExporter/DaemonSet also binds');
  });

  test('lets two exporters on different ports, or on disjoint nodes, synthesize', () => {
    const c = chart();
    new NodeExporterDaemonSet(c, 'NodeExporter');
    new NodeExporterDaemonSet(c, 'Other', { namespace: 'other', port: 9110 });
    new NodeExporterDaemonSet(c, 'PoolA', { namespace: 'pool-a', port: 9120, nodeSelector: { pool: 'a' } });
    new NodeExporterDaemonSet(c, 'PoolB', { namespace: 'pool-b', port: 9120, nodeSelector: { pool: 'b' } });
    expect(synth(c).filter(m => m.kind === 'DaemonSet')).toHaveLength(4);
  });

  test('rejects at synth a surge on the host port', () => {
    const c = chart();
    new NodeExporterDaemonSet(c, 'NodeExporter', { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) }) });
    expect(synthError(c)).toContain(
      'test/NodeExporter/DaemonSet: \'updateStrategy.maxSurge\' cannot be used while the pod binds host port 9100/TCP: the surge pod can never bind the port next to the old pod on the same node');
  });

  test('rejects at synth resources whose request exceeds the limit', () => {
    const c = chart();
    new NodeExporterDaemonSet(c, 'NodeExporter', { resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(128) } } });
    expect(synthError(c)).toContain('test/NodeExporter/DaemonSet: \'containers[node-exporter].resources.memory\' requests more than its limit');
  });
});

describe('NodeExporterDaemonSet options operators change most', () => {
  test('reads the textfile collector\'s directory of the node, read-only, with its reason', () => {
    const { main, pod, ds } = exporter({ textfileDirectory: '/var/lib/node-exporter/textfile' });
    expect(main.args).toContain('--collector.textfile.directory=/host/textfile');
    expect(pod.volumes).toContainEqual({ name: 'textfile', hostPath: { path: '/var/lib/node-exporter/textfile', type: 'DirectoryOrCreate' } });
    expect(main.volumeMounts).toContainEqual({ name: 'textfile', mountPath: '/host/textfile', readOnly: true });
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/sensitive-host-mounts']).toContain('hostPath /var/lib/node-exporter/textfile: the textfile collector reads');
  });

  test('throws for a textfile directory given through extraArgs too, naming the prop', () => {
    expect(constructionError({ textfileDirectory: '/var/lib/textfile', extraArgs: ['--collector.textfile.directory=/tmp'] }))
      .toMatch(/Fix: use the prop textfileDirectory instead$/);
  });

  test('mounts more host paths read-only with their reasons', () => {
    const { main, pod, ds } = exporter({ hostMounts: [{ path: '/etc/os-release', reason: 'the os collector reads the node\'s release', type: kplus.HostPathVolumeType.FILE }] });
    expect(pod.volumes).toContainEqual({ name: 'host-0', hostPath: { path: '/etc/os-release', type: 'File' } });
    expect(main.volumeMounts).toContainEqual({ name: 'host-0', mountPath: '/etc/os-release', readOnly: true });
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/sensitive-host-mounts']).toContain('hostPath /etc/os-release: the os collector reads the node\'s release');
  });

  test('throws for a host mount over one of the exporter\'s own', () => {
    expect(constructionError({ hostMounts: [{ path: '/var/lib/x', mountPath: '/host/root/x', reason: 'reads it' }] }))
      .toMatch(/^test\/NodeExporter: 'hostMounts\[0\]' is mounted by the construct already, or mounts over one of its mounts/);
    expect(constructionError({ hostMounts: [{ path: 'var/lib/x', reason: 'reads it' }] })).toMatch(/^test\/NodeExporter: 'hostMounts\[0\].path' is not an absolute path on the node/);
  });

  test('runs sidecars next to the exporter, hardened like every container', () => {
    const { pod } = exporter({ sidecars: [{ name: 'textfile-writer', image: 'example.com/writer:1.0.0' }] });
    const sidecar = pod.containers.find((x: any) => x.name === 'textfile-writer');
    expect(sidecar.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(sidecar.resources.limits).toMatchObject({ cpu: '250m', memory: '128Mi' });
  });

  test('emits a PodMonitor with the node as instance, the user\'s relabelings after it, and metric relabelings', () => {
    const c = chart();
    new NodeExporterDaemonSet(c, 'NodeExporter', {
      podMonitor: {
        labels: { release: 'kube-prometheus-stack' },
        relabelings: [{ targetLabel: 'cluster', replacement: 'prod' }],
        metricRelabelings: [{ sourceLabels: ['__name__'], regex: 'node_scrape_collector_.*', action: RelabelAction.DROP }],
      },
      serviceMonitor: { relabelings: [{ targetLabel: 'cluster', replacement: 'prod' }] },
    });
    // Every object against its schema, the monitors against their CRDs.
    const manifests = synth(c);
    const podMonitor = manifests.find(m => m.kind === 'PodMonitor');
    expect(podMonitor.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(podMonitor.spec.podMetricsEndpoints).toEqual([{
      port: 'metrics',
      path: '/metrics',
      scheme: 'http',
      interval: '30s',
      relabelings: [
        { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance', action: 'replace' },
        { targetLabel: 'cluster', replacement: 'prod', action: 'replace' },
      ],
      metricRelabelings: [{ sourceLabels: ['__name__'], regex: 'node_scrape_collector_.*', action: 'drop' }],
    }]);
    expect(manifests.find(m => m.kind === 'ServiceMonitor').spec.endpoints[0].relabelings).toHaveLength(2);
  });

  test('throws for a relabeling that Prometheus would refuse', () => {
    expect(constructionError({ podMonitor: { relabelings: [{ action: RelabelAction.REPLACE, replacement: 'x' }] } }))
      .toMatch(/^test\/NodeExporter: 'podMonitor.relabelings\[0\].targetLabel' is required with action replace/);
    expect(constructionError({ serviceMonitor: { metricRelabelings: [{ regex: '(?!x)', action: RelabelAction.DROP }] } }))
      .toMatch(/^test\/NodeExporter: 'serviceMonitor.metricRelabelings\[0\].regex' uses look-around/);
  });
});
