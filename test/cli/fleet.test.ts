import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSet, FleetAnalysis, FleetReport, Relaxation } from '../../src';
import { main, USAGE } from '../../src/cli/fleet';

const MI = 2 ** 20;
const FIXTURE = path.join('test', 'fixtures', 'fleet-helm-template.yaml');

describe('cdk8s-daemonsets-fleet on helm template output', () => {
  // Two DaemonSets on 20 nodes, pods starting in 30s (the default):
  // - monitoring/node-exporter: requests cpu 102m, memory 180Mi; limits cpu 250m, memory 180Mi;
  //   hostNetwork + hostPID + three hostPath volumes; port 9100 bound on the node; maxUnavailable 1,
  //   grace period 30s (default): 20 batches x (5s stop + 30s) = 700s, at most x (30s + 30s) = 20m
  // - logging/fluent-bit: no resources at all; two hostPath volumes; default strategy
  //   (maxUnavailable 1), grace period 10s: 20 x (5s + 30s) = 700s, at most x (10s + 30s) = 13m 20s
  // - the Namespace logging enforces baseline, which rejects fluent-bit's hostPath pods.
  const text = main(['--nodes', '20', FIXTURE]);
  const json = main(['--nodes=20', '--json', FIXTURE]);
  const report: FleetAnalysis = JSON.parse(json.stdout);

  test('sums the requests per node and for the cluster', () => {
    expect(report.perNode.requests).toEqual({ cpuMillis: 102, memoryBytes: 180 * MI, ephemeralStorageBytes: 0 });
    // 102m x 20 = 2040m; 180Mi x 20 = 3600Mi = 3.515625Gi
    expect(report.cluster.requests).toEqual({ cpuMillis: 2040, memoryBytes: 3600 * MI, ephemeralStorageBytes: 0 });
    // fluent-bit sets no limit: every resource is unlimited
    expect(report.perNode.unlimited).toEqual(['cpu', 'memory', 'ephemeral-storage']);
    expect(text.stdout).toMatch(/\| \*\*cluster \(20 nodes\)\*\* +\| +2.04 \| +5 \+ unlimited \| +3.52Gi \| +3.52Gi \+ unlimited \| +0 \| +unlimited \|/);
  });

  test('rates both agents privileged and names what lowers them', () => {
    expect(report.daemonSets.map(d => [d.namespace, d.name, d.podSecurityLevel])).toEqual([
      ['monitoring', 'node-exporter', 'privileged'],
      ['logging', 'fluent-bit', 'privileged'],
    ]);
    expect(report.daemonSets[0].podSecurityFindings.map(f => f.detail)).toEqual([
      'hostNetwork: true, hostPID: true',
      'hostPath volumes \'proc\' (/proc), \'sys\' (/sys), \'root\' (/)',
      // hostNetwork makes the API server default hostPort to the container port
      'hostPorts 9100',
      // and two restricted checks: no seccomp profile, capabilities kept
      'seccompProfile not RuntimeDefault or Localhost for \'node-exporter\'',
      'capabilities not dropped with drop: [ALL] in \'node-exporter\'',
    ]);
  });

  test('maps the host port of the hostNetwork agent', () => {
    expect(report.hostPorts).toEqual([{ protocol: 'TCP', port: 9100, hostIp: '', daemonSet: 'monitoring/node-exporter', container: 'node-exporter' }]);
  });

  test('estimates the rollouts', () => {
    // Old pods stop in 5s: 20 x (5s + 30s) = 700s each; at most their grace periods (30s, 10s): 1200s and 800s.
    expect(report.daemonSets.map(d => [d.rollout.totalSeconds, d.rollout.maxTotalSeconds])).toEqual([[700, 1200], [700, 800]]);
    expect(text.stdout).toMatch(/\| logging\/fluent-bit +\| RollingUpdate, maxUnavailable 1 +\| +1 \| +20 \| 5s stop \+ 30s start \+ 0s ready = 35s \| +11m 40s \| +13m 20s \|/);
  });

  test('fails with exit status 1 when a Namespace would reject a DaemonSet\'s pods, naming the file and the object', () => {
    expect(text.code).toBe(1);
    expect(json.code).toBe(1);
    expect(text.stderr).toContain(`${FIXTURE} (DaemonSet logging/fluent-bit): 'metadata.namespace' places the DaemonSet in namespace 'logging' (${FIXTURE} (Namespace logging)), `
      + 'which enforces Pod Security \'baseline\', but its pods satisfy only \'privileged\' (hostPathVolumes: hostPath volumes \'varlog\' (/var/log), \'containers\' (/var/lib/docker/containers))');
    expect(report.namespaces).toEqual([{
      name: 'logging', source: `${FIXTURE} (Namespace logging)`, enforce: 'baseline', daemonSets: ['logging/fluent-bit'], neededLevel: 'privileged', rejected: ['logging/fluent-bit'],
    }]);
    // the report is printed all the same, with the problems at its end
    expect(text.stdout).toContain('## Problems');
  });

  test('checks a per-node budget', () => {
    const result = main(['--nodes', '20', '--budget-cpu', '100m', '--budget-memory', '1Gi', FIXTURE]);
    // 102m of 100m = 102%
    expect(result.stderr).toContain('cdk8s-daemonsets-fleet: \'budget.cpu\' is exceeded: the DaemonSets request 102m cpu on every node, 102% of the budget (received \'100m\')');
    expect(result.stderr).toMatch(/\| monitoring\/node-exporter \| +102m \| +102% \|/);
    expect(result.stderr).not.toContain('budget.memory');
  });
});

describe('cdk8s-daemonsets-fleet on a synthesized cdk8s app', () => {
  // Two DaemonSets with the library's defaults (cpu 50m, memory 64Mi requested each), one with a
  // read-only hostPath: per node 100m and 128Mi; on 7 nodes 700m and 896Mi.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-cli-'));
  const c = new Chart(Testing.app(), 'agents');
  new DaemonSet(c, 'Plain', { metadata: { name: 'plain', namespace: 'agents' } }).addContainer({ name: 'plain', image: 'example.com/plain:1.0.0' });
  new DaemonSet(c, 'Logs', { metadata: { name: 'logs', namespace: 'agents' }, relaxations: [Relaxation.hostPath('/var/log', 'reads the node logs')] })
    .addContainer({ name: 'logs', image: 'example.com/logs:1.0.0' })
    .mount('/var/log', kplus.Volume.fromHostPath(c, 'varlog', 'varlog', { path: '/var/log' }));
  Yaml.save(path.join(dir, 'agents.k8s.yaml'), Testing.synth(c));

  test('reads every manifest file of a directory', () => {
    const result = main(['--nodes', '7', '--json', dir]);
    expect(result.code).toBe(0);
    const report: FleetAnalysis = JSON.parse(result.stdout);
    expect(report.daemonSets.map(d => d.name)).toEqual(['plain', 'logs']);
    expect(report.cluster.requests).toEqual({ cpuMillis: 700, memoryBytes: 896 * MI, ephemeralStorageBytes: 896 * MI });
    expect(report.daemonSets.map(d => d.podSecurityLevel)).toEqual(['restricted', 'privileged']);
  });

  test('runs as the shipped command, reading standard input and kubectl List objects', () => {
    // The compiled entry point of package.json "bin" (built by the compile step before the tests).
    const bin = path.join('lib', 'cli', 'fleet.js');
    expect(JSON.parse(fs.readFileSync('package.json', 'utf-8')).bin).toEqual({ 'cdk8s-daemonsets-fleet': 'lib/cli/fleet.js' });
    expect(fs.readFileSync(bin, 'utf-8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const list = { apiVersion: 'v1', kind: 'List', items: Testing.synth(c) };
    const result = spawnSync(process.execPath, [bin, '--nodes', '7', '--pod-start-seconds', '10', '--pod-stop-seconds', '2', '-'], { input: JSON.stringify(list), encoding: 'utf-8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // Both surge by default: 7 batches x (10s start + 0s ready) = 1m 10s each
    expect(result.stdout).toMatch(/\| agents\/plain +\| RollingUpdate, maxSurge 1 +\| +1 \| +7 \| 10s start \+ 0s ready = 10s \| +1m 10s \|/);
    expect(result.stdout).toContain('| **cluster (7 nodes)** |        700m |');
  });
});

describe('cdk8s-daemonsets-fleet on a cdk8s app\'s output directory', () => {
  /** A DaemonSet as a raw manifest: one container, `pod` merged into the pod spec. */
  const raw = (name: string, pod: Record<string, unknown>) => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'agents' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'agent', image: 'example.com/agent:1.0.0' }], ...pod } },
    },
  });
  const write = (objects: any[]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-cli-'));
    objects.forEach((o, i) => Yaml.save(path.join(dir, `${i}-${o.metadata.name}.yaml`), [o]));
    return dir;
  };

  test('skips the construct metadata and the fleet report cdk8s synth writes next to the manifests, saying so', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-cli-dist-'));
    const app = new App({ outdir, recordConstructMetadata: true });
    const chart = new Chart(app, 'agents', { namespace: 'agents' });
    new DaemonSet(chart, 'Agent', { metadata: { name: 'agent' } }).addContainer({ name: 'agent', image: 'example.com/agent:1.0.0' });
    new FleetReport(chart, 'Fleet', { nodeCount: 3 });
    app.synth();
    expect(fs.readdirSync(outdir).sort()).toEqual(['agents.k8s.yaml', 'construct-metadata.json', 'fleet-report.json', 'fleet-report.md']);

    const result = main(['--nodes', '3', '--json', outdir]);
    expect(result.stderr).toBe(
      `cdk8s-daemonsets-fleet: skipped ${path.join(outdir, 'construct-metadata.json')}: cdk8s construct metadata (App recordConstructMetadata), not Kubernetes objects\n`
      + `cdk8s-daemonsets-fleet: skipped ${path.join(outdir, 'fleet-report.json')}: a fleet report (FleetReport, or cdk8s-daemonsets-fleet --json), not Kubernetes objects\n`);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as FleetAnalysis).daemonSets.map(d => d.name)).toEqual(['agent']);
  });

  test('reports two DaemonSets on one host port of the same nodes as a problem, with exit status 1', () => {
    const exporter = (ports: Record<string, unknown>, system: string) => ({
      nodeSelector: { 'kubernetes.io/os': system },
      containers: [{ name: 'exporter', image: 'example.com/exporter:1.0.0', ports: [{ containerPort: 9100, ...ports }] }],
    });
    const dir = write([
      raw('node-exporter', { hostNetwork: true, ...exporter({}, 'linux') }),
      raw('other-exporter', exporter({ hostPort: 9100 }, 'linux')),
      // Windows nodes only: never on a node of the two Linux ones
      raw('windows-exporter', exporter({ hostPort: 9100 }, 'windows')),
    ]);
    const result = main(['--nodes', '3', dir]);
    expect(result.code).toBe(1);
    const other = `${path.join(dir, '1-other-exporter.yaml')} (DaemonSet agents/other-exporter)`;
    const first = `${path.join(dir, '0-node-exporter.yaml')} (DaemonSet agents/node-exporter)`;
    expect(result.stderr).toBe(`${other}: 'containers[exporter].ports' binds host port 9100/TCP, which DaemonSet ${first} also binds: `
      + 'DaemonSet pods run on every node, so one of the two agents could never start (received 9100). Allowed: each protocol/port bound by one DaemonSet per node. '
      + 'Fix: give one of the agents another port (for hostNetwork pods, the container port), or select disjoint nodes with nodeSelector\n');
    expect(result.stdout).toContain('## Problems');
  });

  test('rejects a resource quantity Kubernetes would reject, naming the file and the object, instead of counting it as 0', () => {
    const dir = write([raw('agent', {
      containers: [{ name: 'agent', image: 'example.com/agent:1.0.0', resources: { requests: { cpu: '1.5 cores', memory: '64Mi' }, limits: { memory: 'lots' } } }],
    })]);
    const where = `${path.join(dir, '0-agent.yaml')} (DaemonSet agents/agent)`;
    const problem = 'is not a Kubernetes quantity (the API server rejects the DaemonSet, and the fleet view cannot count it)';
    const rest = 'Allowed: a number with an optional suffix: cpu as 500m or 1.5, memory and storage as 512Mi, 1Gi or 1e9. '
      + 'Fix: write the quantity as Kubernetes does, e.g. 1500m for one and a half cores';
    expect(main(['--nodes', '3', dir])).toEqual({
      code: 2,
      stdout: '',
      stderr: `cdk8s-daemonsets-fleet: ${where}: 'containers[agent].resources.requests.cpu' ${problem} (received '1.5 cores'). ${rest}\n`
        + `cdk8s-daemonsets-fleet: ${where}: 'containers[agent].resources.limits.memory' ${problem} (received 'lots'). ${rest}\n`,
    });
  });
});

describe('cdk8s-daemonsets-fleet errors', () => {
  test('requires the node count', () => {
    const result = main([FIXTURE]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`cdk8s-daemonsets-fleet: --nodes is required: the number of nodes of the cluster\n\n${USAGE}`);
  });

  test('rejects unknown options, missing values, missing files and invalid numbers', () => {
    expect(main(['--nodes', '3', '--verbose', FIXTURE]).stderr).toMatch(/^cdk8s-daemonsets-fleet: unknown option --verbose\n/);
    expect(main(['--nodes']).stderr).toMatch(/^cdk8s-daemonsets-fleet: --nodes needs a value\n/);
    expect(main(['--nodes', '3', 'nowhere.yaml'])).toEqual({ code: 2, stdout: '', stderr: 'cdk8s-daemonsets-fleet: nowhere.yaml: no such file or directory\n' });
    const bad = main(['--nodes', 'many', FIXTURE]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^cdk8s-daemonsets-fleet: 'nodeCount' is not a whole number of nodes \(received 'many'\)/);
    expect(main(['--nodes', '3', '--budget-memory', 'big', FIXTURE]).stderr).toContain('\'budget.memory\' is not a positive quantity (received \'big\')');
  });

  test('rejects a file that is not valid YAML', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-cli-'));
    const file = path.join(dir, 'broken.yaml');
    // an indented key after a scalar: the parser recovers into an object with no apiVersion
    fs.writeFileSync(file, 'kind: DaemonSet\n  bad: [\n');
    expect(main(['--nodes', '3', file])).toEqual({
      code: 2, stdout: '', stderr: `cdk8s-daemonsets-fleet: ${file}: document 1 is not a Kubernetes object (no kind and apiVersion): is the file valid YAML?\n`,
    });
  });

  test('prints its usage', () => {
    expect(main(['--help'])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });
});
