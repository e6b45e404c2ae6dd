import { App, Chart, Testing } from 'cdk8s';
import { connectCluster, TestCluster } from './cluster';
import { PRIORITY_CLASS_QUOTA_ADMISSION } from './control-plane';
import { createFleet, expectedNodes, Fleet, NODE_KINDS, NodeKind, onFleet, waitUntilReady } from './fleet';
import { KubeObject } from './kube-client';
import { exampleConfigurations } from './manifests';
import {
  CniConfig, CniDaemonSet, CsiNodePluginDaemonSet, DaemonSet, DeviceNodes, DevicePluginDaemonSet, LogCollectorAgent, LogCollectorDaemonSet,
  NodeExporterDaemonSet, SecurityAgentDaemonSet,
} from '../../src';

// A cluster that limits the system priority classes as GKE does: the API server's ResourceQuota
// admission admits pods of system-node-critical and system-cluster-critical only in a namespace
// holding a ResourceQuota whose scope selects the class, and kube-system holds one like GKE's
// `gcp-critical-pods`. A variant API server runs with that admission configuration and its own
// controller-manager, scheduler and KWOK, so each construct's defaults (and each example app) is
// applied as synthesized, into the namespaces it names, and must get its pods Ready there.


/**
 * GKE's quota in kube-system, `gcp-critical-pods`: `hard.pods: 1G`, scoped to both system classes
 * (as quoted in open-policy-agent/gatekeeper#1120 and admiraltyio/admiralty#124).
 */
const GKE_CRITICAL_PODS: KubeObject = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'gcp-critical-pods', namespace: 'kube-system' },
  spec: {
    hard: { pods: '1G' },
    scopeSelector: { matchExpressions: [{ operator: 'In', scopeName: 'PriorityClass', values: ['system-node-critical', 'system-cluster-critical'] }] },
  },
};

/** A worker, a storage node, a control-plane node and the two kinds of accelerator node: every example finds its nodes. */
const SMALL_FLEET: NodeKind[] = [NODE_KINDS.worker, NODE_KINDS.storage, NODE_KINDS.controlPlane, NODE_KINDS.gpu, NODE_KINDS.accelerator];

const CONFLIST = CniConfig.fromConflist({ name: 'example', cniVersion: '1.0.0', plugins: [{ type: 'bridge' }] });

/** Each construct with its defaults, in a chart of its own. */
function defaults(): Array<{ id: string; objects: KubeObject[] }> {
  const build = (id: string, make: (chart: Chart) => void, namespace?: string) => {
    const chart = new Chart(new App(), id, { namespace });
    make(chart);
    return { id, objects: Testing.synth(chart) };
  };
  const agent = (chart: Chart) => new DaemonSet(chart, 'Agent', { metadata: { name: 'agent' } })
    .addContainer({ name: 'agent', image: 'registry.example.com/agent:1.0.0' });
  return [
    // No namespace: applied to the default namespace.
    build('daemon-set', agent),
    build('daemon-set-in-a-namespace', agent, 'agents'),
    build('node-exporter', chart => new NodeExporterDaemonSet(chart, 'NodeExporter')),
    build('log-collector', chart => new LogCollectorDaemonSet(chart, 'Logs')),
    build('log-collector-in-a-namespace', chart => new LogCollectorDaemonSet(chart, 'Logs'), 'logging'),
    build('cni', chart => new CniDaemonSet(chart, 'Cni', { image: 'registry.example.com/cni:1.0.0', conflist: CONFLIST })),
    build('csi-node-plugin', chart => new CsiNodePluginDaemonSet(chart, 'Csi', {
      driverName: 'hostpath.csi.k8s.io', image: 'registry.k8s.io/sig-storage/hostpathplugin:v1.17.1',
    })),
    build('device-plugin', chart => new DevicePluginDaemonSet(chart, 'Gpu', {
      image: 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0', resourceName: 'nvidia.com/gpu', nodes: DeviceNodes.withLabels({ 'nvidia.com/gpu.present': 'true' }),
    })),
    // Named apart from the example apps' falco and the log collector above: all go to kube-system.
    build('security-agent', chart => new SecurityAgentDaemonSet(chart, 'SecurityAgent')),
    build('log-collector-filebeat', chart => new LogCollectorDaemonSet(chart, 'Filebeat', { agent: LogCollectorAgent.filebeat() })),
    ...exampleConfigurations(),
  ];
}

let variant: Awaited<ReturnType<TestCluster['startVariant']>>;
let gke: TestCluster;
const suffix = Math.random().toString(36).slice(2, 6);
const configurations = defaults();

beforeAll(async () => {
  const cluster = connectCluster();
  variant = await cluster.startVariant({
    args: ['--admission-control-config-file={{dir}}/admission.yaml'],
    files: { 'admission.yaml': PRIORITY_CLASS_QUOTA_ADMISSION },
    fleet: true,
  });
  cluster.close();
  gke = variant.cluster;
  await gke.apply([GKE_CRITICAL_PODS]);
}, 120_000);

afterAll(async () => {
  await variant?.stop();
});

/** Applies the objects as synthesized (namespaces created first) with the DaemonSets on a fleet of their own. */
async function applyOnFleet(objects: KubeObject[], fleet: Fleet): Promise<KubeObject[]> {
  const namespaces = new Set(objects.filter(o => o.kind !== 'Namespace').map(o => o.metadata?.namespace ?? 'default'));
  const declared = objects.filter(o => o.kind === 'Namespace');
  await gke.apply([
    ...declared,
    ...[...namespaces].filter(n => !declared.some(d => d.metadata?.name === n)).map(name => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
  ]);
  // A namespace's default ServiceAccount comes from the controller-manager; the DaemonSet
  // controller retries the pods it could not create meanwhile.
  const pinned = objects.filter(o => o.kind !== 'Namespace').map(o => o.kind === 'DaemonSet' ? onFleet(o, fleet) : o);
  for (const o of pinned) await gke.apply([o], o.metadata?.namespace ?? 'default');
  return pinned.filter(o => o.kind === 'DaemonSet');
}

describe('on a cluster that limits the system priority classes to namespaces with a quota for them (GKE)', () => {
  const outcomes = new Map<string, Promise<Array<{ name: string; namespace: string; expected: string[]; nodes: string[] }>>>();
  beforeAll(() => {
    configurations.forEach((config, i) => {
      const outcome = (async () => {
        const fleet = await createFleet(gke, `g${i}-${suffix}`, SMALL_FLEET);
        const daemonSets = await applyOnFleet(config.objects, fleet);
        return Promise.all(daemonSets.map(async ds => {
          const namespace = ds.metadata?.namespace ?? 'default';
          const { nodes } = await waitUntilReady(gke, ds.metadata!.name!, namespace, 90_000);
          return { name: ds.metadata!.name!, namespace, expected: expectedNodes(ds, fleet), nodes };
        }));
      })();
      outcome.catch(() => undefined);
      outcomes.set(config.id, outcome);
    });
  });

  test.each(configurations.map(c => [c.id] as const))('%s gets a Ready pod on every node it targets', async id => {
    const daemonSets = await outcomes.get(id)!;
    expect(daemonSets.length).toBeGreaterThan(0);
    for (const ds of daemonSets) {
      expect(ds.nodes).toEqual(ds.expected);
      expect(ds.nodes.length).toBeGreaterThan(0);
    }
  });

  test('the quota each DaemonSet outside kube-system brings is what admits its pods: without it, the API server rejects every one', async () => {
    await Promise.allSettled(outcomes.values());
    const chart = new Chart(new App(), 'bare');
    // A namespace of its own: the exporter's defaults above brought a quota into monitoring.
    new NodeExporterDaemonSet(chart, 'NodeExporter', { name: 'bare-exporter', namespace: 'bare-metrics', priorityClassQuota: false });
    const objects = Testing.synth(chart);
    expect(objects.map(o => o.kind)).not.toContain('ResourceQuota');
    const fleet = await createFleet(gke, `gb-${suffix}`, SMALL_FLEET);
    await applyOnFleet(objects, fleet);
    const events = await gke.waitFor('the DaemonSet controller\'s failed pod creations', async () => {
      const found = (await gke.list('v1', 'Event', 'bare-metrics'))
        .filter(e => e.involvedObject?.name === 'bare-exporter' && e.reason === 'FailedCreate');
      return found.length > 0 ? found : undefined;
    }, { timeoutMs: 30_000 });
    expect(events[0].message).toContain('insufficient quota to match these scopes: [{PriorityClass In [system-node-critical system-cluster-critical]}]');
    const status = (await gke.get('apps/v1', 'DaemonSet', 'bare-exporter', 'bare-metrics'))!.status;
    expect(status).toMatchObject({ desiredNumberScheduled: 5, numberReady: 0 });
    expect(status.currentNumberScheduled ?? 0).toBe(0);
  });
});
