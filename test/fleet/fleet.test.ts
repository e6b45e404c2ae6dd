import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { DaemonSet, DaemonSetUpdateStrategy, FleetAnalysis, FleetReport, FleetReportProps, PodSecurityLevel, PodSecurityNamespace, Relaxation } from '../../src';
import { synth, synthError } from '../util';

const MI = 2 ** 20;
const IMAGE = 'example.com/agent:1.0.0';

/** Synthesizes the chart and returns the JSON report the FleetReport wrote into the app's outdir. */
function reportOf(c: Chart, file = 'fleet-report.json'): FleetAnalysis {
  synth(c);
  return JSON.parse(fs.readFileSync(path.join(App.of(c).outdir, file), 'utf-8'));
}

function markdownOf(c: Chart): string {
  return fs.readFileSync(path.join(App.of(c).outdir, 'fleet-report.md'), 'utf-8');
}

function fleetChart(props: FleetReportProps): Chart {
  const c = new Chart(Testing.app(), 'test');
  new FleetReport(c, 'Fleet', props);
  return c;
}

type Props = ConstructorParameters<typeof DaemonSet>[2];

function agent(c: Chart, id: string, props: Props = {}, container: Partial<kplus.ContainerProps> = {}): DaemonSet {
  const ds = new DaemonSet(c, id, props);
  ds.addContainer({ name: 'agent', image: IMAGE, ...container });
  return ds;
}

/** A raw DaemonSet (no defaults of this library, no validation but the app-level pass). */
function rawDaemonSet(c: Chart, id: string, pod: k8s.PodSpec, spec: Partial<k8s.DaemonSetSpec> = {}, namespace?: string) {
  const labels = { app: id.toLowerCase() };
  return new k8s.KubeDaemonSet(c, id, {
    metadata: { name: id.toLowerCase(), namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: pod }, ...spec },
  });
}

const res = (requests: Record<string, string>, limits: Record<string, string> = {}): k8s.ResourceRequirements => ({
  requests: Object.fromEntries(Object.entries(requests).map(([k, v]) => [k, k8s.Quantity.fromString(v)])),
  limits: Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, k8s.Quantity.fromString(v)])),
});

describe('node overhead', () => {
  // Three DaemonSets on 40 nodes:
  // - 'defaults': one container with the library's defaults: cpu 50m/250m, memory 64Mi/128Mi, ephemeral 64Mi/256Mi
  // - 'sized': cpu 100m/500m, memory 128Mi/256Mi given; ephemeral-storage defaults 64Mi/256Mi
  // - 'raw' (KubeDaemonSet): container 'a' requests cpu 0.2 (= 200m), memory 100Mi, limits cpu 1, memory 200Mi;
  //   container 'b' sets limits only, cpu 300m, memory 50Mi, so its requests default to them; no ephemeral storage.
  const c = fleetChart({ nodeCount: 40 });
  agent(c, 'Defaults', { metadata: { name: 'defaults' } });
  agent(c, 'Sized', { metadata: { name: 'sized' } }, {
    resources: {
      cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
    },
  });
  rawDaemonSet(c, 'Raw', {
    containers: [
      { name: 'a', image: IMAGE, resources: res({ cpu: '0.2', memory: '100Mi' }, { cpu: '1', memory: '200Mi' }) },
      { name: 'b', image: IMAGE, resources: res({}, { cpu: '300m', memory: '50Mi' }) },
    ],
  });
  const report = reportOf(c);

  test('gives each DaemonSet the requests and limits of one pod', () => {
    const raw = report.daemonSets.find(d => d.name === 'raw')!;
    // cpu 200m + 300m (b's request defaulted to its limit); memory 100Mi + 50Mi
    expect(raw.perNode.requests).toEqual({ cpuMillis: 500, memoryBytes: 150 * MI, ephemeralStorageBytes: 0 });
    // cpu 1000m + 300m; memory 200Mi + 50Mi; no ephemeral limit anywhere
    expect(raw.perNode.limits).toEqual({ cpuMillis: 1300, memoryBytes: 250 * MI, ephemeralStorageBytes: 0 });
    expect(raw.perNode.unlimited).toEqual(['ephemeral-storage']);
    const sized = report.daemonSets.find(d => d.name === 'sized')!;
    expect(sized.perNode.requests).toEqual({ cpuMillis: 100, memoryBytes: 128 * MI, ephemeralStorageBytes: 64 * MI });
  });

  test('sums the requests and limits of all DaemonSets per node', () => {
    // requests: cpu 50 + 100 + 500 = 650m; memory 64 + 128 + 150 = 342Mi; ephemeral 64 + 64 + 0 = 128Mi
    expect(report.perNode.requests).toEqual({ cpuMillis: 650, memoryBytes: 342 * MI, ephemeralStorageBytes: 128 * MI });
    // limits: cpu 250 + 500 + 1300 = 2050m; memory 128 + 256 + 250 = 634Mi; ephemeral 256 + 256 = 512Mi, plus raw's unlimited
    expect(report.perNode.limits).toEqual({ cpuMillis: 2050, memoryBytes: 634 * MI, ephemeralStorageBytes: 512 * MI });
    expect(report.perNode.unlimited).toEqual(['ephemeral-storage']);
  });

  test('multiplies the per-node sums by the node count for the cluster total', () => {
    // 40 nodes: cpu 650m x 40 = 26 cores; memory 342Mi x 40 = 13680Mi; ephemeral 128Mi x 40 = 5Gi
    expect(report.nodeCount).toBe(40);
    expect(report.cluster.requests).toEqual({ cpuMillis: 26000, memoryBytes: 13680 * MI, ephemeralStorageBytes: 5 * 1024 * MI });
    // limits: 2050m x 40 = 82 cores; 634Mi x 40 = 25360Mi
    expect(report.cluster.limits.cpuMillis).toBe(82000);
    expect(report.cluster.limits.memoryBytes).toBe(25360 * MI);
  });

  test('writes the totals as a readable table next to the manifests', () => {
    const md = markdownOf(c);
    // 13680Mi = 13.359375Gi, shown with two decimals; 25360Mi = 24.765625Gi
    expect(md).toMatch(/\| \*\*per node\*\* +\| +650m \| +2.05 \| +342Mi \| +634Mi \| +128Mi \| +512Mi \+ unlimited \|/);
    expect(md).toMatch(/\| \*\*cluster \(40 nodes\)\*\* +\| +26 \| +82 \| +13.36Gi \| +24.77Gi \| +5Gi \| +20Gi \+ unlimited \|/);
    expect(md).toMatch(/\| raw +\| +500m \| +1.3 \| +150Mi \| +250Mi \| +0 \| +unlimited \|/);
  });
});

describe('effective requests with init containers', () => {
  // Kubernetes' rule: containers and sidecars (init containers with restartPolicy Always) run
  // together and add up; each regular init container runs with the sidecars started before it;
  // the pod takes the larger of the two, plus the RuntimeClass overhead.
  //   init 'setup'   (regular): cpu 500m, memory 64Mi   -> alone:            500m,  64Mi
  //   init 'proxy'   (sidecar): cpu 100m, memory 32Mi   -> sidecars so far:  100m,  32Mi
  //   init 'migrate' (regular): cpu 300m, memory 256Mi  -> with the sidecar: 400m, 288Mi
  //   container 'main':         cpu 200m, memory 128Mi  -> running: main + proxy = 300m, 160Mi
  //   pod: cpu max(500, 100, 400, 300) = 500m; memory max(64, 32, 288, 160) = 288Mi;
  //   plus overhead cpu 10m, memory 16Mi -> 510m, 304Mi. Limits equal requests, so the same.
  const c = fleetChart({ nodeCount: 3 });
  const same = (cpu: string, memory: string) => res({ cpu, memory }, { 'cpu': cpu, memory, 'ephemeral-storage': '1Gi' });
  rawDaemonSet(c, 'Init', {
    initContainers: [
      { name: 'setup', image: IMAGE, resources: same('500m', '64Mi') },
      { name: 'proxy', image: IMAGE, restartPolicy: 'Always', resources: same('100m', '32Mi') },
      { name: 'migrate', image: IMAGE, resources: same('300m', '256Mi') },
    ],
    containers: [{ name: 'main', image: IMAGE, resources: same('200m', '128Mi') }],
    overhead: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') },
  });
  const report = reportOf(c);

  test('takes the largest init step or the running containers, plus the pod overhead', () => {
    expect(report.daemonSets[0].perNode.requests.cpuMillis).toBe(510);
    expect(report.daemonSets[0].perNode.requests.memoryBytes).toBe(304 * MI);
    expect(report.daemonSets[0].perNode.limits.cpuMillis).toBe(510);
    expect(report.daemonSets[0].perNode.limits.memoryBytes).toBe(304 * MI);
  });

  test('counts ephemeral storage the same way (1Gi per container: 2Gi running, 2Gi for migrate with the sidecar)', () => {
    expect(report.daemonSets[0].perNode.requests.ephemeralStorageBytes).toBe(2 * 1024 * MI);
    expect(report.daemonSets[0].perNode.unlimited).toEqual([]);
  });
});

describe('Pod Security levels', () => {
  const c = fleetChart({ nodeCount: 1 });
  agent(c, 'Restricted', { metadata: { name: 'restricted' } });
  agent(c, 'Root', { metadata: { name: 'root' }, relaxations: [Relaxation.runAsRoot('agent', 'reads files only root can read')] },
    { securityContext: { ensureNonRoot: false, user: 0 } });
  const exporter = agent(c, 'Exporter', {
    metadata: { name: 'exporter' },
    hostNetwork: true,
    relaxations: [Relaxation.hostNetwork('reads the network statistics of the node'), Relaxation.hostPath('/proc', 'reads process statistics')],
  });
  exporter.containers[0].mount('/host/proc', kplus.Volume.fromHostPath(c, 'proc', 'proc', { path: '/proc' }));
  rawDaemonSet(c, 'Caps', {
    containers: [
      { name: 'net', image: IMAGE, securityContext: { capabilities: { add: ['NET_ADMIN'] } } },
      { name: 'chown', image: IMAGE, securityContext: { capabilities: { add: ['CHOWN'], drop: ['ALL'] }, allowPrivilegeEscalation: false } },
    ],
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  });
  agent(c, 'ProbeHost', { metadata: { name: 'probe-host' } }, {
    ports: [{ number: 8080 }],
    liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8080, host: '127.0.0.1' }),
    readiness: kplus.Probe.fromTcpSocket({ port: 8080, host: 'localhost' }),
  });
  const report = reportOf(c);
  const byName = (name: string) => report.daemonSets.find(d => d.name === name)!;

  test('rates a probe that names a host privileged, as policy version 1.34 does, otherwise hardened as it is', () => {
    expect(byName('probe-host').podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(byName('probe-host').podSecurityFindings).toEqual([
      { check: 'hostProbesAndHostLifecycle', lowersTo: 'privileged', detail: 'probe or lifecycle hosts \'127.0.0.1\', \'localhost\' in \'agent\'' },
    ]);
  });

  test('rates the library defaults restricted, with nothing lowering them', () => {
    expect(byName('restricted').podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(byName('restricted').podSecurityFindings).toEqual([]);
  });

  test('rates a root container baseline, lowered by runAsNonRoot and runAsUser', () => {
    expect(byName('root').podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
    expect(byName('root').podSecurityFindings.map(f => [f.check, f.lowersTo])).toEqual([
      ['runAsNonRoot', 'baseline'],
      ['runAsUser', 'baseline'],
    ]);
  });

  test('rates hostNetwork and a hostPath volume privileged, naming the volume', () => {
    expect(byName('exporter').podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(byName('exporter').podSecurityFindings).toEqual([
      { check: 'hostNamespaces', lowersTo: 'privileged', detail: 'hostNetwork: true' },
      { check: 'hostPathVolumes', lowersTo: 'privileged', detail: 'hostPath volumes \'proc\' (/proc)' },
    ]);
  });

  test('rates a capability outside the baseline set privileged, and one inside it baseline', () => {
    const caps = byName('caps');
    expect(caps.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(caps.podSecurityFindings.map(f => [f.check, f.lowersTo, f.detail])).toEqual([
      ['capabilities_baseline', 'privileged', 'adds capabilities NET_ADMIN'],
      ['allowPrivilegeEscalation', 'baseline', 'allowPrivilegeEscalation not false in \'net\''],
      ['capabilities_restricted', 'baseline', 'capabilities not dropped with drop: [ALL] in \'net\''],
      ['capabilities_restricted', 'baseline', 'adds capabilities other than NET_BIND_SERVICE: CHOWN'],
    ]);
  });

  test('lists the level of each DaemonSet and what lowers it in the report', () => {
    const md = markdownOf(c);
    expect(md).toMatch(/\| restricted +\| restricted +\| - +\|/);
    expect(md).toMatch(/\| exporter +\| privileged +\| hostNamespaces, hostPathVolumes +\|/);
    expect(md).toContain('- root: not restricted: runAsNonRoot not true for \'agent\'; runAsUser 0 on \'agent\'.');
  });
});

describe('Pod Security namespaces', () => {
  function exporterIn(c: Chart, namespace: string) {
    agent(c, 'Exporter', {
      metadata: { name: 'exporter', namespace },
      hostPid: true,
      relaxations: [Relaxation.hostPid('reads the processes of the node')],
    });
  }

  test('labels a PodSecurityNamespace with the level its DaemonSets need', () => {
    const c = new Chart(Testing.app(), 'test');
    new PodSecurityNamespace(c, 'Agents', { name: 'agents' });
    new PodSecurityNamespace(c, 'Hardened', { name: 'hardened' });
    new PodSecurityNamespace(c, 'Rooted', { name: 'rooted' });
    exporterIn(c, 'agents');
    agent(c, 'Plain', { metadata: { name: 'plain', namespace: 'agents' } });
    agent(c, 'HardenedAgent', { metadata: { name: 'hardened', namespace: 'hardened' } });
    agent(c, 'Root', { metadata: { name: 'root', namespace: 'rooted' }, relaxations: [Relaxation.runAsRoot('agent', 'reads root-owned files')] },
      { securityContext: { ensureNonRoot: false } });
    const labels = (name: string) => synth(c).find(m => m.kind === 'Namespace' && m.metadata.name === name).metadata.labels;
    // agents holds a hostPID agent (privileged) and a restricted one: the strictest level both satisfy is privileged
    expect(labels('agents')).toEqual({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/warn': 'privileged',
    });
    expect(labels('hardened')['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(labels('rooted')['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  test('labels an empty PodSecurityNamespace restricted, and keeps a given level and labels', () => {
    const c = new Chart(Testing.app(), 'test');
    new PodSecurityNamespace(c, 'Empty', { name: 'empty' });
    new PodSecurityNamespace(c, 'Given', { name: 'given', level: PodSecurityLevel.BASELINE, labels: { team: 'nodes' } });
    const namespaces = synth(c);
    expect(namespaces.find(m => m.metadata.name === 'empty').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(namespaces.find(m => m.metadata.name === 'given').metadata.labels).toEqual({
      'team': 'nodes',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/warn': 'baseline',
    });
  });

  test('rejects a DaemonSet in a namespace that enforces a stricter level than its pods satisfy', () => {
    const c = new Chart(Testing.app(), 'test');
    new PodSecurityNamespace(c, 'Agents', { name: 'agents', level: PodSecurityLevel.BASELINE });
    exporterIn(c, 'agents');
    expect(synthError(c)).toContain(
      'test/Exporter: \'metadata.namespace\' places the DaemonSet in namespace \'agents\' (test/Agents), which enforces Pod Security \'baseline\', '
      + 'but its pods satisfy only \'privileged\' (hostNamespaces: hostPID: true): the DaemonSet is accepted and every pod it creates is rejected '
      + '(received \'agents\'). Allowed: a namespace that enforces \'privileged\' or a less strict level. '
      + 'Fix: label namespace \'agents\' with pod-security.kubernetes.io/enforce: privileged (PodSecurityNamespace labels it with the level its DaemonSets need), '
      + 'or remove what lowers the level (Relaxation.hostNetwork/hostPid/hostIpc and the settings they allow)');
  });

  test('rejects a raw DaemonSet in any Namespace object of the app, without a FleetReport', () => {
    const c = new Chart(Testing.app(), 'test');
    new k8s.KubeNamespace(c, 'Ns', { metadata: { name: 'strict', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    // The app-level pass exists once a DaemonSet of this library is in the app.
    agent(c, 'Fine', { metadata: { name: 'fine', namespace: 'strict' } });
    rawDaemonSet(c, 'Raw', { containers: [{ name: 'main', image: IMAGE }] }, {}, 'strict');
    const error = synthError(c);
    // A bare container fails four restricted checks, and no baseline check.
    expect(error).toContain('test/Raw: \'metadata.namespace\' places the DaemonSet in namespace \'strict\' (test/Ns), which enforces Pod Security \'restricted\', but its pods satisfy only \'baseline\' '
      + '(allowPrivilegeEscalation: allowPrivilegeEscalation not false in \'main\'; runAsNonRoot: runAsNonRoot not true for \'main\'; '
      + 'seccompProfile_restricted: seccompProfile not RuntimeDefault or Localhost for \'main\'; capabilities_restricted: capabilities not dropped with drop: [ALL] in \'main\')');
    expect(error).toContain('(Relaxation.privilegeEscalation, Relaxation.runAsRoot, Relaxation.capabilities and the settings they allow)');
    expect(error).not.toContain('test/Fine');
  });

  test('rejects an enforce label that names no level', () => {
    const c = new Chart(Testing.app(), 'test');
    new k8s.KubeNamespace(c, 'Ns', { metadata: { name: 'agents', labels: { 'pod-security.kubernetes.io/enforce': 'strict' } } });
    agent(c, 'Agent', { metadata: { name: 'agent', namespace: 'agents' } });
    expect(synthError(c)).toContain('test/Ns: \'metadata.labels.pod-security.kubernetes.io/enforce\' of namespace \'agents\' is not a Pod Security level (received \'strict\'). '
      + 'Allowed: privileged, baseline, restricted. Fix: label the namespace with the level its DaemonSets need (\'restricted\')');
  });

  test('accepts a DaemonSet in a namespace that enforces its level or a less strict one', () => {
    const c = new Chart(Testing.app(), 'test');
    new k8s.KubeNamespace(c, 'Ns', { metadata: { name: 'agents', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } });
    agent(c, 'Agent', { metadata: { name: 'agent', namespace: 'agents' } });
    new FleetReport(c, 'Fleet', { nodeCount: 2 });
    const report = reportOf(c);
    expect(report.namespaces).toEqual([{
      name: 'agents', source: 'test/Ns', enforce: 'baseline', daemonSets: ['agents/agent'], neededLevel: 'restricted', rejected: [],
    }]);
  });

  test('rejects an invalid namespace name', () => {
    const c = new Chart(Testing.app(), 'test');
    expect(() => new PodSecurityNamespace(c, 'Ns', { name: 'Agents' })).toThrow(/^test\/Ns: 'name' is not a valid namespace name \(received 'Agents'\)/);
  });
});

describe('budget', () => {
  function budgetChart(budget: FleetReportProps['budget']) {
    // Requests per node: cpu 50m (defaults) + 400m (big) + 200m (small) = 650m; memory 64 + 256 + 64 = 384Mi
    const c = fleetChart({ nodeCount: 10, budget });
    agent(c, 'Defaults', { metadata: { name: 'defaults' } });
    agent(c, 'Big', { metadata: { name: 'big' } }, { resources: { cpu: { request: kplus.Cpu.millis(400), limit: kplus.Cpu.millis(400) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) } } });
    agent(c, 'Small', { metadata: { name: 'small' } }, { resources: { cpu: { request: kplus.Cpu.millis(200), limit: kplus.Cpu.millis(200) } } });
    return c;
  }

  test('rejects requests above the per-node budget with a table of the top consumers', () => {
    const error = synthError(budgetChart({ cpu: '600m' }));
    // 650m of 600m = 108%; big 400m = 67%, small 200m = 33%, defaults 50m = 8% (rounded)
    expect(error).toContain('test/Fleet: \'budget.cpu\' is exceeded: the DaemonSets request 650m cpu on every node, 108% of the budget (received \'600m\'). '
      + 'Allowed: DaemonSet cpu requests of at most 600m per node. Fix: lower the cpu requests of the top consumers below, remove an agent, or raise the budget');
    expect(error).toContain([
      'Top cpu consumers per node:',
      '| DaemonSet | cpu request | of the budget |',
      '|-----------|------------:|--------------:|',
      '| big       |        400m |           67% |',
      '| small     |        200m |           33% |',
      '| defaults  |         50m |            8% |',
    ].join('\n'));
  });

  test('rejects memory requests above the budget', () => {
    // 384Mi of 256Mi = 150%
    expect(synthError(budgetChart({ memory: '256Mi' }))).toContain('test/Fleet: \'budget.memory\' is exceeded: the DaemonSets request 384Mi memory on every node, 150% of the budget');
  });

  test('accepts requests equal to the budget and reports the share', () => {
    const c = budgetChart({ cpu: '650m', memory: '1Gi' });
    const report = reportOf(c);
    expect(report.budget).toEqual([
      { resource: 'cpu', budget: '650m', budgetAmount: 650, requested: 650, exceeded: false },
      { resource: 'memory', budget: '1Gi', budgetAmount: 1024 * MI, requested: 384 * MI, exceeded: false },
    ]);
    // 384Mi of 1Gi = 37.5%, rounded to 38%
    expect(markdownOf(c)).toContain('Budget per node, requests: cpu 650m of 650m (100%, within budget); memory 384Mi of 1Gi (38%, within budget).');
  });

  test('rejects a budget that is not a quantity, and a node count that is not a whole number', () => {
    const c = new Chart(Testing.app(), 'test');
    expect(() => new FleetReport(c, 'A', { nodeCount: 3, budget: { cpu: 'lots' } })).toThrow(
      'test/A: \'budget.cpu\' is not a positive quantity (received \'lots\'). Allowed: a cpu quantity such as 500m or 2. Fix: write the budget as a Kubernetes quantity');
    expect(() => new FleetReport(c, 'B', { nodeCount: 2.5 })).toThrow(
      'test/B: \'nodeCount\' is not a whole number of nodes (received 2.5). Allowed: an integer >= 1. Fix: give the number of nodes of the cluster');
    expect(() => new FleetReport(c, 'C', { nodeCount: 3, podStartSeconds: -1 })).toThrow('test/C: \'podStartSeconds\' is not a number of seconds');
    expect(() => new FleetReport(c, 'D', { nodeCount: 3, outputFile: '../report.md' })).toThrow('test/D: \'outputFile\' is not a relative .md file name inside the output directory');
  });
});

describe('host ports', () => {
  const c = fleetChart({ nodeCount: 5 });
  agent(c, 'Exporter', { metadata: { name: 'exporter', namespace: 'monitoring' }, relaxations: [Relaxation.hostPort(9100, 'scraped on the node address')] },
    { ports: [{ name: 'metrics', number: 9100, hostPort: 9100 }] });
  // hostNetwork binds every container port on the node
  agent(c, 'Statsd', { metadata: { name: 'statsd' }, hostNetwork: true, relaxations: [Relaxation.hostNetwork('receives metrics on the node address')] },
    { ports: [{ name: 'statsd', number: 8125, protocol: kplus.Protocol.UDP }] });
  rawDaemonSet(c, 'Dns', { containers: [{ name: 'cache', image: IMAGE, ports: [{ containerPort: 53, hostPort: 53, hostIp: '169.254.20.10', protocol: 'UDP' }] }] });
  const report = reportOf(c);

  test('maps every host port by protocol and port, across all DaemonSets', () => {
    expect(report.hostPorts).toEqual([
      { protocol: 'TCP', port: 9100, hostIp: '', daemonSet: 'monitoring/exporter', container: 'agent' },
      { protocol: 'UDP', port: 53, hostIp: '169.254.20.10', daemonSet: 'dns', container: 'cache' },
      { protocol: 'UDP', port: 8125, hostIp: '', daemonSet: 'statsd', container: 'agent' },
    ]);
  });

  test('prints the map as a table', () => {
    const md = markdownOf(c);
    expect(md).toMatch(/\| TCP +\| +9100 \| \(all\) +\| monitoring\/exporter \| agent +\|/);
    expect(md).toMatch(/\| UDP +\| +53 \| 169.254.20.10 \| dns +\| cache +\|/);
  });
});

describe('rollout estimate', () => {
  // 45 nodes, pods start in 20s; the default grace period is 30s.
  const c = fleetChart({ nodeCount: 45, podStartSeconds: 20 });
  const hostPort = (id: string, props: Props = {}) => agent(c, id, {
    metadata: { name: id.toLowerCase() },
    relaxations: [Relaxation.hostPort(9000 + id.length, 'reached on the node address')],
    ...props,
  }, { ports: [{ number: 9000 + id.length, hostPort: 9000 + id.length }] });
  // host ports make maxUnavailable 1 the default
  hostPort('One');
  hostPort('Tenpct', { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }) });
  // no host port: the default surge of 1, with minReadySeconds 10
  agent(c, 'Surge', { metadata: { name: 'surge' }, minReadySeconds: 10 });
  agent(c, 'Quarter', { metadata: { name: 'quarter' }, updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(25) }) });
  agent(c, 'Manual', { metadata: { name: 'manual' }, updateStrategy: DaemonSetUpdateStrategy.onDelete() });
  rawDaemonSet(c, 'Graceful', { containers: [{ name: 'main', image: IMAGE }], terminationGracePeriodSeconds: 5 },
    { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(2) } } });
  const report = reportOf(c);
  const rollout = (name: string) => report.daemonSets.find(d => d.name === name)!.rollout;

  test('replaces one node at a time with maxUnavailable 1: stop, start, ready', () => {
    // 45 batches x (5s stop + 20s start + 0s minReady) = 1125s
    expect(rollout('one')).toMatchObject({
      strategy: 'RollingUpdate', automatic: true, maxUnavailable: '1', maxSurge: '0', nodesPerBatch: 1, batches: 45, stopSeconds: 5, batchSeconds: 25, totalSeconds: 1125,
    });
  });

  test('assumes an old pod stops 5s after its deletion, not after its whole grace period, and gives the whole grace period as the upper bound', () => {
    // The default grace period is 30s: 45 batches x (30s + 20s) = 2250s at most.
    expect(rollout('one')).toMatchObject({ stopSeconds: 5, gracePeriodSeconds: 30, totalSeconds: 1125, maxTotalSeconds: 2250 });
    // A grace period below 5s bounds the stop.
    const short = fleetChart({ nodeCount: 10, podStartSeconds: 20 });
    rawDaemonSet(short, 'Quick', { containers: [{ name: 'main', image: IMAGE }], terminationGracePeriodSeconds: 1 });
    expect(reportOf(short).daemonSets[0].rollout)
      .toMatchObject({ stopSeconds: 1, gracePeriodSeconds: 1, batchSeconds: 21, totalSeconds: 210, maxTotalSeconds: 210 });
  });

  test('takes the stop time given', () => {
    const given = fleetChart({ nodeCount: 45, podStartSeconds: 20, podStopSeconds: 12 });
    rawDaemonSet(given, 'Slow', { containers: [{ name: 'main', image: IMAGE }] });
    expect(reportOf(given).daemonSets[0].rollout).toMatchObject({ stopSeconds: 12, batchSeconds: 32, totalSeconds: 1440, maxTotalSeconds: 2250 });
  });

  test('rounds a maxUnavailable percentage up, as the DaemonSet controller does', () => {
    // 10% of 45 = 4.5, rounded up to 5 nodes; 45 / 5 = 9 batches x 25s = 225s
    expect(rollout('tenpct')).toMatchObject({ maxUnavailable: '10%', nodesPerBatch: 5, batches: 9, batchSeconds: 25, totalSeconds: 225 });
  });

  test('does not wait for the old pod when surging, and adds minReadySeconds and the controller\'s second before it checks availability again', () => {
    // 45 batches x (0s stop + 20s start + 10s minReady + 1s recheck) = 1395s
    expect(rollout('surge')).toMatchObject({ maxSurge: '1', maxUnavailable: '0', minReadySeconds: 10, nodesPerBatch: 1, batches: 45, stopSeconds: 0 });
    expect(rollout('surge')).toMatchObject({ recheckSeconds: 1, batchSeconds: 31, totalSeconds: 1395, maxTotalSeconds: 1395 });
    // Without minReadySeconds no recheck waits.
    expect(rollout('quarter')).toMatchObject({ recheckSeconds: 0 });
  });

  test('rounds a maxSurge percentage up', () => {
    // 25% of 45 = 11.25, rounded up to 12; ceil(45 / 12) = 4 batches x 20s = 80s
    expect(rollout('quarter')).toMatchObject({ maxSurge: '25%', nodesPerBatch: 12, batches: 4, batchSeconds: 20, totalSeconds: 80 });
  });

  test('bounds the rollout by the pod\'s own grace period, not the default one', () => {
    // maxUnavailable 2: ceil(45 / 2) = 23 batches x (5s stop + 20s start) = 575s, also at most
    expect(rollout('graceful')).toMatchObject({
      nodesPerBatch: 2, batches: 23, stopSeconds: 5, gracePeriodSeconds: 5, batchSeconds: 25, totalSeconds: 575, maxTotalSeconds: 575,
    });
  });

  test('reports OnDelete as no automatic rollout', () => {
    expect(rollout('manual')).toEqual({ strategy: 'OnDelete', automatic: false, minReadySeconds: 0 });
  });

  test('prints the estimates as a table', () => {
    const md = markdownOf(c);
    expect(md).toContain('with pods that take 20s to start and become ready, and old pods that take 5s (or their grace period, if shorter) to stop.');
    expect(md).toMatch(/\| one +\| RollingUpdate, maxUnavailable 1 +\| +1 \| +45 \| 5s stop \+ 20s start \+ 0s ready = 25s +\| +18m 45s \| +37m 30s \|/);
    expect(md).toMatch(/\| surge +\| RollingUpdate, maxSurge 1, minReadySeconds 10 +\| +1 \| +45 \| 20s start \+ 10s ready \+ 1s recheck = 31s +\| +23m 15s \| +23m 15s \|/);
    expect(md).toMatch(/\| manual +\| OnDelete +\| +- \| +- \| - +\| manual: pods are replaced only when deleted \| +- \|/);
  });
});

describe('FleetReport', () => {
  test('rejects at synth a raw DaemonSet whose resources are no quantities, instead of counting them as 0', () => {
    const c = fleetChart({ nodeCount: 3 });
    rawDaemonSet(c, 'Raw', { containers: [{ name: 'main', image: IMAGE, resources: res({ cpu: '1.5 cores' }) }] });
    expect(synthError(c)).toContain('test/Raw: \'containers[main].resources.requests.cpu\' is not a Kubernetes quantity (the API server rejects the DaemonSet, '
      + 'and the fleet view cannot count it) (received \'1.5 cores\').');
  });

  test('sees every kind of DaemonSet: this library\'s, cdk8s-plus ones and raw KubeDaemonSets', () => {
    const c = fleetChart({ nodeCount: 1 });
    agent(c, 'Ours', { metadata: { name: 'ours' } });
    new kplus.DaemonSet(c, 'Plus', { metadata: { name: 'plus' } }).addContainer({ image: IMAGE });
    rawDaemonSet(c, 'Raw', { containers: [{ name: 'main', image: IMAGE }] });
    const report = reportOf(c);
    expect(report.daemonSets.map(d => [d.name, d.source])).toEqual([['ours', 'test/Ours'], ['plus', 'test/Plus'], ['raw', 'test/Raw']]);
    // cdk8s-plus requests a whole cpu and 512Mi per container
    expect(report.daemonSets[1].perNode.requests).toEqual({ cpuMillis: 1000, memoryBytes: 512 * MI, ephemeralStorageBytes: 0 });
  });

  test('writes the report under the given name, or not at all', () => {
    const c = fleetChart({ nodeCount: 1, outputFile: 'reports/agents.md' });
    agent(c, 'Agent');
    const report = reportOf(c, 'reports/agents.json');
    expect(report.daemonSets).toHaveLength(1);
    expect(fs.existsSync(path.join(App.of(c).outdir, 'reports', 'agents.md'))).toBe(true);

    const quiet = fleetChart({ nodeCount: 1, writeFiles: false });
    agent(quiet, 'Agent');
    synth(quiet);
    expect(fs.readdirSync(App.of(quiet).outdir)).toEqual([]);
  });

  test('writes the files when the app synthesizes, next to the manifests', () => {
    const app = Testing.app();
    const c = new Chart(app, 'agents');
    agent(c, 'Agent', { metadata: { name: 'agent' } });
    new FleetReport(c, 'Fleet', { nodeCount: 3 });
    app.synth();
    expect(fs.readdirSync(app.outdir).sort()).toEqual(['agents.k8s.yaml', 'fleet-report.json', 'fleet-report.md']);
  });

  test('analyzes plain manifests with the same code', () => {
    const c = new Chart(Testing.app(), 'test');
    agent(c, 'Agent', { metadata: { name: 'agent' } });
    const analysis = FleetReport.analyze(synth(c), { nodeCount: 4 });
    // defaults: cpu 50m per node, 200m on 4 nodes
    expect(analysis.cluster.requests.cpuMillis).toBe(200);
    expect(analysis.daemonSets[0].source).toBe('manifests[0]');
    expect(FleetReport.toMarkdown(analysis)).toContain('1 DaemonSet on 4 nodes');
  });
});

describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
  const section = readme.slice(readme.indexOf('## The fleet view'), readme.indexOf('## Escape hatches'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)![1];

  /** Runs the README's example app as written (it is plain JavaScript once its imports are gone) into a fresh outdir. */
  function runExample(source: string): string {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-readme-'));
    const TestApp = class extends App {
      constructor() {
        super({ outdir });
      }
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('../../src');
    const body = source.replace(/^import .*$/gm, '');
    const names = ['App', 'Chart', 'Size', 'kplus', ...Object.keys(lib)];
    new Function(...names, body)(TestApp, Chart, Size, kplus, ...Object.values(lib));
    return outdir;
  }

  test('shows the report its fleet example writes', () => {
    const outdir = runExample(code);
    const shown = /`cdk8s synth` writes `dist\/fleet-report.md`[\s\S]*?```markdown\n([\s\S]*?)```/.exec(section);
    expect(shown).not.toBeNull();
    expect(fs.readFileSync(path.join(outdir, 'fleet-report.md'), 'utf-8')).toBe(shown![1]);
    expect(fs.readdirSync(outdir).sort()).toEqual(['agents.k8s.yaml', 'fleet-report.json', 'fleet-report.md']);
  });

  test('shows the error its fleet example fails with under a smaller budget', () => {
    const shown = /fails to synthesize:\n\n```\n([\s\S]*?)```/.exec(section)![1];
    const smaller = code.replace('budget: { cpu: \'500m\'', 'budget: { cpu: \'250m\'');
    expect(smaller).not.toBe(code);
    const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
    let message = '';
    try {
      runExample(smaller);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(collapse(message)).toContain(collapse(shown));
  });
});
