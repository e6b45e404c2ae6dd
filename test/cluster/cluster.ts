import * as fs from 'fs';
import { ApiServerVariantOptions, ClusterInfo, KWOK_NODE_ANNOTATION, startApiServerVariant } from './control-plane';
import { KubeClient, KubeObject } from './kube-client';

/**
 * What the cluster tests import: the control plane that test/cluster/global-setup.ts started for
 * the whole run, as a REST client that also knows how it was started.
 */

/** Environment variable holding the path of the running cluster's cluster.json. */
export const CLUSTER_ENV = 'CDK8S_DAEMONSETS_CLUSTER';

/** The connection info of the run's cluster. */
export function clusterInfo(): ClusterInfo {
  const file = process.env[CLUSTER_ENV];
  if (!file) {
    throw new Error(`${CLUSTER_ENV} is not set: the cluster tests run with their own jest config, which starts the cluster `
      + '(npx projen test:cluster, or npx jest --config test/cluster/jest.config.json)');
  }
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

/** A REST client of a running cluster, with its connection info. */
export class TestCluster extends KubeClient {
  constructor(readonly info: ClusterInfo) {
    super(info);
  }

  /** Whether the cluster runs kube-controller-manager, kube-scheduler and KWOK. */
  get hasFleet(): boolean {
    return ['kube-controller-manager', 'kube-scheduler', 'kwok'].every(c => this.info.components.includes(c));
  }

  /**
   * Creates nodes `<prefix>-0` ... `<prefix>-<count-1>` that KWOK manages (needs a cluster with
   * KWOK) and waits until all are Ready. Returns their names.
   */
  async addFakeNodes(prefix: string, count: number, options: FakeNodeOptions = {}): Promise<string[]> {
    const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    const capacity = options.capacity ? { capacity: options.capacity, allocatable: options.capacity } : undefined;
    const nodes: KubeObject[] = names.map(name => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, annotations: { ...KWOK_NODE_ANNOTATION }, labels: { ...options.labels, 'kubernetes.io/hostname': name } },
      spec: options.taints ? { taints: options.taints } : {},
      ...(capacity ? { status: capacity } : {}),
    }));
    // A few requests in flight at a time.
    for (let i = 0; i < nodes.length; i += 8) await Promise.all(nodes.slice(i, i + 8).map(n => this.apply([n])));
    const wanted = new Set(names);
    const selector = Object.entries(options.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    await this.waitFor(`${count} nodes ${prefix}-* Ready`, async () => {
      const ready = (await this.list('v1', 'Node', undefined, { labelSelector: selector || undefined }))
        .filter(n => wanted.has(n.metadata?.name ?? '') && n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
      return ready.length === count;
    }, { timeoutMs: options.timeoutMs ?? 60_000 + 1000 * count, intervalMs: 500 });
    return names;
  }

  /**
   * Waits until the DaemonSet's controller has seen its latest spec and every node it targets runs
   * an updated, available pod (what `kubectl rollout status` waits for). Returns the counts.
   */
  async waitForRollout(name: string, namespace: string, timeoutMs = 120_000): Promise<RolloutStatus> {
    return this.waitFor(`rollout of DaemonSet ${namespace}/${name}`, async () => {
      const ds = await this.get('apps/v1', 'DaemonSet', name, namespace);
      const s = ds?.status;
      if (!ds || !s || (s.observedGeneration ?? 0) < ds.metadata?.generation) return undefined;
      const status: RolloutStatus = {
        desired: s.desiredNumberScheduled ?? 0,
        updated: s.updatedNumberScheduled ?? 0,
        available: s.numberAvailable ?? 0,
        ready: s.numberReady ?? 0,
      };
      return status.updated === status.desired && status.available === status.desired ? status : undefined;
    }, { timeoutMs, intervalMs: 500 });
  }

  /**
   * Starts another kube-apiserver with extra flags on this cluster's etcd (its own, empty key
   * space). Stop it when done (`afterAll`); a variant left running is stopped by its watchdog
   * when the test process exits.
   */
  async startVariant(options: ApiServerVariantOptions): Promise<{ cluster: TestCluster; pids: number[]; stop: () => Promise<void> }> {
    const variant = await startApiServerVariant(this.info, options);
    const cluster = new TestCluster(variant.info);
    return {
      cluster,
      pids: variant.pids,
      stop: async () => {
        cluster.close();
        await variant.stop();
      },
    };
  }
}

export interface FakeNodeOptions {
  /** Labels of every node (each also gets `kubernetes.io/hostname`). */
  readonly labels?: Record<string, string>;
  readonly taints?: { key: string; value?: string; effect: string }[];
  /**
   * The capacity (and allocatable resources) of every node, e.g. `{ cpu: '4', memory: '16Gi',
   * 'ephemeral-storage': '100Gi', pods: '110' }`. Default: KWOK's, cpu 1k, memory 1Ti and pods 1M,
   * and no ephemeral storage, so a pod that requests some is never scheduled.
   */
  readonly capacity?: Record<string, string>;
  /** How long to wait for all to be Ready. Default 60 s plus 1 s per node. */
  readonly timeoutMs?: number;
}

export interface RolloutStatus {
  readonly desired: number;
  readonly updated: number;
  readonly available: number;
  readonly ready: number;
}

/** The run's cluster. */
export function connectCluster(): TestCluster {
  return new TestCluster(clusterInfo());
}
