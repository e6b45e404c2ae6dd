import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSet, FleetAnalysis, Relaxation } from '../../src';
import { main, USAGE } from '../../src/cli/fleet';

const MI = 2 ** 20;
const FIXTURE = path.join('test', 'fixtures', 'fleet-helm-template.yaml');

describe('cdk8s-daemonsets-fleet on helm template output', () => {
  // Two DaemonSets on 20 nodes, pods starting in 30s (the default):
  // - monitoring/node-exporter: requests cpu 102m, memory 180Mi; limits cpu 250m, memory 180Mi;
  //   hostNetwork + hostPID + three hostPath volumes; port 9100 bound on the node; maxUnavailable 1,
  //   grace period 30s (default): 20 batches x (30s + 30s) = 1200s = 20m
  // - logging/fluent-bit: no resources at all; two hostPath volumes; default strategy
  //   (maxUnavailable 1), grace period 10s: 20 batches x (10s + 30s) = 800s = 13m 20s
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
    expect(report.daemonSets.map(d => d.rollout.totalSeconds)).toEqual([1200, 800]);
    expect(text.stdout).toMatch(/\| logging\/fluent-bit +\| RollingUpdate, maxUnavailable 1 +\| +1 \| +20 \| 10s stop \+ 30s start \+ 0s ready = 40s \| +13m 20s \|/);
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
