import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { connectCluster } from './cluster';
import {
  allowedUnavailable, createFleet, expectedNodes, Fleet, NodeKind, onFleet, REALISTIC_FLEET, rollOut, RolloutObservation, waitUntilReady,
  withNextImage,
} from './fleet';
import { KubeObject } from './kube-client';
import { Configuration, exampleConfigurations, galleryConfigurations, installCrds, intoNamespace } from './manifests';
import { DaemonSet, DaemonSetUpdateStrategy, NodeExporterDaemonSet, NodeExporterTolerations, Relaxation } from '../../src';
import { hostPortBindings } from '../../src/validation/pod/ports';

// Every gallery configuration and example app, applied for real, each in its own namespace, a few
// to a fleet (REALISTIC_FLEET: workers, control plane, Windows, GPU, NoExecute, virtual nodes;
// never two binding the same host port): the DaemonSet controller and the scheduler place the pods, KWOK runs them (Ready 0.5s
// after binding, gone 0.3s after deletion), then a new image rolls out while a pod watch samples
// every change. The tests assert that the pods run on exactly the nodes the DaemonSet targets (as
// computed in fleet.ts from its nodeSelector, affinity and tolerations, and as this library
// documents for its constructs), and that at no sampled moment more nodes were without a Ready
// pod than the update strategy allows (none for a surge).

const cluster = connectCluster();
const DELAYS = { ready: '500ms', delete: '300ms' };
const suffix = Math.random().toString(36).slice(2, 6);

const EVERY_LINUX_NODE = ['worker', 'storage', 'control-plane', 'gpu', 'accelerator', 'batch', 'virtual'];

/**
 * The node kinds each construct's defaults are documented to run on (README); a device plugin on
 * some of its list (the nodes with its device), every other construct on all of it.
 */
const DOCUMENTED: Record<string, string[]> = {
  // Linux nodes, and the control plane's taint tolerated.
  DaemonSet: ['worker', 'storage', 'control-plane'],
  // Every NoSchedule taint tolerated, Linux nodes, never a virtual node.
  NodeExporterDaemonSet: ['worker', 'storage', 'control-plane', 'gpu', 'accelerator'],
  // Every taint tolerated, Linux nodes.
  LogCollectorDaemonSet: EVERY_LINUX_NODE,
  CniDaemonSet: EVERY_LINUX_NODE,
  CsiNodePluginDaemonSet: EVERY_LINUX_NODE,
  SecurityAgentDaemonSet: EVERY_LINUX_NODE,
  // The nodes with its device, their device taint tolerated.
  DevicePluginDaemonSet: ['gpu', 'accelerator'],
};

/** Which construct made a DaemonSet of a configuration (by its component label), for DOCUMENTED. */
function constructOf(ds: KubeObject): string {
  const labels = ds.metadata?.labels ?? {};
  const byComponent: Record<string, string> = {
    'log-collector': 'LogCollectorDaemonSet',
    'exporter': 'NodeExporterDaemonSet',
    'csi-node-plugin': 'CsiNodePluginDaemonSet',
    'device-plugin': 'DevicePluginDaemonSet',
    'security-agent': 'SecurityAgentDaemonSet',
  };
  const construct = byComponent[labels['app.kubernetes.io/component']];
  if (construct) return construct;
  if ((ds.spec.template.spec.tolerations ?? []).some((t: any) => !t.key && t.operator === 'Exists')) return 'CniDaemonSet';
  return 'DaemonSet';
}

/** Configurations beyond the gallery: a nodeSelector, and the node exporter tolerating every taint. */
function fleetConfigurations(): Configuration[] {
  const build = (id: string, make: (chart: Chart) => void) => {
    const chart = new Chart(Testing.app(), id);
    make(chart);
    return { id: `fleet/${id}`, objects: Testing.synth(chart) };
  };
  return [
    build('node-selector', chart => new DaemonSet(chart, 'Storage', { metadata: { name: 'storage-agent' }, nodeSelector: { 'node-pool': 'storage' } })
      .addContainer({ name: 'agent', image: 'registry.example.com/agent:1.0.0' })),
    build('node-exporter-all-taints', chart => new NodeExporterDaemonSet(chart, 'NodeExporter', { tolerations: NodeExporterTolerations.ALL })),
  ];
}

/** What a DaemonSet of a configuration did on its fleet. */
interface DaemonSetResult {
  readonly name: string;
  readonly construct: string;
  readonly manifest: KubeObject;
  readonly expected: string[];
  readonly documented?: string[];
  readonly ran: { desired: number; nodes: string[] };
  readonly allowed: number;
  readonly rollout: RolloutObservation;
}

/**
 * The configurations in groups that share a fleet: no two of a group bind the same host port, so
 * none waits for another's pods (a second agent on a taken port stays Pending, see below).
 */
function fleetGroups(configs: Configuration[]): Configuration[][] {
  const ports = (config: Configuration) => new Set(config.objects.filter(o => o.kind === 'DaemonSet')
    .flatMap(ds => hostPortBindings(ds.spec.template.spec, true).map(b => `${b.port}/${b.protocol}`)));
  const groups: Array<{ configs: Configuration[]; ports: Set<string> }> = [];
  for (const config of configs) {
    const own = ports(config);
    const group = groups.find(g => g.configs.length < configs.length / 4 && ![...own].some(p => g.ports.has(p)));
    if (group) {
      group.configs.push(config);
      own.forEach(p => group.ports.add(p));
    } else {
      groups.push({ configs: [config], ports: own });
    }
  }
  return groups.map(g => g.configs);
}

/** Applies a configuration in its own namespace, on its group's fleet, and rolls each of its DaemonSets out. */
async function rollOutConfiguration(config: Configuration, index: number, fleetOf: Promise<Fleet>):
Promise<{ namespace: string; daemonSets: DaemonSetResult[] }> {
  const fleet = await fleetOf;
  const namespace = `roll-${index}-${suffix}`;
  const { objects, namespaceLabels } = await intoNamespace(cluster, config.objects, namespace);
  await cluster.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: namespaceLabels } }]);
  const pinned = objects.map(o => o.kind === 'DaemonSet' ? onFleet(o, fleet, DELAYS) : o);
  await cluster.apply(pinned, namespace);
  const daemonSets = pinned.filter(o => o.kind === 'DaemonSet');
  return {
    namespace,
    daemonSets: await Promise.all(daemonSets.map(async ds => {
      const name = ds.metadata!.name!;
      const ran = await waitUntilReady(cluster, name, namespace);
      const expected = expectedNodes(ds, fleet);
      const construct = constructOf(ds);
      const documented = fleet.nodes.filter(n => DOCUMENTED[construct]?.includes(n.kind)).map(n => n.name);
      const rollout = await rollOut(cluster, withNextImage(ds), namespace, expected);
      return { name, construct, manifest: ds, expected, documented, ran, allowed: allowedUnavailable(ds, ran.desired), rollout };
    })),
  };
}

const configurations = [...galleryConfigurations(), ...exampleConfigurations(), ...fleetConfigurations()];
const results = new Map<string, Promise<Awaited<ReturnType<typeof rollOutConfiguration>>>>();
const fleets: Fleet[] = [];
const namespaces: string[] = [];

beforeAll(async () => {
  await installCrds(cluster);
  // All at once, a few configurations per fleet, none of them sharing a host port.
  const groups = fleetGroups(configurations);
  groups.forEach((group, g) => {
    const fleet = createFleet(cluster, `r${g}-${suffix}`);
    fleet.then(f => fleets.push(f), () => undefined);
    for (const config of group) {
      const i = configurations.indexOf(config);
      const result = rollOutConfiguration(config, i, fleet);
      result.then(r => namespaces.push(r.namespace), () => undefined);
      results.set(config.id, result);
    }
  });
});

afterAll(async () => {
  await Promise.allSettled(results.values());
  writeSummary();
  for (const ns of namespaces) await cluster.delete('v1', 'Namespace', ns);
  for (const fleet of fleets) await fleet.delete();
  cluster.close();
});

const summary: string[] = [];

/** Writes what each rollout did to test-reports/fleet-rollouts.md, for the README's numbers. */
function writeSummary() {
  const dir = path.join(__dirname, '..', '..', 'test-reports');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'fleet-rollouts.md'), [
    '| configuration | DaemonSet | strategy | nodes (of 11) | allowed without a Ready pod | most seen | most pods on a node | image change rolled out in |',
    '|---|---|---|---:|---:|---:|---:|---:|',
    ...summary.sort(),
    '',
  ].join('\n'));
}

describe.each(configurations.map(c => [c.id] as const))('%s', id => {
  test('runs on exactly the nodes it targets and rolls a new image out within its update strategy', async () => {
    const { daemonSets } = await results.get(id)!;
    expect(daemonSets.length).toBeGreaterThan(0);
    for (const ds of daemonSets) {
      // The controller and the scheduler agree with the nodeSelector, affinity and tolerations...
      expect({ name: ds.name, nodes: ds.ran.nodes }).toEqual({ name: ds.name, nodes: ds.expected });
      expect(ds.ran.desired).toBe(ds.expected.length);
      // ...and with what the library documents for the construct, in the gallery (whose scheduling
      // is the constructs' defaults; the example apps choose their own nodes).
      if (id.startsWith('gallery/') && ds.construct === 'DevicePluginDaemonSet') {
        const beyondDocumented = ds.expected.filter(n => !ds.documented!.includes(n));
        expect({ name: ds.name, beyondDocumented }).toEqual({ name: ds.name, beyondDocumented: [] });
      } else if (id.startsWith('gallery/')) {
        expect({ name: ds.name, nodes: ds.expected }).toEqual({ name: ds.name, nodes: ds.documented });
      }

      const rolling = ds.manifest.spec.updateStrategy.rollingUpdate;
      const surge = rolling.maxSurge !== 0 && rolling.maxSurge !== '0%';
      const most = ds.rollout.maxNodesWithoutReadyPod;
      expect({ name: ds.name, most, allowed: ds.allowed, within: most <= ds.allowed })
        .toEqual({ name: ds.name, most, allowed: ds.allowed, within: true });
      if (surge) {
        expect(ds.rollout.maxNodesWithoutReadyPod).toBe(0);
        expect(ds.rollout.maxPodsOnANode).toBe(2);
      } else {
        // One node at a time, each without its agent for a moment, never two pods on one node.
        expect(ds.rollout.maxNodesWithoutReadyPod).toBeGreaterThanOrEqual(1);
        expect(ds.rollout.maxPodsOnANode).toBe(1);
      }
      const strategy = surge ? `maxSurge ${rolling.maxSurge}` : `maxUnavailable ${rolling.maxUnavailable}`;
      summary.push(`| ${id} | ${ds.name} | ${strategy} | ${ds.ran.desired} | ${ds.allowed} | ${ds.rollout.maxNodesWithoutReadyPod} `
        + `| ${ds.rollout.maxPodsOnANode} | ${(ds.rollout.durationMs / 1000).toFixed(1)} s |`);
    }
  });
});

test('the configurations cover every construct, and the fleet every kind of node', () => {
  const constructs = new Set<string>();
  for (const config of configurations) {
    for (const ds of config.objects.filter(o => o.kind === 'DaemonSet')) constructs.add(constructOf(ds));
  }
  expect([...constructs].sort()).toEqual(Object.keys(DOCUMENTED).sort());
  expect(REALISTIC_FLEET.map(k => k.kind)).toEqual(['worker', 'storage', 'control-plane', 'windows', 'gpu', 'accelerator', 'batch', 'virtual']);
  // The log collector's default no longer surges: its state directory is its own on each node.
  const logs = configurations.find(c => c.id === 'gallery/log-collector-defaults')!.objects.find(o => o.kind === 'DaemonSet')!;
  expect(logs.spec.updateStrategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
});

// ---------------------------------------------------------------------------------------------
// What the library's rules prevent, reproduced by the scheduler with raw objects

describe('raw DaemonSets the library refuses, and what the scheduler does with them', () => {
  const WORKERS: NodeKind[] = [{ kind: 'worker', count: 2 }];

  /** A raw DaemonSet of one container binding host port 9100 on every node of `fleet`. */
  function hostPortDaemonSet(name: string, fleet: Fleet, strategy?: object): KubeObject {
    const labels = { 'app.kubernetes.io/name': name };
    return onFleet({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name },
      spec: {
        selector: { matchLabels: labels },
        ...(strategy ? { updateStrategy: strategy } : {}),
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'exporter', image: 'example.com/exporter:1.0.0', ports: [{ containerPort: 9100, hostPort: 9100 }] }] },
        },
      },
    }, fleet, DELAYS);
  }

  /** Waits until a pod of `name` is Pending because the scheduler found no node with the port free, and returns its message. */
  async function unschedulableForPorts(name: string, namespace: string): Promise<string> {
    return cluster.waitFor(`a Pending pod of ${name} that the scheduler cannot place`, async () => {
      const pods = await cluster.list('v1', 'Pod', namespace, { labelSelector: `app.kubernetes.io/name=${name}` });
      const pending = pods.find(p => p.status?.phase === 'Pending' && !p.spec?.nodeName);
      const condition = pending?.status?.conditions?.find((c: any) => c.type === 'PodScheduled');
      return condition?.status === 'False' && condition.reason === 'Unschedulable' ? condition.message : undefined;
    }, { timeoutMs: 30_000 });
  }

  let raw: Promise<{ namespace: string; surgeFleet: Fleet; clashFleet: Fleet }>;
  beforeAll(() => {
    // Started next to the configurations' rollouts, on fleets of two workers of their own.
    raw = (async () => {
      const namespace = await cluster.createNamespace('raw-ports');
      namespaces.push(namespace);
      const [surgeFleet, clashFleet] = await Promise.all([createFleet(cluster, `rs-${suffix}`, WORKERS), createFleet(cluster, `rc-${suffix}`, WORKERS)]);
      fleets.push(surgeFleet, clashFleet);
      return { namespace, surgeFleet, clashFleet };
    })();
    raw.catch(() => undefined);
  });

  test('a surge pod stays Pending next to the old pod that holds its host port, and the rollout hangs', async () => {
    const { namespace, surgeFleet } = await raw;
    const ds = hostPortDaemonSet('surging', surgeFleet, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    // The API server accepts it.
    await cluster.apply([ds], namespace);
    expect((await waitUntilReady(cluster, 'surging', namespace)).nodes).toEqual(surgeFleet.nodes.map(n => n.name));
    await cluster.apply([withNextImage(ds)], namespace);
    expect(await unschedulableForPorts('surging', namespace)).toMatch(/node\(s\) didn't have free ports for the requested pod ports/);
    // Some seconds later nothing moved: both old pods run, the surge pod waits, no node is updated.
    await new Promise(resolve => setTimeout(resolve, 3000));
    const status = (await cluster.get('apps/v1', 'DaemonSet', 'surging', namespace))!.status;
    expect(status).toMatchObject({ desiredNumberScheduled: 2, numberReady: 2, numberAvailable: 2 });
    const pods = await cluster.list('v1', 'Pod', namespace, { labelSelector: 'app.kubernetes.io/name=surging' });
    expect(pods.map(p => [p.spec?.containers[0].image, p.status?.phase]).sort()).toEqual([
      ['example.com/exporter:1.0.0', 'Running'],
      ['example.com/exporter:1.0.0', 'Running'],
      ['example.com/exporter:1.0.0-next', 'Pending'],
    ]);

    // The library refuses the same DaemonSet at synth.
    const chart = new Chart(Testing.app(), 'test');
    new DaemonSet(chart, 'Agent', {
      relaxations: [Relaxation.hostPort(9100, 'scraped on the node address')],
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) }),
    }).addContainer({ name: 'exporter', image: 'example.com/exporter:1.0.0', ports: [{ number: 9100, hostPort: 9100 }] });
    expect(() => Testing.synth(chart)).toThrow(/'updateStrategy\.maxSurge' cannot be used while the pod binds host port 9100\/TCP/);
  });

  test('the second of two agents on one host port stays Pending on every node', async () => {
    const { namespace, clashFleet } = await raw;
    await cluster.apply([hostPortDaemonSet('first', clashFleet)], namespace);
    expect((await waitUntilReady(cluster, 'first', namespace)).nodes).toEqual(clashFleet.nodes.map(n => n.name));
    await cluster.apply([hostPortDaemonSet('second', clashFleet)], namespace);
    expect(await unschedulableForPorts('second', namespace)).toMatch(/node\(s\) didn't have free ports for the requested pod ports/);
    await cluster.waitFor('both pods of the second DaemonSet created', async () => {
      const s = (await cluster.get('apps/v1', 'DaemonSet', 'second', namespace))?.status;
      return s?.currentNumberScheduled === 2 ? s : undefined;
    });
    const pods = await cluster.list('v1', 'Pod', namespace, { labelSelector: 'app.kubernetes.io/name=second' });
    expect(pods.map(p => p.status?.phase)).toEqual(['Pending', 'Pending']);
    expect((await cluster.get('apps/v1', 'DaemonSet', 'second', namespace))!.status).toMatchObject({ desiredNumberScheduled: 2, numberReady: 0 });

    // The library refuses two DaemonSets on one host port of the same nodes at synth.
    const chart = new Chart(Testing.app(), 'test');
    for (const id of ['First', 'Second']) {
      new DaemonSet(chart, id, { relaxations: [Relaxation.hostPort(9100, 'scraped on the node address')] })
        .addContainer({ name: 'exporter', image: 'example.com/exporter:1.0.0', ports: [{ number: 9100, hostPort: 9100 }] });
    }
    expect(() => Testing.synth(chart)).toThrow(/test\/Second: 'containers\[exporter\]\.ports' binds host port 9100\/TCP, which DaemonSet test\/First also binds/);
  });
});
