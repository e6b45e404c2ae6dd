import { FleetRollout } from './types';

/** The kubelet's default grace period when a pod sets none. */
const DEFAULT_GRACE_SECONDS = 30;

/**
 * Seconds an old pod takes to stop when nothing says otherwise: an agent that exits promptly on
 * SIGTERM (after flushing, as Fluent Bit's 5s `Grace`), and the kubelet removing the pod.
 */
export const DEFAULT_POD_STOP_SECONDS = 5;

/**
 * A `maxSurge` / `maxUnavailable` value as a number of nodes. Percentages are rounded up, as the
 * DaemonSet controller does for both fields (`GetScaledValueFromIntOrPercent(..., roundUp=true)`).
 */
export function scaleIntOrPercent(value: unknown, nodeCount: number): number {
  if (typeof value === 'number') {
    return Math.max(0, Math.floor(value));
  }
  const text = String(value ?? '0').trim();
  const percent = /^([0-9]+)%$/.exec(text);
  if (percent) {
    return Math.ceil(Number(percent[1]) * nodeCount / 100);
  }
  return /^[0-9]+$/.test(text) ? Number(text) : 0;
}

/**
 * The estimated time of a full rollout of a DaemonSet on `nodeCount` nodes.
 *
 * The DaemonSet controller replaces pods node by node, keeping at most `maxUnavailable` nodes
 * without an available pod (or, when surging, at most `maxSurge` nodes with two pods); as soon as
 * one node is done, the next starts. With the same time on every node that is `ceil(nodes / batch)`
 * batches one after the other, each taking:
 *
 * - `maxUnavailable` (no surge): the controller deletes the old pod and creates the new one only
 *   once the old one is gone, which must then stay ready for `minReadySeconds`: stop + start +
 *   minReadySeconds. The stop is `podStopSeconds`, by default 5s or the pod's grace period if
 *   that is shorter (agents exit on SIGTERM long before their grace period ends);
 * - `maxSurge`: the new pod starts next to the old one and the old one is deleted once the new one
 *   is available, so its stop overlaps the next node: start + minReadySeconds, + 1s with
 *   minReadySeconds: the controller checks a surge pod's availability again one second after
 *   minReadySeconds (its pod handler adds the second against clock skew, kubernetes#38076; the
 *   node's old pod is still available, so no status resync comes sooner).
 *
 * `maxTotalSeconds` is the same rollout with every old pod using its whole grace period, the most
 * the kubelet waits before it kills the containers: an upper bound.
 *
 * When both fields scale to 0 the controller uses `maxUnavailable: 1`. `OnDelete` never rolls out
 * by itself: pods are replaced only when deleted.
 */
export function estimateRollout(manifest: any, nodeCount: number, podStartSeconds: number, podStopSeconds?: number): FleetRollout {
  const spec = manifest.spec ?? {};
  const minReadySeconds = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
  const strategy = spec.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy === 'OnDelete') {
    return { strategy, automatic: false, minReadySeconds };
  }
  const rolling = spec.updateStrategy?.rollingUpdate ?? {};
  const maxUnavailable = rolling.maxUnavailable ?? 1;
  const maxSurge = rolling.maxSurge ?? 0;
  let unavailable = scaleIntOrPercent(maxUnavailable, nodeCount);
  const surge = scaleIntOrPercent(maxSurge, nodeCount);
  if (unavailable === 0 && surge === 0) {
    unavailable = 1;
  }
  const surging = surge > 0;
  const grace = spec.template?.spec?.terminationGracePeriodSeconds;
  const gracePeriodSeconds = typeof grace === 'number' ? grace : DEFAULT_GRACE_SECONDS;
  const stopSeconds = surging ? 0 : podStopSeconds ?? Math.min(DEFAULT_POD_STOP_SECONDS, gracePeriodSeconds);
  const nodesPerBatch = Math.max(1, Math.min(surging ? surge : unavailable, nodeCount));
  const batches = Math.ceil(nodeCount / nodesPerBatch);
  const recheckSeconds = surging && minReadySeconds > 0 ? 1 : 0;
  const batchSeconds = stopSeconds + podStartSeconds + minReadySeconds + recheckSeconds;
  const longestBatchSeconds = (surging ? 0 : Math.max(stopSeconds, gracePeriodSeconds)) + podStartSeconds + minReadySeconds + recheckSeconds;
  return {
    strategy,
    automatic: true,
    maxUnavailable: String(maxUnavailable),
    maxSurge: String(maxSurge),
    minReadySeconds,
    nodesPerBatch,
    batches,
    stopSeconds,
    gracePeriodSeconds,
    startSeconds: podStartSeconds,
    recheckSeconds,
    batchSeconds,
    totalSeconds: batches * batchSeconds,
    maxTotalSeconds: batches * longestBatchSeconds,
  };
}

/** Seconds as `1h 2m 5s`, `11m 40s`, `45s`. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].filter(p => p);
  return parts.join(' ');
}
