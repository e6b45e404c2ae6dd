import { TestCluster } from './cluster';
import { KWOK_DELAY_ANNOTATIONS } from './control-plane';
import { KubeObject } from './kube-client';

/**
 * A simulated fleet that looks like a real one, for the rollout tests: KWOK nodes labelled and
 * tainted as cloud providers and kubeadm label and taint theirs, what the DaemonSet controller and
 * the scheduler decide on them, and what the tests expect them to decide, computed here from the
 * DaemonSet's own nodeSelector, node affinity and tolerations, independently of the library.
 */

/** The label every node of one fleet carries: a DaemonSet pinned to it sees only that fleet. */
export const FLEET_LABEL = 'cdk8s-daemonsets.test/fleet';

/** A kind of node of the fleet. */
export interface NodeKind {
  /** A short name, part of the node names. */
  readonly kind: string;
  readonly count: number;
  /** Labels beyond those every node gets (`kubernetes.io/os: linux`, `kubernetes.io/arch: amd64`...). */
  readonly labels?: Record<string, string>;
  readonly taints?: { key: string; value?: string; effect: string }[];
  /** Resources beyond `NODE_CAPACITY` (a GPU). */
  readonly capacity?: Record<string, string>;
}

/** What every node of a fleet has to give: a cloud provider's 4-core, 16 GiB machine. */
export const NODE_CAPACITY = { 'cpu': '4', 'memory': '16Gi', 'ephemeral-storage': '100Gi', 'pods': '110' };

/** The kinds of node of a realistic fleet, one of each. */
export const NODE_KINDS = {
  worker: { kind: 'worker', count: 1, labels: { 'node-pool': 'general' } },
  storage: { kind: 'storage', count: 1, labels: { 'node-pool': 'storage', 'storage': 'true' } },
  controlPlane: {
    kind: 'control-plane',
    count: 1,
    labels: { 'node-role.kubernetes.io/control-plane': '' },
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  },
  windows: {
    kind: 'windows',
    count: 1,
    labels: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' },
    taints: [{ key: 'node.kubernetes.io/os', value: 'windows', effect: 'NoSchedule' }],
  },
  gpu: {
    kind: 'gpu',
    count: 1,
    labels: { 'node-pool': 'gpu', 'nvidia.com/gpu.present': 'true' },
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    capacity: { 'nvidia.com/gpu': '1' },
  },
  accelerator: {
    kind: 'accelerator',
    count: 1,
    labels: { 'node-pool': 'accelerator', 'example.com/gpu.present': 'true' },
    taints: [{ key: 'example.com/gpu', value: 'present', effect: 'NoSchedule' }],
    capacity: { 'example.com/gpu': '1' },
  },
  batch: { kind: 'batch', count: 1, labels: { 'node-pool': 'batch' }, taints: [{ key: 'dedicated', value: 'batch', effect: 'NoExecute' }] },
  virtual: {
    kind: 'virtual',
    count: 1,
    labels: { 'type': 'virtual-kubelet', 'kubernetes.io/role': 'agent' },
    taints: [{ key: 'virtual-kubelet.io/provider', value: 'azure', effect: 'NoSchedule' }],
  },
} satisfies Record<string, NodeKind>;

/**
 * Eleven nodes: workers in two pools (one labelled `storage: "true"`, for nodeSelectors), two control-plane
 * nodes with kubeadm's taint, a Windows node with GKE's taint, a GPU node with the NVIDIA taint GKE
 * and the GPU operator use, a node with another accelerator (the gallery's `example.com/gpu`) and
 * its taint, a node of a dedicated pool with a NoExecute taint, and a virtual-kubelet node (Azure
 * virtual nodes) with its taint.
 */
export const REALISTIC_FLEET: NodeKind[] = [
  { ...NODE_KINDS.worker, count: 2 },
  { ...NODE_KINDS.storage, count: 2 },
  { ...NODE_KINDS.controlPlane, count: 2 },
  NODE_KINDS.windows,
  NODE_KINDS.gpu,
  NODE_KINDS.accelerator,
  NODE_KINDS.batch,
  NODE_KINDS.virtual,
];

/** A node of a fleet as the tests know it. */
export interface FleetNode {
  readonly name: string;
  readonly kind: string;
  readonly labels: Record<string, string>;
  readonly taints: { key: string; value?: string; effect: string }[];
}

/** The nodes of one fleet, all Ready. */
export interface Fleet {
  readonly id: string;
  readonly nodes: FleetNode[];
  /** Deletes the nodes. */
  delete(): Promise<void>;
}

/**
 * Creates a fleet `id` (a DNS label of at most 40 characters) of the given kinds on the cluster
 * and waits until every node is Ready.
 */
export async function createFleet(cluster: TestCluster, id: string, kinds: NodeKind[] = REALISTIC_FLEET): Promise<Fleet> {
  const nodes: FleetNode[] = [];
  await Promise.all(kinds.map(async k => {
    const labels = {
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      [FLEET_LABEL]: id,
      ...k.labels,
    };
    const taints = k.taints ?? [];
    const names = await cluster.addFakeNodes(`${id}-${k.kind}`, k.count, {
      labels,
      taints: taints.length > 0 ? taints : undefined,
      capacity: { ...NODE_CAPACITY, ...k.capacity },
    });
    nodes.push(...names.map(name => ({ name, kind: k.kind, labels: { ...labels, 'kubernetes.io/hostname': name }, taints })));
  }));
  nodes.sort((a, b) => a.name.localeCompare(b.name));
  // The node lifecycle controller taints a new node node.kubernetes.io/not-ready until it sees it
  // Ready, and the DaemonSet controller skips tainted nodes: wait until only the fleet's own
  // taints are left, so that every DaemonSet sees the fleet as it is meant to be.
  const selector = `${FLEET_LABEL}=${id}`;
  await cluster.waitFor(`the nodes of fleet ${id} without the lifecycle controller's taints`, async () => {
    const listed = await cluster.list('v1', 'Node', undefined, { labelSelector: selector });
    return listed.length === nodes.length && listed.every(n => (n.spec?.taints ?? []).every((t: any) => !t.key.startsWith('node.kubernetes.io/not-ready')
      && !t.key.startsWith('node.kubernetes.io/unreachable')));
  }, { timeoutMs: 60_000 + 100 * nodes.length, intervalMs: 500 });
  return {
    id,
    nodes,
    delete: async () => {
      for (let i = 0; i < nodes.length; i += 8) await Promise.all(nodes.slice(i, i + 8).map(n => cluster.delete('v1', 'Node', n.name)));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Where a DaemonSet's pods go, computed from its pod template

/**
 * The tolerations the DaemonSet controller adds to every DaemonSet pod (pkg/controller/daemon/util):
 * an unready or unreachable node does not evict it, node pressure and cordoning do not keep it
 * away, nor (for host-network pods) a node whose network is not ready.
 */
function daemonSetTolerations(pod: any): any[] {
  const tolerations = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (pod.hostNetwork) tolerations.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return tolerations;
}

/** Whether a toleration tolerates a taint (the scheduler's `ToleratesTaint`). */
function tolerates(toleration: any, taint: { key: string; value?: string; effect: string }): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (!toleration.key && toleration.operator !== 'Exists') return false;
  return (toleration.operator ?? 'Equal') === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

/** Whether a node selector requirement (`matchExpressions` item) holds for a node's labels. */
function requirementHolds(req: any, labels: Record<string, string>): boolean {
  const value = labels[req.key];
  switch (req.operator) {
    case 'In': return value !== undefined && req.values.includes(value);
    case 'NotIn': return value === undefined || !req.values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && Number(value) > Number(req.values[0]);
    case 'Lt': return value !== undefined && Number(value) < Number(req.values[0]);
    default: throw new Error(`unknown node selector operator ${req.operator}`);
  }
}

/**
 * Whether a pod of this template runs on `node`, by the rules the DaemonSet controller and the
 * scheduler apply: every `nodeSelector` label, one of the required node affinity terms, and every
 * NoSchedule and NoExecute taint tolerated.
 */
export function runsOn(pod: any, node: FleetNode): boolean {
  for (const [key, value] of Object.entries(pod.nodeSelector ?? {})) {
    if (node.labels[key] !== value) return false;
  }
  const terms = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t: any) => (t.matchExpressions ?? []).every((r: any) => requirementHolds(r, node.labels))
    && (t.matchFields ?? []).every((r: any) => requirementHolds(r, { 'metadata.name': node.name })))) {
    return false;
  }
  const tolerations = [...(pod.tolerations ?? []), ...daemonSetTolerations(pod)];
  return node.taints.filter(t => t.effect !== 'PreferNoSchedule').every(taint => tolerations.some(t => tolerates(t, taint)));
}

/** The nodes of the fleet a DaemonSet's pods run on, by `runsOn`. */
export function expectedNodes(daemonSet: KubeObject, fleet: Fleet): string[] {
  return fleet.nodes.filter(n => runsOn(daemonSet.spec.template.spec, n)).map(n => n.name);
}

// ---------------------------------------------------------------------------------------------
// Rollouts

/** Pins a DaemonSet manifest to a fleet, and gives its pods KWOK start and stop times. */
export function onFleet(daemonSet: KubeObject, fleet: Fleet, delays: { ready?: string; delete?: string } = {}): KubeObject {
  const copy = structuredClone(daemonSet);
  const template = copy.spec.template;
  template.spec.nodeSelector = { ...template.spec.nodeSelector, [FLEET_LABEL]: fleet.id };
  const annotations = { ...template.metadata?.annotations };
  if (delays.ready) annotations[KWOK_DELAY_ANNOTATIONS.ready] = delays.ready;
  if (delays.delete) annotations[KWOK_DELAY_ANNOTATIONS.delete] = delays.delete;
  template.metadata = { ...template.metadata, annotations };
  return copy;
}

/** The same DaemonSet with the first container's image changed: a new template to roll out. */
export function withNextImage(daemonSet: KubeObject): KubeObject {
  const copy = structuredClone(daemonSet);
  const container = copy.spec.template.spec.containers[0];
  container.image = nextImage(container.image);
  return copy;
}

/** `repo:tag@sha256:...` becomes `repo:tag-next`. */
export function nextImage(image: string): string {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? `${withoutDigest}-next` : `${withoutDigest}:next`;
}

/** How many nodes a rollout may leave without an available pod: 0 when surging, else the scaled maxUnavailable. */
export function allowedUnavailable(daemonSet: KubeObject, desired: number): number {
  const rolling = daemonSet.spec.updateStrategy?.rollingUpdate ?? {};
  const scale = (v: unknown) => typeof v === 'string' && v.endsWith('%') ? Math.ceil(parseInt(v, 10) * desired / 100) : Number(v ?? 0);
  const surge = scale(rolling.maxSurge ?? 0);
  const unavailable = scale(rolling.maxUnavailable ?? 1);
  return surge > 0 ? 0 : Math.max(1, unavailable);
}

/** What a rollout looked like, sampled at every pod event. */
export interface RolloutObservation {
  /**
   * Milliseconds from the template change until the DaemonSet's status says every node it targets
   * runs an updated, available pod (what `kubectl rollout status` waits for).
   */
  readonly durationMs: number;
  /** Milliseconds from the template change until no pod of the old template was left (after a surge, the last old pods stop later). */
  readonly settledMs: number;
  /** The most targeted nodes seen at once without a Ready pod (a pod that is being deleted does not count). */
  readonly maxNodesWithoutReadyPod: number;
  /** The most pods of the DaemonSet seen at once on one node (2 during a surge). */
  readonly maxPodsOnANode: number;
  /** How many pod events were sampled. */
  readonly events: number;
}

/** One pod, as far as the rollout is concerned. */
interface PodInfo {
  readonly node?: string;
  /** Ready and not being deleted: the node has its agent. */
  readonly serving: boolean;
  readonly image: string;
}

/**
 * The rollout state of the pods of one DaemonSet, from a pod watch, kept per node so that each
 * event costs the same on 1 000 nodes as on 10.
 */
class PodState {
  private readonly pods = new Map<string, PodInfo>();
  private readonly targeted: Set<string>;
  /** Per node: its pods, its serving pods, its serving pods of the new image. */
  private readonly perNode = new Map<string, { pods: number; serving: number; servingNew: number }>();
  private uncovered: number;
  private nodesServingNew = 0;
  maxUncovered = 0;
  maxPerNode = 0;
  events = 0;

  constructor(nodes: readonly string[], private readonly image: string) {
    this.targeted = new Set(nodes);
    this.uncovered = this.targeted.size;
  }

  /** Takes in a pod event (the listed pods as ADDED). */
  update(type: string, pod: KubeObject): void {
    this.events++;
    const name = pod.metadata!.name!;
    const before = this.pods.get(name);
    if (before) this.count(before, -1);
    if (type === 'DELETED') {
      this.pods.delete(name);
      return;
    }
    const info: PodInfo = {
      node: pod.spec?.nodeName,
      serving: pod.metadata?.deletionTimestamp === undefined
        && (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'),
      image: pod.spec?.containers?.[0]?.image,
    };
    this.pods.set(name, info);
    this.count(info, 1);
  }

  private count(info: PodInfo, delta: number): void {
    if (!info.node) return;
    const n = this.perNode.get(info.node) ?? { pods: 0, serving: 0, servingNew: 0 };
    const targeted = this.targeted.has(info.node);
    const wasCovered = n.serving > 0;
    const wasNew = n.servingNew > 0;
    n.pods += delta;
    if (info.serving) n.serving += delta;
    if (info.serving && info.image === this.image) n.servingNew += delta;
    this.perNode.set(info.node, n);
    if (targeted && wasCovered !== n.serving > 0) this.uncovered += wasCovered ? 1 : -1;
    if (targeted && wasNew !== n.servingNew > 0) this.nodesServingNew += wasNew ? -1 : 1;
    if (delta > 0) this.maxPerNode = Math.max(this.maxPerNode, n.pods);
  }

  /** Samples the current state into the maxima. */
  sample(): void {
    this.maxUncovered = Math.max(this.maxUncovered, this.uncovered);
  }

  /** Whether each node runs exactly one pod, Ready and of the new image, and no other pod is left. */
  rolledOut(): boolean {
    return this.pods.size === this.targeted.size && this.nodesServingNew === this.targeted.size;
  }
}

/**
 * Applies `next` (the DaemonSet with a changed template) and watches its pods until every node in
 * `nodes` runs exactly one Ready pod of the new template and no other pod is left, counting at
 * every pod event the nodes without a Ready pod and the pods per node; meanwhile a watch of the
 * DaemonSet notes when its status says the rollout is done.
 */
export async function rollOut(cluster: TestCluster, next: KubeObject, namespace: string, nodes: readonly string[],
  timeoutMs = 90_000): Promise<RolloutObservation> {
  const name = next.metadata!.name!;
  const labels = next.spec.selector.matchLabels as Record<string, string>;
  const image = next.spec.template.spec.containers[0].image;
  const state = new PodState(nodes, image);
  let started = 0;
  let rolledOut: Promise<number> | undefined;
  await cluster.watch('v1', 'Pod', namespace, (type, pod) => {
    // The existing pods arrive first, as ADDED; the change is applied once all are known.
    state.update(type, pod);
    if (!rolledOut) return false;
    state.sample();
    return state.rolledOut();
  }, {
    labelSelector: Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(','),
    timeoutMs,
    onListed: () => {
      state.sample();
      started = Date.now();
      rolledOut = cluster.apply([next], namespace).then(async ([outcome]) => {
        const generation = outcome.object!.metadata!.generation;
        let at = 0;
        await cluster.watch('apps/v1', 'DaemonSet', namespace, (_, ds) => {
          const s = ds.status ?? {};
          const done = (s.observedGeneration ?? 0) >= generation && s.updatedNumberScheduled === s.desiredNumberScheduled
            && s.numberAvailable === s.desiredNumberScheduled;
          if (done) at = Date.now();
          return done;
        }, { fieldSelector: `metadata.name=${name}`, timeoutMs });
        return at;
      });
      rolledOut.catch(() => undefined);
    },
  });
  const settledMs = Date.now() - started;
  const durationMs = (await rolledOut!) - started;
  return { durationMs, settledMs, maxNodesWithoutReadyPod: state.maxUncovered, maxPodsOnANode: state.maxPerNode, events: state.events };
}

/**
 * Waits until the DaemonSet's controller has seen its spec and `desiredNumberScheduled ==
 * numberReady` (every pod updated and available too: a steady state to roll out from; with
 * `expected`, also `desiredNumberScheduled == expected`), and returns the nodes its pods run on
 * (sorted).
 */
export async function waitUntilReady(cluster: TestCluster, name: string, namespace: string, timeoutMs = 60_000,
  expected?: number): Promise<{ desired: number; nodes: string[] }> {
  const status = await cluster.waitFor(`DaemonSet ${namespace}/${name} ready on every node it targets`, async () => {
    const ds = await cluster.get('apps/v1', 'DaemonSet', name, namespace);
    const s = ds?.status;
    if (!ds || !s || (s.observedGeneration ?? 0) < ds.metadata!.generation) return undefined;
    if (expected !== undefined && s.desiredNumberScheduled !== expected) return undefined;
    const steady = s.desiredNumberScheduled > 0 && s.desiredNumberScheduled === s.numberReady
      && s.numberReady === s.updatedNumberScheduled && s.numberAvailable === s.numberReady;
    return steady ? s : undefined;
  }, { timeoutMs, intervalMs: 250 });
  const ds = await cluster.get('apps/v1', 'DaemonSet', name, namespace);
  const labels = ds!.spec.selector.matchLabels as Record<string, string>;
  const pods = await cluster.list('v1', 'Pod', namespace, { labelSelector: Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') });
  return { desired: status.desiredNumberScheduled, nodes: pods.filter(p => !p.metadata?.deletionTimestamp).map(p => p.spec?.nodeName).sort() };
}
