import { createHash } from 'crypto';
import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parse } from 'yaml';
import {
  ContainerRuntime, DaemonSetUpdateStrategy, LogCollectorAgent, LogCollectorAgentKind, LogCollectorDaemonSet, LogCollectorDaemonSetProps,
  LogCollectorLogLevel, LogOutput, LogOutputAuth, Relaxation, ResourceLimit,
} from '../../src';
import { chart, onlyOfKind, synth } from '../util';

/** Synthesizes one Filebeat collector (schema-validating every object) and reads its filebeat.yml as YAML. */
function filebeat(props: LogCollectorDaemonSetProps = {}, c: Chart = chart()) {
  const logs = new LogCollectorDaemonSet(c, 'Filebeat', { agent: LogCollectorAgent.filebeat(), ...props });
  const manifests = synth(c);
  const one = (kind: string) => onlyOfKind(manifests, kind);
  const ds = one('DaemonSet');
  const pod = ds.spec.template.spec;
  const configMap = one('ConfigMap');
  return { logs, manifests, one, ds, pod, container: pod.containers[0], configMap, config: parse(configMap.data['filebeat.yml']) };
}

describe('LogCollectorDaemonSet with Filebeat', () => {
  const { logs, manifests, one, ds, pod, container, configMap, config } = filebeat();

  test('creates the objects every collector has: RBAC, ConfigMap, DaemonSet, Service, NetworkPolicy', () => {
    expect(manifests.map(m => m.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet', 'NetworkPolicy', 'Service', 'ServiceAccount']);
    expect(one('ClusterRole').rules.map(({ resources, verbs }: any) => ({ resources, verbs }))).toEqual([
      { resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(logs.agent.kind).toBe(LogCollectorAgentKind.FILEBEAT);
  });

  test('runs Elastic\'s pinned Filebeat image with the ConfigMap\'s filebeat.yml, logging to standard error', () => {
    expect(container.name).toBe('filebeat');
    expect(container.image).toBe('docker.elastic.co/beats/filebeat-wolfi:9.5.2');
    expect(LogCollectorAgent.FILEBEAT_IMAGE).toBe(container.image);
    expect(container.command).toBeUndefined();
    expect(container.args).toEqual(['-c', '/etc/filebeat/filebeat.yml', '-e']);
    expect(container.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/filebeat', readOnly: true });
    expect(container.env).toEqual([{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
  });

  test('rolls the pods on a config change with a checksum of the ConfigMap', () => {
    const sorted = Object.keys(configMap.data).sort().map(key => [key, configMap.data[key]]);
    expect(ds.spec.template.metadata.annotations['checksum/config']).toBe(createHash('sha256').update(JSON.stringify(sorted)).digest('hex'));
  });

  test('keeps its registry in the one writable host directory, /var/lib/filebeat', () => {
    expect(config['path.data']).toBe('/var/lib/filebeat');
    const writable = container.volumeMounts.filter((m: any) => m.readOnly === false);
    expect(writable).toEqual([{ name: 'state', mountPath: '/var/lib/filebeat', readOnly: false }]);
    expect(pod.volumes).toContainEqual({ name: 'state', hostPath: { path: '/var/lib/filebeat', type: 'DirectoryOrCreate' } });
    expect(container.volumeMounts).toContainEqual({ name: 'varlog', mountPath: '/var/log', readOnly: true });
  });

  test('tails the container logs with the CRI parser and adds pod and namespace metadata only', () => {
    const [input] = config['filebeat.inputs'];
    expect(input).toMatchObject({
      'type': 'filestream',
      'id': 'kubernetes-container-logs',
      'paths': ['/var/log/containers/*.log'],
      'parsers': [{ container: { stream: 'all', format: 'cri' } }],
      'prospector.scanner.symlinks': true,
      'prospector.scanner.fingerprint.enabled': true,
      'file_identity.fingerprint': null,
    });
    expect(input.processors).toEqual([{
      add_kubernetes_metadata: {
        host: '${NODE_NAME}',
        add_resource_metadata: { 'node.enabled': false, 'deployment': false, 'cronjob': false },
        matchers: [{ logs_path: { logs_path: '/var/log/containers/' } }],
      },
    }]);
    expect(config['filebeat.inputs']).toHaveLength(1);
  });

  test('prints to stdout by default, skipping its own log files', () => {
    expect(config['output.console']).toEqual({ 'codec.json': { pretty: false } });
    const [exclude] = config['filebeat.inputs'][0].exclude_files;
    const own = new RegExp(exclude);
    expect(own.test('/var/log/containers/filebeat-x7k2p_kube-system_filebeat-0123abcd.log')).toBe(true);
    expect(own.test('/var/log/containers/web-5d9f_default_nginx-0123abcd.log')).toBe(false);
  });

  test('serves health on 5066: readiness GET /, liveness a TCP check, and its JSON /stats unscraped', () => {
    expect(config).toMatchObject({ 'http.enabled': true, 'http.host': '0.0.0.0', 'http.port': 5066 });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 5066 }]);
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/', port: 5066 });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 5066 });
    expect(one('Service').metadata.annotations).toEqual({ 'prometheus.io/scrape': 'false', 'prometheus.io/port': '5066', 'prometheus.io/path': '/stats' });
  });

  test('rolls out one node at a time: Filebeat locks its data directory', () => {
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('takes the resources of Elastic\'s manifest, with a cpu limit', () => {
    expect(container.resources).toMatchObject({ requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '500m', memory: '200Mi' } });
  });

  test('runs as root with every capability dropped and a read-only root filesystem, as every collector', () => {
    expect(container.securityContext).toMatchObject({ runAsUser: 0, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });
});

describe('LogCollectorDaemonSet with Filebeat, customised', () => {
  test('writes daily Elasticsearch indices with their template, and no lifecycle policy', () => {
    const { config } = filebeat({ output: LogOutput.elasticsearch({ url: 'https://es.logging.svc:9200/prefix/', indexPrefix: 'k8s' }) });
    expect(config['output.elasticsearch']).toEqual({ hosts: ['https://es.logging.svc:9200'], path: '/prefix', index: 'k8s-%{+yyyy.MM.dd}' });
    expect(config).toMatchObject({ 'setup.template.name': 'k8s', 'setup.template.pattern': 'k8s-*', 'setup.ilm.enabled': false });
    expect(config['output.console']).toBeUndefined();
    expect(config['filebeat.inputs'][0].exclude_files).toBeUndefined();
  });

  test('reads Docker\'s logs', () => {
    const { config, pod } = filebeat({ containerRuntime: ContainerRuntime.DOCKER });
    expect(config['filebeat.inputs'][0].parsers).toEqual([{ container: { stream: 'all', format: 'auto' } }]);
    expect(pod.volumes.map((v: any) => v.hostPath?.path)).toContain('/var/lib/docker/containers');
  });

  test('reads the journal\'s units with an image that has journalctl, opening the local machine\'s journal by its machine id', () => {
    const { config, pod, container } = filebeat({
      agent: LogCollectorAgent.filebeat({ image: 'docker.elastic.co/beats/filebeat:9.5.2' }),
      journalUnits: ['kubelet.service', 'containerd.service'],
    });
    // No paths: journalctl reads /var/log/journal and /run/log/journal, whichever the node has.
    expect(config['filebeat.inputs'][1]).toEqual({
      'type': 'journald',
      'id': 'node-journal',
      'include_matches.match': ['_SYSTEMD_UNIT=kubelet.service', '_SYSTEMD_UNIT=containerd.service'],
      'seek': 'cursor',
      'cursor_seek_fallback': 'tail',
    });
    expect(container.volumeMounts).toContainEqual({ name: 'machine-id', mountPath: '/etc/machine-id', subPath: 'machine-id', readOnly: true });
    expect(container.volumeMounts).toContainEqual({ name: 'volatile-journal', mountPath: '/run/log/journal', readOnly: true });
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['machine-id']);
  });

  test('sends to Elasticsearch with basic credentials from a Secret, never in the ConfigMap', () => {
    const { config, container, configMap } = filebeat({
      output: LogOutput.elasticsearch({ url: 'https://es.logging.svc:9200', auth: LogOutputAuth.basicFromSecret('es-credentials', 'user', 'pass') }),
    });
    expect(config['output.elasticsearch']).toMatchObject({ username: '${OUTPUT0_USERNAME}', password: '${OUTPUT0_PASSWORD}' });
    expect(container.env).toContainEqual({ name: 'OUTPUT0_USERNAME', valueFrom: { secretKeyRef: { name: 'es-credentials', key: 'user' } } });
    expect(container.env).toContainEqual({ name: 'OUTPUT0_PASSWORD', valueFrom: { secretKeyRef: { name: 'es-credentials', key: 'pass' } } });
    expect(JSON.stringify(configMap)).not.toContain('es-credentials');
  });

  test('takes the log level, the memory queue\'s flush timeout and extra processors', () => {
    const { config } = filebeat({
      logLevel: LogCollectorLogLevel.WARNING,
      flushInterval: Duration.seconds(5),
      extraFilters: '- drop_fields:\n    fields: ["agent.ephemeral_id"]\n',
    });
    expect(config['logging.level']).toBe('warning');
    expect(config['queue.mem']).toEqual({ 'flush.timeout': '5s' });
    expect(config['queue.disk']).toBeUndefined();
    // After the input's Kubernetes metadata, before the output.
    expect(config.processors).toEqual([{ drop_fields: { fields: ['agent.ephemeral_id'] } }]);
  });

  test('buffers on disk in its state directory, bounded, with filesystemBuffer', () => {
    const { config } = filebeat({ filesystemBuffer: { maxSize: Size.gibibytes(2) } });
    expect(config['queue.disk']).toEqual({ max_size: '2048MiB' });
    expect(config['queue.mem']).toBeUndefined();
    expect(config['path.data']).toBe('/var/lib/filebeat');
  });

  test('takes the options of every typed construct: pull policy, pod labels, env, a removed limit', () => {
    const { container, ds, pod } = filebeat({
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      podLabels: { team: 'logging' },
      env: { ELASTIC_APM_ENVIRONMENT: kplus.EnvValue.fromValue('prod') },
      relaxations: [
        Relaxation.imagePullPolicy('filebeat', 'the nodes pull through a mirror that pins the tag'),
        Relaxation.noLimit('filebeat', ResourceLimit.MEMORY, 'the memory queue grows with the backlog during a backend outage'),
      ],
    });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(ds.spec.template.metadata.labels.team).toBe('logging');
    expect(container.env).toContainEqual({ name: 'ELASTIC_APM_ENVIRONMENT', value: 'prod' });
    expect(container.resources.limits).toEqual({ 'cpu': '500m', 'ephemeral-storage': expect.any(String) });
    expect(pod.containers).toHaveLength(1);
  });

  test('takes its image, port, resources, state directory and OnDelete', () => {
    const { container, config, ds } = filebeat({
      agent: LogCollectorAgent.filebeat({ image: 'docker.elastic.co/beats/filebeat:9.5.2', port: 5067, resources: { memory: { limit: Size.mebibytes(512) } } }),
      stateDir: '/var/lib/filebeat-data',
      updateStrategy: DaemonSetUpdateStrategy.onDelete(),
    });
    expect(container.image).toBe('docker.elastic.co/beats/filebeat:9.5.2');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 5067 }]);
    expect(config['http.port']).toBe(5067);
    expect(config['path.data']).toBe('/var/lib/filebeat-data');
    expect(container.resources.limits.memory).toBe('512Mi');
    expect(ds.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('starts with your own filebeat.yml', () => {
    const { container, configMap } = filebeat({ configFiles: { 'filebeat.yml': 'output.logstash:\n  hosts: ["logstash:5044"]\n' } });
    expect(configMap.data).toEqual({ 'filebeat.yml': 'output.logstash:\n  hosts: ["logstash:5044"]\n' });
    expect(container.args).toEqual(['-c', '/etc/filebeat/filebeat.yml', '-e']);
  });
});

describe('LogCollectorDaemonSet with Filebeat, errors', () => {
  test.each([
    ['forward', LogOutput.forward({ host: 'aggregator.logging.svc' })],
    ['http', LogOutput.http({ url: 'https://logs.example.com/ingest' })],
    ['loki', LogOutput.loki({ url: 'http://loki-gateway.loki.svc' })],
  ])('throws on a %s output, which Filebeat lacks', (kind, output) => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Filebeat', { agent: LogCollectorAgent.filebeat(), output }))
      .toThrow(`test/Filebeat: 'output' cannot be rendered for Filebeat: it has no ${kind} output (received '${kind}')`);
  });

  test.each(['serviceMonitor', 'podMonitor'])('throws on a %s: Filebeat serves no Prometheus metrics', prop => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Filebeat', { agent: LogCollectorAgent.filebeat(), [prop]: {} }))
      .toThrow(`test/Filebeat: '${prop}' cannot scrape Filebeat: its HTTP endpoint serves JSON statistics, not Prometheus metrics`);
  });

  test('throws on more than one output: Filebeat sends to exactly one', () => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Filebeat', {
      agent: LogCollectorAgent.filebeat(),
      outputs: [LogOutput.stdout(), LogOutput.elasticsearch({ url: 'https://es.logging.svc:9200' })],
    })).toThrow('test/Filebeat: \'outputs\' has more than one output: Filebeat sends to exactly one (received ["stdout","elasticsearch"])');
  });

  test('throws on journal units with the Wolfi image, which has no journalctl', () => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Filebeat', { agent: LogCollectorAgent.filebeat(), journalUnits: ['kubelet.service'] }))
      .toThrow(/^test\/Filebeat: 'journalUnits' cannot be read by the Wolfi-based Filebeat image: .* Fix: pass LogCollectorAgent.filebeat\(\{ image: 'docker.elastic.co\/beats\/filebeat:9.5.2' \}\)/);
  });

  test('throws on a flush interval with the disk queue, which has none', () => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Filebeat', {
      agent: LogCollectorAgent.filebeat(), flushInterval: Duration.seconds(5), filesystemBuffer: {},
    })).toThrow('test/Filebeat: \'flushInterval\' does nothing with filesystemBuffer on Filebeat');
  });

  test.each([
    ['useKubelet', { useKubelet: true }, 'Filebeat\'s add_kubernetes_metadata watches the pods of its node already'],
    ['extraParsers', { extraParsers: '[PARSER]\n    Name x\n' }, 'write Filebeat processors'],
    ['luaScripts', { luaScripts: { 'a.lua': '' } }, 'write Filebeat processors'],
  ])('throws on %s, a Fluent Bit option', (prop, props, fix) => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Filebeat', { agent: LogCollectorAgent.filebeat(), ...props }))
      .toThrow(new RegExp(`^test/Filebeat: '${prop}' is a Fluent Bit option .*Fix: .*${fix.replace(/[()]/g, '\\$&')}`, 's'));
  });

  test('throws on an unpinned image', () => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Filebeat', { agent: LogCollectorAgent.filebeat({ image: 'docker.elastic.co/beats/filebeat:latest' }) }))
      .toThrow(/^test\/Filebeat: 'agent.image' is not pinned/);
  });

  test('throws on a surge: the new Filebeat would find the data directory locked', () => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Filebeat', {
      agent: LogCollectorAgent.filebeat(),
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) }),
    })).toThrow('test/Filebeat: \'updateStrategy.maxSurge\' cannot be used: the agent holds the lock on its data directory (/var/lib/filebeat/filebeat.lock), which a second Filebeat refuses to share, on its node');
  });

  test('throws on configFiles without filebeat.yml', () => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Filebeat', { agent: LogCollectorAgent.filebeat(), configFiles: { 'inputs.yml': '' } }))
      .toThrow('test/Filebeat: \'configFiles\' has no filebeat.yml, the file filebeat is started with');
  });
});
