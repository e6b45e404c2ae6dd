import { createHash } from 'crypto';
import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ContainerRuntime, DaemonSetUpdateStrategy, LogCollectorAgent, LogCollectorAgentKind, LogCollectorDaemonSet, LogCollectorDaemonSetProps,
  LogCollectorLogLevel, LogOutput, LogOutputAuth, LogOutputKind, RelabelAction, Relaxation,
} from '../../src';
import { chart, onlyOfKind, synth, synthError, validateSchema } from '../util';

/** Synthesizes one collector (schema-validating every object) and returns its objects by kind. */
function collector(props: LogCollectorDaemonSetProps = {}, c: Chart = chart()) {
  const logs = new LogCollectorDaemonSet(c, 'Logs', props);
  const manifests = synth(c);
  const one = (kind: string) => onlyOfKind(manifests, kind);
  const ds = one('DaemonSet');
  const pod = ds.spec.template.spec;
  const container = pod.containers[0];
  const configMap = one('ConfigMap');
  return { c, logs, manifests, one, ds, pod, container, configMap, config: Object.values<string>(configMap.data).join('\n') };
}

/**
 * The names of the Loki labels Fluent Bit's out_loki sends for a config, by its rules (plugins/out_loki/loki.c,
 * the same in 4.2.x and 5.1.x): a `Labels` entry `key=value` is named `key`, also when the value is a
 * record accessor; a `Label_Keys` entry `$a['b']` is named after the accessor's path joined with '_'
 * (`a_b`), with other characters than [A-Za-z0-9_] made '_'.
 */
function fluentBitLokiLabels(config: string): string[] {
  const value = (key: string) => new RegExp(`^ +${key} +(.*)$`, 'm').exec(config)?.[1];
  const labels = (value('Labels') ?? '').split(',').map(e => e.trim()).filter(e => e).map(e => e.split('=')[0].trim());
  const keys = (value('Label_Keys') ?? '').split(',').map(e => e.trim()).filter(e => e)
    .map(e => [...e.matchAll(/^\$([A-Za-z0-9_]+)|\['([^']+)'\]/g)].map(m => m[1] ?? m[2]).join('_').replace(/[^A-Za-z0-9_]/g, '_'));
  return [...labels, ...keys];
}

/** The names of the Loki labels fluent-plugin-grafana-loki sends: each `<label>` entry's name, and the keys of `extra_labels`. */
function fluentdLokiLabels(config: string): string[] {
  const block = /<label>\n([\s\S]*?)\n\s*<\/label>/.exec(config)?.[1] ?? '';
  const extra = JSON.parse(/extra_labels (.*)/.exec(config)?.[1] ?? '{}');
  return [...block.split('\n').map(l => l.trim().split(/\s+/)[0].replace(/[.\-/]/g, '_')), ...Object.keys(extra)];
}

/** Names of the hostPath volumes of a pod, by path. */
function hostPathVolumes(pod: any): Record<string, any> {
  return Object.fromEntries(pod.volumes.filter((v: any) => v.hostPath).map((v: any) => [v.hostPath.path, v]));
}

/** The mount of `volumeName` in `container`. */
function mountOf(container: any, volumeName: string): any {
  return container.volumeMounts.find((m: any) => m.name === volumeName);
}

const ROOT_REASON = 'container log files are owned by root with mode 0640 (containerd) or 0600 (CRI-O): root reads them as their owner, with every capability still dropped';
const TOKEN_REASON = 'the agent reads the metadata of pods and namespaces from the Kubernetes API';
const STATE_REASON = 'keeps the read positions across restarts, so no log line is lost or shipped twice; the only host path the collector writes';

describe('LogCollectorDaemonSet defaults', () => {
  const { manifests, one, ds, pod, container, configMap, config, logs } = collector();

  test('emits exactly a ServiceAccount, ClusterRole, ClusterRoleBinding, ConfigMap, DaemonSet, its NetworkPolicy and a Service, each valid', () => {
    expect(manifests.map(m => m.kind).sort()).toEqual(
      ['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet', 'NetworkPolicy', 'Service', 'ServiceAccount']);
    for (const manifest of manifests) {
      expect(() => validateSchema(manifest)).not.toThrow();
    }
  });

  test('runs Fluent Bit from a pinned current image', () => {
    expect(container.name).toBe('fluent-bit');
    expect(container.image).toBe('cr.fluentbit.io/fluent/fluent-bit:5.1.1');
    expect(container.image).toBe(LogCollectorAgent.FLUENT_BIT_IMAGE);
    expect(logs.agent.kind).toBe(LogCollectorAgentKind.FLUENT_BIT);
  });

  test('starts Fluent Bit with the config mounted read-only from the ConfigMap', () => {
    expect(container.command).toEqual(['/fluent-bit/bin/fluent-bit']);
    expect(container.args).toEqual(['--workdir=/fluent-bit/etc', '--config=/fluent-bit/etc/conf/fluent-bit.conf']);
    expect(mountOf(container, 'config')).toEqual({ name: 'config', mountPath: '/fluent-bit/etc/conf', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: configMap.metadata.name } });
    expect(Object.keys(configMap.data)).toEqual(['fluent-bit.conf']);
  });

  test('tails the CRI container logs of /var/log/containers, keeping positions in the state directory', () => {
    expect(config).toMatch(/\[INPUT\]\n {4}Name +tail\n {4}Tag +kube\.\*\n {4}Path +\/var\/log\/containers\/\*\.log\n/);
    expect(config).toMatch(/multiline\.parser +cri\n/);
    expect(config).toMatch(/DB +\/var\/lib\/fluent-bit\/tail-containers\.db\n/);
    expect(config).toMatch(/Mem_Buf_Limit +5MB\n/);
  });

  test('adds the Kubernetes metadata to the container logs', () => {
    expect(config).toMatch(/\[FILTER\]\n {4}Name +kubernetes\n {4}Match +kube\.\*\n/);
    expect(config).toMatch(/Merge_Log +On\n/);
  });

  test('prints to stdout and skips its own log files, so it never reads back what it prints', () => {
    expect(logs.output?.kind).toBe(LogOutputKind.STDOUT);
    expect(config).toMatch(/\[OUTPUT\]\n {4}Name +stdout\n {4}Match +\*\n {4}Format +json_lines\n/);
    expect(config).toContain(`Exclude_Path     /var/log/containers/${ds.metadata.name}-*_kube-system_fluent-bit-*.log\n`);
  });

  test('serves health and metrics on port 2020', () => {
    expect(config).toMatch(/HTTP_Server +On\n {4}HTTP_Listen +0\.0\.0\.0\n {4}HTTP_Port +2020\n {4}Health_Check +On\n/);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 2020 }]);
  });

  test('annotates the pod template with the sha256 of the config', () => {
    const sorted = Object.keys(configMap.data).sort().map(k => [k, configMap.data[k]]);
    const expected = createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
    expect(ds.spec.template.metadata.annotations['checksum/config']).toBe(expected);
    expect(LogCollectorDaemonSet.CONFIG_CHECKSUM_ANNOTATION).toBe('checksum/config');
    expect(logs.configChecksum).toBe(expected);
  });

  test('mounts /var/log read-only, as a Directory', () => {
    expect(mountOf(container, 'varlog')).toEqual({ name: 'varlog', mountPath: '/var/log', readOnly: true });
    expect(hostPathVolumes(pod)['/var/log']).toEqual({ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } });
  });

  test('mounts exactly one writable host directory: the state directory, created if missing', () => {
    expect(mountOf(container, 'state')).toEqual({ name: 'state', mountPath: '/var/lib/fluent-bit', readOnly: false });
    expect(hostPathVolumes(pod)['/var/lib/fluent-bit']).toEqual({ name: 'state', hostPath: { path: '/var/lib/fluent-bit', type: 'DirectoryOrCreate' } });
    const hostVolumes = new Set(Object.values(hostPathVolumes(pod)).map((v: any) => v.name));
    const writable = container.volumeMounts.filter((m: any) => hostVolumes.has(m.name) && m.readOnly !== true);
    expect(writable.map((m: any) => m.name)).toEqual(['state']);
    expect(Object.keys(hostPathVolumes(pod)).sort()).toEqual(['/etc', '/run/log/journal', '/var/lib/fluent-bit', '/var/log']);
  });

  test('reads the kubelet\'s journal, persistent or volatile, without a Path that would stop Fluent Bit on a node without it', () => {
    expect(config).toContain([
      '[INPUT]',
      '    Name           systemd',
      '    Tag            host.*',
      '    Systemd_Filter _SYSTEMD_UNIT=kubelet.service',
      '    Read_From_Tail On',
      '    DB             /var/lib/fluent-bit/journal.db',
    ].join('\n'));
    expect(config).not.toMatch(/^ +Path +\/(var|run)\/log\/journal/m);
    // /var/log/journal comes with /var/log; the volatile journal is mounted read-only, created if
    // missing (an empty directory in /run changes nothing for journald).
    expect(mountOf(container, 'volatile-journal')).toEqual({ name: 'volatile-journal', mountPath: '/run/log/journal', readOnly: true });
    expect(hostPathVolumes(pod)['/run/log/journal'].hostPath.type).toBe('DirectoryOrCreate');
    // libsystemd opens the local machine's journal by the machine id: copied by a non-root init
    // container, or empty where the node has none (the volatile journal is read either way).
    expect(pod.initContainers.map((x: any) => x.name)).toEqual(['machine-id']);
    expect(mountOf(container, 'machine-id')).toEqual({ name: 'machine-id', mountPath: '/etc/machine-id', subPath: 'machine-id', readOnly: true });
  });

  test('does not mount Docker\'s directory', () => {
    expect(hostPathVolumes(pod)['/var/lib/docker/containers']).toBeUndefined();
  });

  test('records the reason of every relaxation in the exemption annotations', () => {
    const root = `runAsRoot for container 'fluent-bit': ${ROOT_REASON}`;
    const token = `serviceAccountToken: ${TOKEN_REASON}`;
    expect(ds.metadata.annotations).toEqual({
      'ignore-check.kube-linter.io/sensitive-host-mounts': 'hostPath /var/log: reads the container logs of every pod on the node (/var/log/containers, /var/log/pods) '
        + 'and the persistent journal (/var/log/journal); '
        + 'hostPath /run/log/journal: reads the volatile journal, where nodes without a persistent one keep the kubelet\'s logs; '
        + `writableHostPath /var/lib/fluent-bit: ${STATE_REASON}; `
        + 'hostPath /etc: a non-root init container copies /etc/machine-id into the pod when the node has one, so the agent also starts on nodes without it',
      'ignore-check.kube-linter.io/writable-host-mount': `writableHostPath /var/lib/fluent-bit: ${STATE_REASON}`,
      'ignore-check.kube-linter.io/run-as-non-root': root,
      'kube-score/ignore': 'container-security-context-user-group-id',
      'polaris.fairwinds.com/automountServiceAccountToken-exempt': 'true',
      'polaris.fairwinds.com/hostPathSet-exempt': 'true',
      'polaris.fairwinds.com/runAsRootAllowed-exempt': 'true',
      'checkov.io/skip1': `CKV_K8S_23=${root}`,
      'checkov.io/skip2': `CKV_K8S_38=${token}`,
      'checkov.io/skip3': 'CKV_K8S_40=runAsRoot for container \'fluent-bit\' (reason under CKV_K8S_23)',
    });
  });

  test('runs as root with every capability dropped, a read-only root filesystem and no privilege escalation', () => {
    expect(container.securityContext).toEqual({
      runAsUser: 0,
      runAsGroup: 0,
      runAsNonRoot: false,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(logs.runAsRoot).toBe(true);
  });

  test('grants get, list and watch on pods and namespaces, and nothing more', () => {
    expect(one('ClusterRole').rules).toEqual([
      { apiGroups: [''], resourceNames: [], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resourceNames: [], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  test('binds the ClusterRole to the ServiceAccount in its namespace', () => {
    const sa = one('ServiceAccount');
    const binding = one('ClusterRoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: one('ClusterRole').metadata.name });
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'kube-system' }]);
  });

  test('runs as the ServiceAccount with its token mounted, since the agent reads the API', () => {
    expect(pod.serviceAccountName).toBe(one('ServiceAccount').metadata.name);
    expect(pod.automountServiceAccountToken).toBe(true);
    // Only the collector's pods get the token, not every pod using the ServiceAccount.
    expect(one('ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('sets NODE_NAME from spec.nodeName', () => {
    expect(container.env).toEqual([{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
  });

  test('tolerates every taint, NoExecute included', () => {
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('uses the system-node-critical priority class', () => {
    expect(pod.priorityClassName).toBe('system-node-critical');
  });

  test('updates one node at a time without a surge, because Fluent Bit locks its tail database in the state directory', () => {
    expect(config).toMatch(/DB +\/var\/lib\/fluent-bit\/tail-containers\.db\n +DB\.locking +true\n/);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    // No host port is bound: the state directory alone rules the surge out.
    expect(container.ports.every((p: any) => p.hostPort === undefined)).toBe(true);
    expect(pod.hostNetwork).toBe(false);
  });

  test('requests and limits resources sized for Fluent Bit', () => {
    expect(container.resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' },
    });
  });

  test('probes Fluent Bit\'s health endpoints', () => {
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/', port: 2020, scheme: 'HTTP' }, failureThreshold: 3 });
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/api/v1/health', port: 2020, scheme: 'HTTP' }, failureThreshold: 3 });
    expect(container.startupProbe).toEqual({ httpGet: { path: '/', port: 2020, scheme: 'HTTP' }, failureThreshold: 30, periodSeconds: 2 });
  });

  test('exposes the metrics through a Service that selects the collector pods by their stable labels', () => {
    const service = one('Service');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 2020, targetPort: 2020 }]);
    expect(service.spec.selector).toEqual(ds.spec.selector.matchLabels);
    expect(service.metadata.labels).toEqual(ds.spec.selector.matchLabels);
    expect(service.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '2020',
      'prometheus.io/path': '/api/v2/metrics/prometheus',
    });
  });

  test('emits no ServiceMonitor', () => {
    expect(manifests.find(m => m.kind === 'ServiceMonitor')).toBeUndefined();
    expect(logs.serviceMonitor).toBeUndefined();
  });

  test('names every object after the construct id', () => {
    expect(Object.fromEntries(manifests.map(m => [m.kind, m.metadata.name]))).toEqual({
      ServiceAccount: 'logs',
      ClusterRole: 'logs',
      ClusterRoleBinding: 'logs',
      DaemonSet: 'logs',
      NetworkPolicy: 'logs',
      ConfigMap: 'logs-config',
      Service: 'logs-metrics',
    });
    expect(logs.name).toBe('logs');
  });

  test('puts the namespaced objects in kube-system', () => {
    for (const kind of ['DaemonSet', 'ServiceAccount', 'ConfigMap', 'Service']) {
      expect(one(kind).metadata.namespace).toBe('kube-system');
    }
    expect(one('ClusterRole').metadata.namespace).toBeUndefined();
  });

  test('labels the pods with the agent name and the log-collector component', () => {
    expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': ds.metadata.name });
    expect(ds.metadata.labels['app.kubernetes.io/component']).toBe('log-collector');
  });
});

describe('LogCollectorDaemonSet config rollout', () => {
  test('changes the checksum when the output changes', () => {
    const first = collector().ds.spec.template.metadata.annotations['checksum/config'];
    const second = collector({ output: LogOutput.forward({ host: 'fluentd.logging.svc' }) }).ds.spec.template.metadata.annotations['checksum/config'];
    expect(second).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
  });

  test('keeps the checksum when nothing in the config changes', () => {
    expect(collector().ds.spec.template.metadata.annotations['checksum/config'])
      .toBe(collector().ds.spec.template.metadata.annotations['checksum/config']);
  });

  test('follows data added to the ConfigMap after construction', () => {
    const c = chart();
    const logs = new LogCollectorDaemonSet(c, 'Logs');
    const before = logs.configChecksum;
    logs.configMap.addData('extra.conf', '# more');
    const ds = synth(c).find(m => m.kind === 'DaemonSet');
    expect(ds.spec.template.metadata.annotations['checksum/config']).toBe(logs.configChecksum);
    expect(logs.configChecksum).not.toBe(before);
  });
});

describe('LogCollectorDaemonSet outputs (Fluent Bit)', () => {
  test('forwards to an aggregator, with TLS when asked, and keeps its own logs', () => {
    const { config } = collector({ output: LogOutput.forward({ host: 'fluentd.logging.svc', tls: true }) });
    expect(config).toContain([
      '[OUTPUT]',
      '    Name        forward',
      '    Match       *',
      '    Host        fluentd.logging.svc',
      '    Port        24224',
      '    tls         On',
      '    tls.verify  On',
      '    Retry_Limit False',
    ].join('\n'));
    expect(config).not.toContain('Exclude_Path');
  });

  test('posts JSON lines to an HTTP endpoint', () => {
    const { config } = collector({ output: LogOutput.http({ url: 'https://logs.example.com:8443/ingest' }) });
    expect(config).toContain([
      '    Name             http',
      '    Match            *',
      '    Host             logs.example.com',
      '    Port             8443',
      '    URI              /ingest',
      '    Format           json_lines',
    ].join('\n'));
    expect(config).toMatch(/tls +On\n {4}tls\.verify +On\n/);
  });

  test('pushes to Loki with node, namespace, pod and container labels', () => {
    const { config } = collector({ output: LogOutput.loki({ url: 'http://loki-gateway.loki.svc', tenantId: 'team-a', labels: { cluster: 'prod' } }) });
    expect(config).toContain([
      '    Name        loki',
      '    Match       *',
      '    Host        loki-gateway.loki.svc',
      '    Port        80',
      '    Uri         /loki/api/v1/push',
      '    Tenant_ID   team-a',
      '    Labels      job=fluent-bit, node=${NODE_NAME}, namespace=$kubernetes[\'namespace_name\'], pod=$kubernetes[\'pod_name\'], '
        + 'container=$kubernetes[\'container_name\'], cluster=prod',
      '    Line_Format json',
    ].join('\n'));
    expect(config).not.toContain('tls');
  });

  test.each([
    ['Fluent Bit', LogCollectorAgent.fluentBit(), fluentBitLokiLabels],
    ['Fluentd', LogCollectorAgent.fluentd({ image: 'registry.example.com/fluentd-loki:1.19.3' }), fluentdLokiLabels],
  ])('names the Loki labels %s sends exactly job, node, namespace, pod, container and the static ones, as documented', (_, agent, labelsOf) => {
    const { config } = collector({ agent, output: LogOutput.loki({ url: 'http://loki-gateway.loki.svc', labels: { cluster: 'prod' } }) });
    expect(labelsOf(config).sort()).toEqual(['cluster', 'container', 'job', 'namespace', 'node', 'pod']);
  });

  test('keeps a Loki push path given in the URL', () => {
    expect(collector({ output: LogOutput.loki({ url: 'https://logs.example.com/custom/push' }) }).config).toMatch(/Uri +\/custom\/push\n {4}tls +On/);
  });

  test('indexes in Elasticsearch in daily indices with the given prefix', () => {
    const { config } = collector({ output: LogOutput.elasticsearch({ url: 'https://es.logging.svc:9200/proxy/', indexPrefix: 'k8s' }) });
    expect(config).toContain([
      '    Name               es',
      '    Match              *',
      '    Host               es.logging.svc',
      '    Port               9200',
      '    Path               /proxy',
      '    tls                On',
      '    tls.verify         On',
      '    Logstash_Format    On',
      '    Logstash_Prefix    k8s',
      '    Suppress_Type_Name On',
    ].join('\n'));
  });

  test('indexes in Elasticsearch under logs-* by default', () => {
    const { config, logs } = collector({ output: LogOutput.elasticsearch({ url: 'http://es:9200' }) });
    expect(config).toMatch(/Logstash_Prefix +logs\n/);
    expect(config.split('[OUTPUT]')[1]).not.toContain('Path');
    expect(logs.output?.indexPrefix).toBe('logs');
  });
});

describe('LogCollectorDaemonSet with Fluentd', () => {
  const { container, pod, config, logs, ds } = collector({ agent: LogCollectorAgent.fluentd() });

  test('runs the pinned forward variant of the Fluentd daemonset image', () => {
    expect(container.name).toBe('fluentd');
    expect(container.image).toBe('docker.io/fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-forward-1.1');
    expect(logs.image).toBe(LogCollectorAgent.FLUENTD_IMAGE);
  });

  test('starts fluentd directly with the mounted config', () => {
    expect(container.command).toEqual(['tini', '--', 'fluentd']);
    expect(container.args).toEqual(['--config', '/fluentd/etc/fluent.conf', '--plugin', '/fluentd/plugins']);
    expect(mountOf(container, 'config')).toEqual({ name: 'config', mountPath: '/fluentd/etc', readOnly: true });
  });

  test('updates one node at a time without a surge, because two instances would advance one position file', () => {
    expect(config).toContain('  pos_file /var/lib/fluentd/tail-containers.pos\n');
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('tails CRI logs, keeps positions in /var/lib/fluentd and adds the metadata of this node\'s pods', () => {
    expect(config).toContain('  path /var/log/containers/*.log\n');
    expect(config).toContain('  pos_file /var/lib/fluentd/tail-containers.pos\n');
    expect(config).toContain('  <parse>\n    @type cri\n  </parse>\n');
    expect(config).toContain('<filter kubernetes.**>\n  @type kubernetes_metadata\n');
    expect(config).toContain('<match **>\n  @type stdout\n</match>\n');
    expect(config).toContain(`exclude_path ["/var/log/containers/${ds.metadata.name}-*_kube-system_fluentd-*.log"]`);
    expect(container.env).toEqual([
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ]);
  });

  test('serves Prometheus metrics on 24231, probed for health', () => {
    expect(config).toContain('<source>\n  @type prometheus\n  bind 0.0.0.0\n  port 24231\n  metrics_path /metrics\n</source>');
    // One endpoint: ready when /metrics answers, alive while the port is open (no identical probes).
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 24231 }, failureThreshold: 3 });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/metrics', port: 24231, scheme: 'HTTP' });
  });

  test('gets a writable /tmp (emptyDir) for its supervisor, and its own state directory', () => {
    expect(mountOf(container, 'scratch-tmp-0')).toEqual({ name: 'scratch-tmp-0', mountPath: '/tmp' });
    expect(pod.volumes).toContainEqual({ name: 'scratch-tmp-0', emptyDir: { sizeLimit: '64Mi' } });
    expect(mountOf(container, 'state')).toEqual({ name: 'state', mountPath: '/var/lib/fluentd', readOnly: false });
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/writable-host-mount']).toBe(`writableHostPath /var/lib/fluentd: ${STATE_REASON}`);
  });

  test('is sized for Fluentd', () => {
    expect(container.resources.requests).toEqual({ 'cpu': '200m', 'memory': '256Mi', 'ephemeral-storage': '64Mi' });
    expect(container.resources.limits).toEqual({ 'cpu': '1000m', 'memory': '512Mi', 'ephemeral-storage': '256Mi' });
  });

  test('uses the Elasticsearch variant of the image for an Elasticsearch output', () => {
    const es = collector({ agent: LogCollectorAgent.fluentd(), output: LogOutput.elasticsearch({ url: 'https://es.logging.svc:9200' }) });
    expect(es.container.image).toBe(LogCollectorAgent.FLUENTD_ELASTICSEARCH_IMAGE);
    expect(es.config).toContain([
      '  @type elasticsearch',
      '  host es.logging.svc',
      '  port 9200',
      '  scheme https',
      '  ssl_verify true',
      '  logstash_format true',
      '  logstash_prefix logs',
      '  suppress_type_name true',
    ].join('\n'));
  });

  test('forwards to an aggregator', () => {
    const { config: forward } = collector({ agent: LogCollectorAgent.fluentd(), output: LogOutput.forward({ host: '10.0.0.5', port: 24225, tls: true }) });
    expect(forward).toContain('  @type forward\n  transport tls\n  tls_verify_hostname true\n  <server>\n    host 10.0.0.5\n    port 24225\n  </server>\n');
    expect(forward).not.toContain('exclude_path');
  });

  test('posts JSON to an HTTP endpoint', () => {
    const { config: http } = collector({ agent: LogCollectorAgent.fluentd(), output: LogOutput.http({ url: 'http://collector.example.com/ingest/' }) });
    expect(http).toContain('  @type http\n  endpoint http://collector.example.com/ingest\n  json_array false\n');
  });

  test('pushes to Loki with an image that has the Loki plugin', () => {
    const loki = collector({
      agent: LogCollectorAgent.fluentd({ image: 'registry.example.com/fluentd-loki:1.19.0' }),
      output: LogOutput.loki({ url: 'http://loki.loki.svc:3100/loki/api/v1/push', tenantId: 'ops' }),
    });
    expect(loki.container.image).toBe('registry.example.com/fluentd-loki:1.19.0');
    expect(loki.config).toContain('  @type loki\n  url http://loki.loki.svc:3100\n  tenant ops\n  extra_labels {"job":"fluentd"}\n');
    expect(loki.config).toContain('    node $.kubernetes.host\n    namespace $.kubernetes.namespace_name\n');
  });

  test('reads Docker json-file logs with the Docker switch', () => {
    const docker = collector({ agent: LogCollectorAgent.fluentd(), containerRuntime: ContainerRuntime.DOCKER });
    expect(docker.config).toContain('  <parse>\n    @type json\n    time_key time\n');
    expect(mountOf(docker.container, 'docker-containers')).toEqual({ name: 'docker-containers', mountPath: '/var/lib/docker/containers', readOnly: true });
  });

  test('reads the kubelet\'s journal from both journal directories, with the positions in the state directory', () => {
    expect(config).toContain('  @type systemd\n  @id in_systemd_persistent\n  path /var/log/journal\n  matches [{"_SYSTEMD_UNIT":"kubelet.service"}]\n');
    expect(config).toContain('  @type systemd\n  @id in_systemd_volatile\n  path /run/log/journal\n');
    expect(config).toContain('    path /var/lib/fluentd/journal.pos\n');
    expect(config).toContain('    path /var/lib/fluentd/journal-volatile.pos\n');
    // Fluentd opens each directory by path: no machine id, no init container.
    expect(pod.initContainers).toBeUndefined();
  });

  test('buffers on disk in the state directory, bounded, so an outage neither fills its memory nor loses the buffer on a restart', () => {
    const forward = collector({ agent: LogCollectorAgent.fluentd(), output: LogOutput.forward({ host: 'aggregator.logging.svc' }) });
    expect(forward.config).toContain([
      '  <buffer>',
      '    @type file',
      '    path /var/lib/fluentd/buffer/forward',
      '    total_limit_size 512MB',
      '    chunk_limit_size 8MB',
      '    overflow_action block',
      '    flush_interval 5s',
      '    retry_forever true',
      '  </buffer>',
    ].join('\n'));
  });
});

describe('LogCollectorDaemonSet with a custom agent', () => {
  const vector = () => LogCollectorAgent.custom({
    name: 'vector',
    image: 'docker.io/timberio/vector:0.41.1-distroless-libc',
    args: ['--config-dir', '/etc/vector'],
    configDir: '/etc/vector',
    port: 8686,
    readinessPath: '/health',
    metricsPort: 9598,
  });
  const { container, pod, configMap, logs, ds, one } = collector({
    agent: vector(),
    configFiles: { 'vector.yaml': 'sources: {}\n' },
  });

  test('runs the image with its own args and config files', () => {
    expect(container.name).toBe('vector');
    expect(container.image).toBe('docker.io/timberio/vector:0.41.1-distroless-libc');
    expect(container.command).toBeUndefined();
    expect(container.args).toEqual(['--config-dir', '/etc/vector']);
    expect(configMap.data).toEqual({ 'vector.yaml': 'sources: {}\n' });
    expect(mountOf(container, 'config')).toEqual({ name: 'config', mountPath: '/etc/vector', readOnly: true });
    expect(logs.output).toBeUndefined();
  });

  test('probes its HTTP port and scrapes its metrics port', () => {
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8686 }, { name: 'metrics', containerPort: 9598 }]);
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 8686 }, failureThreshold: 3 });
    expect(container.startupProbe).toEqual({ tcpSocket: { port: 8686 }, failureThreshold: 30, periodSeconds: 2 });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health', port: 8686, scheme: 'HTTP' });
    expect(one('Service').spec.ports).toEqual([{ name: 'metrics', port: 9598, targetPort: 9598 }]);
    expect(one('Service').metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9598', 'prometheus.io/path': '/metrics' });
  });

  test('keeps its state in /var/lib/<name>, has a writable /tmp, and keeps the base resources', () => {
    expect(mountOf(container, 'state')).toEqual({ name: 'state', mountPath: '/var/lib/vector', readOnly: false });
    expect(mountOf(container, 'scratch-tmp-0').mountPath).toBe('/tmp');
    expect(container.resources.requests).toEqual({ 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' });
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/run-as-non-root']).toBe(`runAsRoot for container 'vector': ${ROOT_REASON}`);
  });

  test('is named after the agent', () => {
    expect(ds.spec.selector.matchLabels['app.kubernetes.io/name']).toBe('vector');
    expect(pod.volumes.filter((v: any) => v.hostPath).map((v: any) => v.hostPath.path)).toEqual(['/var/log', '/var/lib/vector']);
  });
});

describe('LogCollectorDaemonSet customised', () => {
  test('mounts Docker\'s container directory read-only, with its reason, and parses both formats', () => {
    const { container, pod, config, ds } = collector({ containerRuntime: ContainerRuntime.DOCKER });
    expect(mountOf(container, 'docker-containers')).toEqual({ name: 'docker-containers', mountPath: '/var/lib/docker/containers', readOnly: true });
    expect(hostPathVolumes(pod)['/var/lib/docker/containers'].hostPath.type).toBe('Directory');
    expect(config).toMatch(/multiline\.parser +docker, cri\n/);
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/sensitive-host-mounts'])
      .toContain('hostPath /var/lib/docker/containers: reads the Docker json-file logs that /var/log/containers links to on Docker nodes');
  });

  test('reads the journal of the units given, and none with an empty list', () => {
    const { config, ds } = collector({ journalUnits: ['kubelet.service', 'containerd.service'] });
    expect(config).toContain('    Systemd_Filter _SYSTEMD_UNIT=kubelet.service\n    Systemd_Filter _SYSTEMD_UNIT=containerd.service\n');
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/sensitive-host-mounts'])
      .toContain('hostPath /run/log/journal: reads the volatile journal, where nodes without a persistent one keep the kubelet\'s logs');
    const none = collector({ journalUnits: [] });
    expect(none.config).not.toContain('systemd');
    expect(none.pod.initContainers).toBeUndefined();
    expect(hostPathVolumes(none.pod)['/run/log/journal']).toBeUndefined();
  });

  test('throws for a journal unit that is not a unit name', () => {
    expect(() => collector({ journalUnits: ['kubelet'] })).toThrow(
      /^test\/Logs: 'journalUnits\[0\]' is not a systemd unit name \(received 'kubelet'\)\. Allowed: a unit name with its type, e\.g\. kubelet\.service/,
    );
  });

  test('narrows the tolerations to the control plane when tolerateAllTaints is false, and keeps added ones', () => {
    const c = chart();
    const logs = new LogCollectorDaemonSet(c, 'Logs', { tolerateAllTaints: false });
    logs.daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.exists('dedicated', { effect: kplus.TaintEffect.NO_SCHEDULE })));
    const pod = synth(c).find(m => m.kind === 'DaemonSet').spec.template.spec;
    expect(pod.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('runs as uid 65534 with gid 0 when runAsRoot is false, and declares no root relaxation', () => {
    const { container, ds, logs, pod } = collector({ runAsRoot: false });
    expect(container.securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 0, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    // The kubelet would create a missing directory owned by root, which uid 65534 could not write.
    expect(hostPathVolumes(pod)['/var/lib/fluent-bit'].hostPath.type).toBe('Directory');
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/run-as-non-root']).toBeUndefined();
    expect(ds.metadata.annotations['kube-score/ignore']).toBeUndefined();
    expect(logs.runAsRoot).toBe(false);
  });

  test('gives the agent /etc/machine-id through a non-root init container, so nodes without one still start it', () => {
    const { pod, container, ds } = collector({ agent: LogCollectorAgent.fluentBit({ mountMachineId: true }) });
    const init = pod.initContainers[0];
    expect(init.name).toBe('machine-id');
    expect(init.image).toBe(LogCollectorDaemonSet.MACHINE_ID_IMAGE);
    expect(init.command.join(' ')).toContain('if [ -f /host/etc/machine-id ]; then cat /host/etc/machine-id > /machine-id/machine-id; else : > /machine-id/machine-id; fi');
    expect(init.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(init.volumeMounts).toEqual([
      { name: 'host-etc', mountPath: '/host/etc', readOnly: true },
      { name: 'machine-id', mountPath: '/machine-id' },
    ]);
    expect(hostPathVolumes(pod)['/etc']).toEqual({ name: 'host-etc', hostPath: { path: '/etc', type: 'Directory' } });
    // The agent sees the copied file only, read-only; never the node's /etc.
    expect(mountOf(container, 'machine-id')).toEqual({ name: 'machine-id', mountPath: '/etc/machine-id', subPath: 'machine-id', readOnly: true });
    expect(mountOf(container, 'host-etc')).toBeUndefined();
    expect(pod.volumes).toContainEqual({ name: 'machine-id', emptyDir: { sizeLimit: '1Mi' } });
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/sensitive-host-mounts']).toContain(
      'hostPath /etc: a non-root init container copies /etc/machine-id into the pod when the node has one, so the agent also starts on nodes without it');
  });

  test('uses the whole config given in configFiles, and starts Fluent Bit with a YAML main file', () => {
    const yaml = 'service:\n  http_server: on\n  http_port: 2020\n';
    const { configMap, container, logs } = collector({ configFiles: { 'fluent-bit.yaml': yaml, 'parsers.yaml': 'parsers: []\n' } });
    expect(configMap.data).toEqual({ 'fluent-bit.yaml': yaml, 'parsers.yaml': 'parsers: []\n' });
    expect(container.args).toEqual(['--workdir=/fluent-bit/etc', '--config=/fluent-bit/etc/conf/fluent-bit.yaml']);
    expect(logs.output).toBeUndefined();
  });

  test('emits a ServiceMonitor for the metrics Service when asked', () => {
    const c = chart();
    const logs = new LogCollectorDaemonSet(c, 'Logs', { serviceMonitor: {}, name: 'logs', namespace: 'logging' });
    const manifests = Testing.synth(c);
    // The ServiceMonitor is a custom resource: checked against its CRD, every other object against Kubernetes'.
    manifests.filter(m => m.kind !== 'ServiceMonitor').forEach(validateSchema);
    const monitor = manifests.find(m => m.kind === 'ServiceMonitor');
    expect(() => validateSchema(monitor)).not.toThrow();
    expect(() => validateSchema({ ...monitor, spec: { ...monitor.spec, endpoints: [{ port: 7 }] } })).toThrow('invalid ServiceMonitor');
    expect(monitor).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'logs', namespace: 'logging', labels: { 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': 'logs' } },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': 'logs' } },
        namespaceSelector: { matchNames: ['logging'] },
        endpoints: [{ port: 'metrics', path: '/api/v2/metrics/prometheus' }],
      },
    });
    const service = manifests.find(m => m.kind === 'Service');
    expect(service.metadata.labels).toEqual(monitor.spec.selector.matchLabels);
    expect(logs.serviceMonitor).toBeDefined();
  });

  test('names every object after name, in the given namespace', () => {
    const { manifests } = collector({ name: 'logs', namespace: 'logging' });
    const names = Object.fromEntries(manifests.map(m => [m.kind, [m.metadata.name, m.metadata.namespace]]));
    expect(names).toEqual({
      ServiceAccount: ['logs', 'logging'],
      ClusterRole: ['logs', undefined],
      ClusterRoleBinding: ['logs', undefined],
      DaemonSet: ['logs', 'logging'],
      NetworkPolicy: ['logs', 'logging'],
      // Outside kube-system, the quota that admits system-node-critical where the cluster limits it.
      ResourceQuota: ['logs-critical-pods', 'logging'],
      ConfigMap: ['logs-config', 'logging'],
      Service: ['logs-metrics', 'logging'],
    });
    expect(manifests.find(m => m.kind === 'ClusterRoleBinding').subjects[0]).toMatchObject({ name: 'logs', namespace: 'logging' });
  });

  test('uses the chart\'s namespace when none is given', () => {
    const { ds, one } = collector({}, new Chart(Testing.app(), 'test', { namespace: 'observability' }));
    expect(ds.metadata.namespace).toBe('observability');
    expect(one('ClusterRoleBinding').subjects[0].namespace).toBe('observability');
  });

  test('keeps its state in the given directory', () => {
    const { container, config, pod } = collector({ stateDir: '/var/lib/fluent-bit-audit' });
    expect(mountOf(container, 'state')).toEqual({ name: 'state', mountPath: '/var/lib/fluent-bit-audit', readOnly: false });
    expect(hostPathVolumes(pod)['/var/lib/fluent-bit-audit'].hostPath.type).toBe('DirectoryOrCreate');
    expect(config).toMatch(/DB +\/var\/lib\/fluent-bit-audit\/tail-containers\.db\n/);
  });

  test('mounts extra host paths read-only with their reasons', () => {
    const { container, pod, ds } = collector({
      hostMounts: [{ path: '/opt/app/logs', reason: 'reads the logs an application writes on the node' }],
    });
    const volume = hostPathVolumes(pod)['/opt/app/logs'];
    expect(volume.hostPath.type).toBe('Directory');
    expect(mountOf(container, volume.name)).toEqual({ name: volume.name, mountPath: '/opt/app/logs', readOnly: true });
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/sensitive-host-mounts'])
      .toContain('hostPath /opt/app/logs: reads the logs an application writes on the node');
  });

  test('passes the scheduling and update props to the DaemonSet', () => {
    const { ds, pod } = collector({
      priorityClassName: 'logging',
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
      nodeSelector: { 'node.kubernetes.io/instance-type': 'm5.large' },
      revisionHistoryLimit: 3,
      appName: 'node-logs',
      instance: 'prod',
      partOf: 'observability',
    });
    expect(pod.priorityClassName).toBe('logging');
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } });
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'm5.large' });
    expect(ds.spec.revisionHistoryLimit).toBe(3);
    expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'node-logs', 'app.kubernetes.io/instance': 'prod' });
    expect(ds.metadata.labels['app.kubernetes.io/part-of']).toBe('observability');
  });

  test('sizes Fluent Bit as asked', () => {
    const { container } = collector({
      agent: LogCollectorAgent.fluentBit({ resources: { memory: { request: Size.mebibytes(200), limit: Size.mebibytes(400) } } }),
    });
    expect(container.resources.requests.memory).toBe('200Mi');
    expect(container.resources.limits.memory).toBe('400Mi');
  });

  test('serves Fluent Bit on another port when asked', () => {
    const { container, config, one } = collector({ agent: LogCollectorAgent.fluentBit({ port: 2021 }) });
    expect(config).toMatch(/HTTP_Port +2021\n/);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 2021 }]);
    expect(one('Service').spec.ports).toEqual([{ name: 'metrics', port: 2021, targetPort: 2021 }]);
  });

  test('accepts further relaxations, for changes made through the escape hatches', () => {
    const c = chart();
    const logs = new LogCollectorDaemonSet(c, 'Logs', {
      relaxations: [Relaxation.capabilities('fluent-bit', ['DAC_READ_SEARCH'], 'reads log files of other owners')],
    });
    ApiObject.of(logs.daemonSet).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities/add', ['DAC_READ_SEARCH']));
    const ds = synth(c).find(m => m.kind === 'DaemonSet');
    expect(ds.spec.template.spec.containers[0].securityContext.capabilities).toEqual({ add: ['DAC_READ_SEARCH'], drop: ['ALL'] });
    expect(Object.values(ds.metadata.annotations)).toContain('CKV_K8S_25=capabilities DAC_READ_SEARCH for container \'fluent-bit\': reads log files of other owners');
  });

  test('lets two collectors share a state directory on disjoint nodes', () => {
    const c = chart();
    new LogCollectorDaemonSet(c, 'Linux', { nodeSelector: { pool: 'a' } });
    new LogCollectorDaemonSet(c, 'Other', { nodeSelector: { pool: 'b' } });
    expect(synth(c).filter(m => m.kind === 'DaemonSet')).toHaveLength(2);
  });
});

describe('LogCollectorDaemonSet errors', () => {
  const build = (props: LogCollectorDaemonSetProps) => () => new LogCollectorDaemonSet(chart(), 'Logs', props);

  const surge = DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) });

  test('throws on a surge of Fluent Bit, whose tail database is locked by the old pod', () => {
    expect(build({ updateStrategy: surge })).toThrow('test/Logs: \'updateStrategy.maxSurge\' cannot be used: the agent holds its tail database '
      + '(/var/lib/fluent-bit/tail-containers.db, opened with DB.locking true), which a second Fluent Bit cannot open: it would crash-loop and the rollout hang, '
      + 'on its node, so a surge pod would start next to the old one and contend for it (received 1).');
  });

  test('throws on a surge of Fluentd, whose position file the old pod advances', () => {
    expect(build({ agent: LogCollectorAgent.fluentd(), updateStrategy: surge })).toThrow('test/Logs: \'updateStrategy.maxSurge\' cannot be used: the agent holds '
      + 'its position file (/var/lib/fluentd/tail-containers.pos), which a second Fluentd would advance too, both shipping the same lines,');
  });

  test('rejects at synth a surge patched into a collector\'s manifest, by the base DaemonSet\'s rule on the host path it writes', () => {
    const c = chart();
    const logs = new LogCollectorDaemonSet(c, 'Logs');
    ApiObject.of(logs.daemonSet).addJsonPatch(
      JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', { value: 1 }),
      JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxUnavailable', { value: 0 }),
    );
    expect(synthError(c)).toContain('test/Logs/DaemonSet: \'updateStrategy.maxSurge\' cannot be used while the pod writes host path /var/lib/fluent-bit, '
      + 'written by container \'fluent-bit\': the surge pod would run next to the old pod on the same node');
  });
  const vector = (overrides: Record<string, unknown> = {}) =>
    LogCollectorAgent.custom({ image: 'docker.io/timberio/vector:0.41.1-distroless-libc', name: 'vector', port: 8686, ...overrides } as any);

  test('throws when a custom agent has no image', () => {
    expect(build({ agent: vector({ image: ' ' }), configFiles: { 'vector.yaml': '' } })).toThrow(
      'test/Logs: \'agent.image\' is required for a custom agent (received \' \'). Allowed: a pinned image reference. Fix: pass LogCollectorAgent.custom(');
  });

  test('throws when the name cannot name a Service', () => {
    expect(build({ name: '1-logs' })).toThrow(
      'test/Logs: \'name\' cannot name every object of the collector (received \'1-logs\'). Allowed: at most 55 lowercase letters, digits and \'-\', starting with a letter');
    expect(build({ name: 'l'.repeat(56) })).toThrow('test/Logs: \'name\' cannot name every object of the collector');
  });

  test('throws when the namespace is not a namespace name', () => {
    expect(build({ namespace: 'Logging' })).toThrow('test/Logs: \'namespace\' is not a valid namespace name (received \'Logging\').');
  });

  test('throws when a Fluent Bit image is empty', () => {
    expect(build({ agent: LogCollectorAgent.fluentBit({ image: '' }) })).toThrow(
      'test/Logs: \'agent.image\' is empty (received \'\'). Allowed: a pinned image reference. Fix: pass a pinned image, or leave image out for the library\'s pinned default');
  });

  test('throws when the agent port is out of range', () => {
    expect(build({ agent: LogCollectorAgent.fluentBit({ port: 70000 }) })).toThrow(
      'test/Logs: \'agent.port\' is not a port number (received 70000). Allowed: an integer from 1 to 65535.');
  });

  test('throws when a custom agent\'s metrics port is out of range', () => {
    expect(build({ agent: vector({ metricsPort: -1 }), configFiles: { 'vector.yaml': '' } }))
      .toThrow('test/Logs: \'agent.metricsPort\' is not a port number (received -1).');
  });

  test('throws when a custom agent name is not a container name', () => {
    expect(build({ agent: vector({ name: 'Vector_Agent' }), configFiles: { 'vector.yaml': '' } }))
      .toThrow('test/Logs: \'agent.name\' is not a valid container name (received \'Vector_Agent\')');
  });

  test('throws when a custom agent\'s liveness and readiness paths are the same', () => {
    expect(build({ agent: vector({ livenessPath: '/health', readinessPath: '/health' }), configFiles: { 'vector.yaml': '' } }))
      .toThrow(/^test\/Logs: 'agent.livenessPath' is the readiness path too \(received '\/health'\)\. Allowed: a liveness path other than readinessPath, or none .*Fix: leave livenessPath out/);
  });

  test('throws when a custom agent has a relative config directory', () => {
    expect(build({ agent: vector({ configDir: 'etc/vector' }), configFiles: { 'vector.yaml': '' } }))
      .toThrow('test/Logs: \'agent.configDir\' is not an absolute path (received \'etc/vector\')');
  });

  test('throws when an output is combined with configFiles', () => {
    expect(build({ output: LogOutput.stdout(), configFiles: { 'fluent-bit.conf': '' } })).toThrow(
      'test/Logs: \'output\' cannot be used with configFiles: the output is rendered into the generated config, which configFiles replaces (received \'stdout\').');
  });

  test('throws when an output is given to a custom agent', () => {
    expect(build({ agent: vector(), output: LogOutput.loki({ url: 'http://loki' }) }))
      .toThrow('test/Logs: \'output\' cannot be rendered for a custom agent: only Fluent Bit, Fluentd and Filebeat configs are generated (received \'loki\').');
  });

  test('throws when a custom agent has no configFiles', () => {
    expect(build({ agent: vector() })).toThrow('test/Logs: \'configFiles\' is required for a custom agent: there is no generated pipeline for it.');
  });

  test('throws when journalUnits is combined with configFiles', () => {
    expect(build({ journalUnits: ['kubelet.service'], configFiles: { 'fluent-bit.conf': '' } }))
      .toThrow('test/Logs: \'journalUnits\' only shapes the generated config, which configFiles replaces (received ["kubelet.service"]).');
  });

  test('throws when configFiles is empty', () => {
    expect(build({ configFiles: {} })).toThrow('test/Logs: \'configFiles\' is empty (received {}).');
  });

  test('throws when a config file name has a directory', () => {
    expect(build({ configFiles: { 'fluent-bit.conf': '', 'conf/outputs.conf': '' } }))
      .toThrow('test/Logs: \'configFiles\' has a file name a ConfigMap cannot hold (received \'conf/outputs.conf\').');
  });

  test('throws when the Fluent Bit config has no main file', () => {
    expect(build({ configFiles: { 'outputs.conf': '' } }))
      .toThrow('test/Logs: \'configFiles\' has no fluent-bit.conf or fluent-bit.yaml, the file fluent-bit is started with (received ["outputs.conf"]).');
  });

  test('throws when the Fluentd config has no fluent.conf', () => {
    expect(build({ agent: LogCollectorAgent.fluentd(), configFiles: { 'fluentd.conf': '' } }))
      .toThrow('test/Logs: \'configFiles\' has no fluent.conf, the file fluentd is started with');
  });

  test('throws when a forward host carries a scheme', () => {
    expect(build({ output: LogOutput.forward({ host: 'tcp://fluentd:24224' }) }))
      .toThrow('test/Logs: \'output.host\' is not a host name or IP address (received \'tcp://fluentd:24224\').');
  });

  test('throws when a forward port is out of range', () => {
    expect(build({ output: LogOutput.forward({ host: 'fluentd', port: 0 }) })).toThrow('test/Logs: \'output.port\' is not a port number (received 0).');
  });

  test('throws when an HTTP URL does not parse', () => {
    expect(build({ output: LogOutput.http({ url: 'logs.example.com/ingest' }) }))
      .toThrow('test/Logs: \'output.url\' is not a usable URL (received \'logs.example.com/ingest\'). Allowed: an absolute http:// or https:// URL.');
  });

  test('throws when a URL has another scheme', () => {
    expect(build({ output: LogOutput.elasticsearch({ url: 'ftp://es:9200' }) }))
      .toThrow('test/Logs: \'output.url\' is not a usable URL (received \'ftp://es:9200\'). Allowed: an absolute http:// or https:// URL.');
  });

  test('throws when a URL carries credentials, without showing them, and says where they go', () => {
    let message = '';
    try {
      build({ output: LogOutput.loki({ url: 'https://user:s3cr3t@loki.example.com' }) })();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('test/Logs: \'output.url\' carries credentials, which would be stored in the ConfigMap, readable by anyone who can read the namespace '
      + '(received \'https://***@loki.example.com\'). Allowed: a URL without credentials. Fix: remove the user and password from the URL and give them from a Secret '
      + 'with the output\'s auth option (LogOutputAuth.basicFromSecret(...))');
    expect(message).not.toContain('s3cr3t');
    expect(message).not.toContain('user:');
  });

  test('throws when a URL has a query', () => {
    expect(build({ output: LogOutput.http({ url: 'https://logs.example.com/ingest?token=x' }) })).toThrow('Allowed: a URL without a query or fragment.');
  });

  test('throws when a Loki label cannot be added', () => {
    expect(build({ output: LogOutput.loki({ url: 'http://loki', labels: { 'my-label': 'x' } }) }))
      .toThrow('test/Logs: \'output.labels.my-label\' is not a static label the collector can add (received {"my-label":"x"}).');
    expect(build({ output: LogOutput.loki({ url: 'http://loki', labels: { job: 'other' } }) })).toThrow('\'output.labels.job\'');
    expect(build({ output: LogOutput.loki({ url: 'http://loki', labels: { cluster: 'a,b' } }) })).toThrow('\'output.labels.cluster\'');
  });

  test('throws when a Loki tenant has spaces', () => {
    expect(build({ output: LogOutput.loki({ url: 'http://loki', tenantId: 'team a' }) })).toThrow('test/Logs: \'output.tenantId\' is not a Loki tenant ID (received \'team a\').');
  });

  test('throws when an Elasticsearch index prefix has capitals', () => {
    expect(build({ output: LogOutput.elasticsearch({ url: 'http://es:9200', indexPrefix: 'Logs' }) }))
      .toThrow('test/Logs: \'output.indexPrefix\' is not a valid index name prefix (received \'Logs\').');
  });

  test('throws when Fluentd is to push to Loki without an image that has the plugin', () => {
    expect(build({ agent: LogCollectorAgent.fluentd(), output: LogOutput.loki({ url: 'http://loki' }) })).toThrow(
      'test/Logs: \'agent.image\' is required for Fluentd with a Loki output: no published fluentd-kubernetes-daemonset image has the Loki plugin.');
  });

  test('throws when the state directory is relative', () => {
    expect(build({ stateDir: 'var/lib/fluent-bit' })).toThrow('test/Logs: \'stateDir\' is not an absolute directory path (received \'var/lib/fluent-bit\').');
  });

  test('throws when the state directory is the root', () => {
    expect(build({ stateDir: '/' })).toThrow('test/Logs: \'stateDir\' is not an absolute directory path (received \'/\').');
  });

  test('throws when the state directory is inside /var/log, which is mounted read-only', () => {
    expect(build({ stateDir: '/var/log/fluent-bit' })).toThrow(
      'test/Logs: \'stateDir\' overlaps /var/log, which is mounted read-only: a writable state directory must be separate from what the collector only reads (received \'/var/log/fluent-bit\').');
  });

  test('throws when the state directory contains Docker\'s container directory on Docker nodes', () => {
    expect(build({ stateDir: '/var/lib/docker', containerRuntime: ContainerRuntime.DOCKER }))
      .toThrow('test/Logs: \'stateDir\' overlaps /var/lib/docker/containers, which is mounted read-only');
  });

  test('throws when an extra host mount is relative', () => {
    expect(build({ hostMounts: [{ path: 'run/log', reason: 'reads the volatile journal' }] }))
      .toThrow('test/Logs: \'hostMounts[0].path\' is not an absolute path (received \'run/log\').');
  });

  test('throws when an extra host mount overlaps /var/log', () => {
    expect(build({ hostMounts: [{ path: '/var/log/journal', reason: 'reads the journal' }] }))
      .toThrow('test/Logs: \'hostMounts[0].path\' overlaps /var/log, which the collector already mounts (received \'/var/log/journal\').');
  });

  test('throws when an extra host mount gives no reason', () => {
    expect(build({ hostMounts: [{ path: '/opt/app/logs', reason: '' }] }))
      .toThrow('test/Logs: \'hostMounts[0].reason\' gives no reason (received \'\').');
  });

  test('throws when a custom scratch directory is relative', () => {
    expect(build({ agent: vector({ scratchDirs: ['tmp'] }), configFiles: { 'vector.yaml': '' } }))
      .toThrow('test/Logs: \'agent.scratchDirs[0]\' is not an absolute path (received \'tmp\').');
  });

  test('rejects two collectors writing the same state directory on the same nodes', () => {
    const c = chart();
    new LogCollectorDaemonSet(c, 'Logs');
    new LogCollectorDaemonSet(c, 'Audit', { agent: LogCollectorAgent.fluentBit({ port: 2021 }) });
    expect(synthError(c)).toContain(
      'test/Audit: \'stateDir\' is also the state directory of test/Logs on the same nodes: the two collectors would overwrite each other\'s read positions (received \'/var/lib/fluent-bit\').');
  });

  test('rejects a relaxation the collector does not use', () => {
    const c = chart();
    new LogCollectorDaemonSet(c, 'Logs', { relaxations: [Relaxation.hostNetwork('not needed')] });
    expect(synthError(c)).toContain('test/Logs/DaemonSet: \'relaxations\' declares hostNetwork, which the pod does not use');
  });
});

describe('LogCollectorDaemonSet images', () => {
  test('throws for an unpinned agent image, naming the prop', () => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Logs', { agent: LogCollectorAgent.fluentBit({ image: 'cr.fluentbit.io/fluent/fluent-bit:latest' }) })).toThrow(
      /^test\/Logs: 'agent.image' is not pinned: without a tag, or with 'latest', each node may run a different release and a restart may change the agent \(received 'cr.fluentbit.io\/fluent\/fluent-bit:latest'\)/,
    );
    expect(() => new LogCollectorDaemonSet(chart(), 'Logs', { machineIdImage: 'busybox' })).toThrow(/^test\/Logs: 'machineIdImage' is not pinned/);
  });
});

describe('LogCollectorDaemonSet pipeline options', () => {
  test('takes output credentials from a Secret, as variables the config refers to, never in the ConfigMap', () => {
    const { config, container, configMap } = collector({
      output: LogOutput.loki({ url: 'https://logs.example.com', auth: LogOutputAuth.basicFromSecret('loki-credentials', 'user', 'pass') }),
    });
    expect(config).toMatch(/HTTP_User +\$\{OUTPUT0_USERNAME\}\n {4}HTTP_Passwd +\$\{OUTPUT0_PASSWORD\}\n/);
    expect(container.env).toContainEqual({ name: 'OUTPUT0_USERNAME', valueFrom: { secretKeyRef: { name: 'loki-credentials', key: 'user' } } });
    expect(container.env).toContainEqual({ name: 'OUTPUT0_PASSWORD', valueFrom: { secretKeyRef: { name: 'loki-credentials', key: 'pass' } } });
    expect(JSON.stringify(configMap)).not.toContain('loki-credentials');
  });

  test('sends a bearer token from a Secret with Fluent Bit, and basic credentials with Fluentd', () => {
    const token = collector({ output: LogOutput.http({ url: 'https://logs.example.com/in', auth: LogOutputAuth.bearerTokenFromSecret('ingest') }) });
    expect(token.config).toMatch(/Header +Authorization Bearer \$\{OUTPUT0_TOKEN\}\n/);
    expect(token.container.env).toContainEqual({ name: 'OUTPUT0_TOKEN', valueFrom: { secretKeyRef: { name: 'ingest', key: 'token' } } });
    const fluentd = collector({
      agent: LogCollectorAgent.fluentd(),
      output: LogOutput.elasticsearch({ url: 'https://es.logging.svc:9200', auth: LogOutputAuth.basicFromSecret('es') }),
    });
    expect(fluentd.config).toContain('  user "#{ENV[\'OUTPUT0_USERNAME\']}"\n  password "#{ENV[\'OUTPUT0_PASSWORD\']}"\n');
  });

  test('throws for a bearer token an output cannot send', () => {
    expect(() => collector({ output: LogOutput.elasticsearch({ url: 'https://es:9200', auth: LogOutputAuth.bearerTokenFromSecret('es') }) })).toThrow(
      /^test\/Logs: 'output.auth' cannot send a bearer token with this output \(received 'elasticsearch'\)/,
    );
  });

  test('sends every record to several outputs', () => {
    const { config } = collector({ outputs: [LogOutput.loki({ url: 'http://loki.loki.svc' }), LogOutput.elasticsearch({ url: 'http://es:9200' })] });
    expect(config.match(/\[OUTPUT\]\n {4}Name +(\w+)\n {4}Match +\*/g)?.map(m => /Name +(\w+)/.exec(m)![1])).toEqual(['loki', 'es']);
    const fluentd = collector({ agent: LogCollectorAgent.fluentd(), outputs: [LogOutput.stdout(), LogOutput.forward({ host: 'aggregator' })] });
    expect(fluentd.config).toMatch(/<match \*\*>\n {2}@type copy\n {2}<store>\n {4}@type stdout\n {2}<\/store>\n {2}<store>\n {4}@type forward\n/);
    expect(fluentd.config).toContain('path /var/lib/fluentd/buffer/1-forward');
  });

  test('throws for output and outputs together', () => {
    expect(() => collector({ output: LogOutput.stdout(), outputs: [LogOutput.stdout()] })).toThrow(/^test\/Logs: 'outputs' cannot be used with output/);
  });

  test('adds filters, parsers and Lua scripts without replacing the pipeline', () => {
    const { config, configMap } = collector({
      extraFilters: '[FILTER]\n    Name   lua\n    Match  kube.*\n    script /fluent-bit/etc/conf/cluster.lua\n    call   add_cluster\n',
      extraParsers: '[PARSER]\n    Name   nginx\n    Format regex\n    Regex  ^(?<remote>[^ ]*)\n',
      luaScripts: { 'cluster.lua': 'function add_cluster(tag, ts, record) record["cluster"] = "prod" return 1, ts, record end\n' },
    });
    expect(config).toMatch(/Parsers_File +\/fluent-bit\/etc\/parsers\.conf\n {4}Parsers_File +\/fluent-bit\/etc\/conf\/custom_parsers\.conf\n/);
    expect(config.indexOf('Name   lua')).toBeGreaterThan(config.indexOf('Name                kubernetes'));
    expect(config.indexOf('Name   lua')).toBeLessThan(config.indexOf('[OUTPUT]'));
    expect(Object.keys(configMap.data).sort()).toEqual(['cluster.lua', 'custom_parsers.conf', 'fluent-bit.conf']);
  });

  test('throws for Fluent Bit options with Fluentd, and for any pipeline option with configFiles', () => {
    expect(() => collector({ agent: LogCollectorAgent.fluentd(), luaScripts: { 'a.lua': '' } })).toThrow(/^test\/Logs: 'luaScripts' is a Fluent Bit option/);
    expect(() => collector({ configFiles: { 'fluent-bit.conf': '' }, logLevel: LogCollectorLogLevel.DEBUG })).toThrow(
      /^test\/Logs: 'logLevel' only shapes the generated config, which configFiles replaces/,
    );
  });

  test('sets the log level and the flush interval', () => {
    const { config } = collector({ logLevel: LogCollectorLogLevel.WARNING, flushInterval: Duration.seconds(5) });
    expect(config).toMatch(/Flush +5\n {4}Log_Level +warn\n/);
    const fluentd = collector({
      agent: LogCollectorAgent.fluentd(), output: LogOutput.forward({ host: 'aggregator' }), logLevel: LogCollectorLogLevel.DEBUG, flushInterval: Duration.seconds(2),
    });
    expect(fluentd.config).toContain('<system>\n  log_level debug\n</system>');
    expect(fluentd.config).toContain('    flush_interval 2s\n');
  });

  test('buffers on disk in the state directory, bounded, with filesystemBuffer', () => {
    const { config } = collector({ output: LogOutput.loki({ url: 'http://loki' }), filesystemBuffer: { maxSize: Size.gibibytes(2) } });
    expect(config).toMatch(/storage\.path +\/var\/lib\/fluent-bit\/buffer\n {4}storage\.sync +normal\n {4}storage\.backlog\.mem_limit 5M\n/);
    expect(config).toMatch(/storage\.type +filesystem\n/);
    expect(config).toMatch(/storage\.total_limit_size 2048M\n/);
    const fluentd = collector({ agent: LogCollectorAgent.fluentd(), output: LogOutput.forward({ host: 'agg' }), filesystemBuffer: { maxSize: Size.gibibytes(1) } });
    expect(fluentd.config).toContain('    total_limit_size 1024MB\n');
    // Once per output, whatever the kind of output.
    for (const output of [LogOutput.forward({ host: 'agg' }), LogOutput.http({ url: 'https://logs' }), LogOutput.elasticsearch({ url: 'http://es:9200' })]) {
      expect(collector({ output, filesystemBuffer: {} }).config.match(/storage\.total_limit_size 512M\n/g)).toHaveLength(1);
    }
  });

  test('asks the kubelet of the node for the pods\' metadata with useKubelet, with the nodes/proxy permission it needs', () => {
    const { config, container, one } = collector({ useKubelet: true });
    expect(config).toMatch(/Use_Kubelet +On\n {4}Kubelet_Host +\$\{NODE_IP\}\n {4}Kubelet_Port +10250\n/);
    expect(container.env).toContainEqual({ name: 'NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } });
    expect(one('ClusterRole').rules).toContainEqual({ apiGroups: [''], resourceNames: [], resources: ['nodes/proxy'], verbs: ['get'] });
    expect(collector().one('ClusterRole').rules.map((r: any) => r.resources[0])).toEqual(['pods', 'namespaces']);
  });

  test('emits a PodMonitor and a ServiceMonitor with labels, interval and relabelings', () => {
    const c = chart();
    new LogCollectorDaemonSet(c, 'Logs', {
      serviceMonitor: { labels: { release: 'kube-prometheus-stack' }, interval: Duration.seconds(15) },
      podMonitor: { metricRelabelings: [{ sourceLabels: ['__name__'], regex: 'fluentbit_input_files_.*', action: RelabelAction.DROP }] },
    });
    const manifests = Testing.synth(c);
    const serviceMonitor = manifests.find(m => m.kind === 'ServiceMonitor');
    expect(serviceMonitor.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(serviceMonitor.spec.endpoints[0]).toMatchObject({ port: 'metrics', interval: '15s' });
    const podMonitor = manifests.find(m => m.kind === 'PodMonitor');
    expect(podMonitor.spec.podMetricsEndpoints).toEqual([{
      port: 'http',
      path: '/api/v2/metrics/prometheus',
      metricRelabelings: [{ sourceLabels: ['__name__'], regex: 'fluentbit_input_files_.*', action: 'drop' }],
    }]);
    expect(podMonitor.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': 'logs' });
  });
});
