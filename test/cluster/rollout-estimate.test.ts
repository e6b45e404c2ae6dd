import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { connectCluster } from './cluster';
import { createFleet, expectedNodes, Fleet, NodeKind, onFleet, rollOut, waitUntilReady, withNextImage } from './fleet';
import { KubeObject } from './kube-client';
import { DaemonSet, DaemonSetProps, DaemonSetUpdateStrategy, FleetReport } from '../../src';

// The fleet view's rollout estimate (src/fleet/rollout.ts) against the real DaemonSet controller
// and scheduler: DaemonSets of each kind of strategy roll a new image out, each on a fleet of four
// workers of its own, with pods that KWOK makes Ready 3s after they are bound and removes 1s after
// their deletion, as a kubelet whose agent starts in 3s and exits 1s after SIGTERM would. The
// estimate gets the same times. The pods keep the default grace period of 30s, which the previous
// estimate assumed every old pod used in full.

const cluster = connectCluster();
const START_SECONDS = 3;
const STOP_SECONDS = 1;
/** The largest relative error allowed between the estimate and the simulated rollout. */
const TOLERANCE = 0.25;
const { absolute, percent } = kplus.PercentOrAbsolute;
const suffix = Math.random().toString(36).slice(2, 6);
const WORKERS: NodeKind[] = [{ kind: 'worker', count: 4 }];

const STRATEGIES: Array<{ id: string; props: DaemonSetProps }> = [
  { id: 'max-unavailable-1', props: { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: absolute(1) }) } },
  { id: 'max-unavailable-50pct', props: { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: percent(50) }) } },
  { id: 'max-surge-1', props: { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(1) }) } },
  { id: 'max-surge-50pct', props: { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: percent(50) }) } },
  { id: 'max-surge-50pct-min-ready-1s', props: { minReadySeconds: 1, updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: percent(50) }) } },
];

/** The DaemonSet of a strategy, as the library synthesizes it. */
function manifestOf(id: string, props: DaemonSetProps): KubeObject {
  const chart = new Chart(Testing.app(), 'estimate');
  new DaemonSet(chart, 'Agent', { metadata: { name: id }, ...props }).addContainer({ name: 'agent', image: 'registry.example.com/agent:1.0.0' });
  return Testing.synth(chart).find(o => o.kind === 'DaemonSet');
}

interface Comparison {
  readonly id: string;
  readonly nodes: number;
  readonly simulatedSeconds: number;
  readonly estimatedSeconds: number;
  /** The estimate with the default stop time (5s, not given). */
  readonly defaultEstimateSeconds: number;
  /** The estimate with every old pod using its whole grace period: what the report estimated before. */
  readonly wholeGraceSeconds: number;
}

let namespace: string;
const fleets: Fleet[] = [];
const comparisons = new Map<string, Promise<Comparison>>();

beforeAll(async () => {
  namespace = await cluster.createNamespace('estimate');
  STRATEGIES.forEach(({ id, props }, i) => {
    const comparison = (async (): Promise<Comparison> => {
      const fleet = await createFleet(cluster, `e${i}-${suffix}`, WORKERS);
      fleets.push(fleet);
      const ds = onFleet(manifestOf(id, props), fleet, { ready: `${START_SECONDS}s`, delete: `${STOP_SECONDS}s` });
      const nodes = expectedNodes(ds, fleet);
      await cluster.apply([ds], namespace);
      await waitUntilReady(cluster, id, namespace);
      const observed = await rollOut(cluster, withNextImage(ds), namespace, nodes);
      const estimate = (podStopSeconds?: number) =>
        FleetReport.analyze([ds], { nodeCount: nodes.length, podStartSeconds: START_SECONDS, podStopSeconds }).daemonSets[0].rollout;
      return {
        id,
        nodes: nodes.length,
        simulatedSeconds: observed.durationMs / 1000,
        estimatedSeconds: estimate(STOP_SECONDS).totalSeconds!,
        defaultEstimateSeconds: estimate().totalSeconds!,
        wholeGraceSeconds: estimate().maxTotalSeconds!,
      };
    })();
    comparison.catch(() => undefined);
    comparisons.set(id, comparison);
  });
});

afterAll(async () => {
  const done = await Promise.allSettled(comparisons.values());
  const rows = done.filter((r): r is PromiseFulfilledResult<Comparison> => r.status === 'fulfilled').map(r => r.value);
  const dir = path.join(__dirname, '..', '..', 'test-reports');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'rollout-estimate.md'), [
    '| strategy | nodes | simulated | estimate | error | estimate, default stop (5s) | estimate, whole grace period (30s) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(r => `| ${r.id} | ${r.nodes} | ${r.simulatedSeconds.toFixed(1)} s | ${r.estimatedSeconds} s | `
      + `${(100 * (r.estimatedSeconds - r.simulatedSeconds) / r.simulatedSeconds).toFixed(0)}% | ${r.defaultEstimateSeconds} s | ${r.wholeGraceSeconds} s |`),
    '',
  ].join('\n'));
  await cluster.delete('v1', 'Namespace', namespace);
  for (const fleet of fleets) await fleet.delete();
  cluster.close();
});

test.each(STRATEGIES.map(s => [s.id] as const))('the estimate of a %s rollout is within 25%% of the simulated one', async id => {
  const c = await comparisons.get(id)!;
  const error = (c.estimatedSeconds - c.simulatedSeconds) / c.simulatedSeconds;
  expect({ ...c, withinTolerance: Math.abs(error) <= TOLERANCE }).toEqual({ ...c, withinTolerance: true });
});

test('the previous estimate, every old pod using its whole grace period, was several times too long without a surge', async () => {
  const c = await comparisons.get('max-unavailable-1')!;
  // 4 nodes x (30s + 3s) against about 4 x (1s + 3s).
  expect(c.wholeGraceSeconds).toBe(132);
  expect(c.wholeGraceSeconds / c.simulatedSeconds).toBeGreaterThan(5);
});
