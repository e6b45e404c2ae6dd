import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { connectCluster } from './cluster';
import { NODE_CAPACITY } from './fleet';
import { KubeObject } from './kube-client';
import { linkSelf, synthExample } from '../../scripts/synth-examples';

// The device-plugin example on a simulated fleet: the real DaemonSet controller and scheduler place
// it on the GPU nodes only, through their taint (admission.test.ts dry-runs every example's
// objects). The example runs against the compiled library (lib/), which `npm test` builds first.

linkSelf();
const cluster = connectCluster();
afterAll(() => cluster.close());

function synthesize(name: string): KubeObject[] {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), `cluster-example-${name}-`));
  return synthExample(name, outDir)
    .flatMap(file => parseAllDocuments(fs.readFileSync(path.join(outDir, file), 'utf-8')).map(d => d.toJS()))
    .filter(m => m);
}

describe('example device-plugin on a simulated fleet', () => {
  const gpuLabels = { 'kubernetes.io/os': 'linux', 'nvidia.com/gpu.present': 'true', 'agents-test': 'device-plugin' };
  const nodes: string[] = [];

  afterAll(async () => {
    await cluster.delete('apps/v1', 'DaemonSet', 'nvidia-device-plugin-daemonset', 'kube-system');
    for (const node of nodes) await cluster.delete('v1', 'Node', node);
  });

  test('runs on the tainted GPU nodes only', async () => {
    // KWOK's nodes report no ephemeral storage unless given, and every container of the library requests some.
    const capacity = { ...NODE_CAPACITY, 'nvidia.com/gpu': '1' };
    nodes.push(...await cluster.addFakeNodes('gpu', 2, { labels: gpuLabels, taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }], capacity }));
    nodes.push(...await cluster.addFakeNodes('cpu', 1, { labels: { 'kubernetes.io/os': 'linux', 'agents-test': 'device-plugin' }, capacity: NODE_CAPACITY }));
    const objects = synthesize('device-plugin').filter(o => ['ServiceAccount', 'DaemonSet'].includes(o.kind));
    await cluster.apply(objects);

    const status = await cluster.waitForRollout('nvidia-device-plugin-daemonset', 'kube-system');
    const pods = await cluster.list('v1', 'Pod', 'kube-system', { labelSelector: 'app.kubernetes.io/name=nvidia-device-plugin-daemonset' });
    const onTestNodes = pods.map(p => p.spec?.nodeName).filter(n => nodes.includes(n)).sort();
    expect(onTestNodes).toEqual(['gpu-0', 'gpu-1']);
    expect(status.desired).toBe(pods.length);
  });
});
