/**
 * `npm run bench:fleet`: full rollouts on a large simulated fleet, per update strategy, with the
 * real control plane of the cluster tests (etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler v1.34.4 and KWOK, built by scripts/install-kube.sh, on 127.0.0.1).
 *
 * It creates N Linux worker nodes (default 1 000), then for each strategy applies the library's
 * `DaemonSet` with that strategy, measures the time until `desiredNumberScheduled == numberReady`
 * on every node, changes the image, and measures the time until the DaemonSet's status says the
 * rollout is done (every node runs an updated, available pod) and until the last old pod is gone,
 * while a pod watch counts, at every pod event, the nodes without a Ready pod. The DaemonSet is
 * deleted before the next strategy. Pods become Ready `--ready` after KWOK sees them bound and go
 * `--stop` after their deletion (default 0: the control plane's own pace). Prints a Markdown table
 * and the machine it ran on. Not part of `npm test`: it takes minutes. It reports, never fails on
 * a slow machine, and stops every server it started, by PID.
 *
 *   npm run bench:fleet [-- --nodes 1000 --ready 0s --stop 0s --strategies surge-1,unavailable-1,surge-10pct,unavailable-10pct]
 */
import * as os from 'os';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSet, DaemonSetProps, DaemonSetUpdateStrategy } from '../src';
import { TestCluster } from '../test/cluster/cluster';
import { startControlPlane } from '../test/cluster/control-plane';
import { createFleet, expectedNodes, onFleet, rollOut, waitUntilReady, withNextImage } from '../test/cluster/fleet';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const { absolute, percent } = kplus.PercentOrAbsolute;
const STRATEGIES: Record<string, { label: string; props: DaemonSetProps }> = {
  'surge-1': { label: 'maxSurge 1 (the default without exclusive node resources)', props: {} },
  'unavailable-1': {
    label: 'maxUnavailable 1 (the default with a host port or a written host path)',
    props: { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: absolute(1) }) },
  },
  'surge-10pct': { label: 'maxSurge 10%', props: { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: percent(10) }) } },
  'unavailable-10pct': { label: 'maxUnavailable 10%', props: { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: percent(10) }) } },
};

const nodeCount = Number(option('nodes', '1000'));
const ready = option('ready', '0s');
const stop = option('stop', '0s');
const strategies = option('strategies', Object.keys(STRATEGIES).join(',')).split(',');

function manifestOf(name: string, props: DaemonSetProps) {
  const chart = new Chart(Testing.app(), 'bench');
  new DaemonSet(chart, 'Agent', { metadata: { name }, ...props }).addContainer({ name: 'agent', image: 'registry.example.com/agent:1.0.0' });
  return Testing.synth(chart).find(o => o.kind === 'DaemonSet');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  for (const s of strategies) {
    if (!STRATEGIES[s]) throw new Error(`unknown strategy ${s}; known: ${Object.keys(STRATEGIES).join(', ')}`);
  }
  const started = Date.now();
  const plane = await startControlPlane({ controllers: true, kwok: true });
  const cluster = new TestCluster(plane.info);
  const rows: string[] = [];
  try {
    process.stderr.write(`control plane up in ${seconds(Date.now() - started)}; creating ${nodeCount} nodes\n`);
    let t = Date.now();
    const fleet = await createFleet(cluster, 'bench', [{ kind: 'worker', count: nodeCount }]);
    process.stderr.write(`${nodeCount} nodes Ready in ${seconds(Date.now() - t)}\n`);
    const namespace = await cluster.createNamespace('bench');
    await cluster.waitFor('the default ServiceAccount', () => cluster.get('v1', 'ServiceAccount', 'default', namespace));
    for (const s of strategies) {
      const name = `agent-${s}`;
      const ds = onFleet(manifestOf(name, STRATEGIES[s].props), fleet, { ready, delete: stop });
      const nodes = expectedNodes(ds, fleet);
      t = Date.now();
      await cluster.apply([ds], namespace);
      const { desired } = await waitUntilReady(cluster, name, namespace, 30 * 60_000, nodes.length);
      const toReady = Date.now() - t;
      const observed = await rollOut(cluster, withNextImage(ds), namespace, nodes, 60 * 60_000);
      const row = `| ${STRATEGIES[s].label} | ${desired} | ${seconds(toReady)} | ${seconds(observed.durationMs)} | ${seconds(observed.settledMs)} `
        + `| ${observed.maxNodesWithoutReadyPod} | ${observed.maxPodsOnANode} |`;
      rows.push(row);
      process.stderr.write(`${row}\n`);
      await cluster.delete('apps/v1', 'DaemonSet', name, namespace);
      await cluster.waitFor(`the pods of ${name} gone`, async () =>
        (await cluster.list('v1', 'Pod', namespace, { labelSelector: `app.kubernetes.io/instance=${name}` })).length === 0, { timeoutMs: 10 * 60_000, intervalMs: 1000 });
    }
  } finally {
    cluster.close();
    await plane.stop();
  }
  const cpus = os.cpus();
  process.stdout.write([
    `Full rollouts on ${nodeCount} simulated nodes (KWOK), Kubernetes ${plane.info.binaries.kubeVersion}; pods Ready ${ready} after binding, gone ${stop} after deletion.`,
    `Machine: ${cpus.length} x ${cpus[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average at the end ${os.loadavg().map(l => l.toFixed(1)).join(' ')}.`,
    '',
    '| strategy | nodes | time to Ready | image change: rolled out | old pods gone | most nodes without a Ready pod | most pods on a node |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n'));
}

main().catch(e => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
