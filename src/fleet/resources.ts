import { FleetResources, FleetUsage } from './types';
import { parseQuantity } from '../validation/quantity';

/** The node resources the fleet view adds up, by their Kubernetes names. */
export const RESOURCES = ['cpu', 'memory', 'ephemeral-storage'] as const;
export type ResourceName = typeof RESOURCES[number];

type Amounts = Record<ResourceName, number>;

const FIELDS: Record<ResourceName, keyof FleetResources> = {
  'cpu': 'cpuMillis',
  'memory': 'memoryBytes',
  'ephemeral-storage': 'ephemeralStorageBytes',
};

/** A quantity in whole millicores (cpu) or bytes, rounded up as the API server rounds cpu to 1m. */
export function toAmount(resource: ResourceName, quantity: unknown): number | undefined {
  const value = parseQuantity(quantity as string | number);
  if (value === undefined) {
    return undefined;
  }
  // The epsilon absorbs the float error of e.g. 0.1 * 1000.
  return Math.ceil((resource === 'cpu' ? value * 1000 : value) - 1e-6);
}

function zero(): Amounts {
  return { 'cpu': 0, 'memory': 0, 'ephemeral-storage': 0 };
}

function add(a: Amounts, b: Amounts): Amounts {
  return { 'cpu': a.cpu + b.cpu, 'memory': a.memory + b.memory, 'ephemeral-storage': a['ephemeral-storage'] + b['ephemeral-storage'] };
}

function max(a: Amounts, b: Amounts): Amounts {
  return {
    'cpu': Math.max(a.cpu, b.cpu),
    'memory': Math.max(a.memory, b.memory),
    'ephemeral-storage': Math.max(a['ephemeral-storage'], b['ephemeral-storage']),
  };
}

function toResources(a: Amounts): FleetResources {
  return { cpuMillis: a.cpu, memoryBytes: a.memory, ephemeralStorageBytes: a['ephemeral-storage'] };
}

/** The amount of `resource` in a `FleetResources`. */
export function amountOf(resources: FleetResources, resource: ResourceName): number {
  return resources[FIELDS[resource]];
}

/**
 * A container's requests and limits. A missing request is the limit (the API server defaults
 * requests to limits), else 0; a missing limit is 0 and marks the resource unlimited.
 */
function containerAmounts(container: any): { requests: Amounts; limits: Amounts; unlimited: ResourceName[] } {
  const requests = zero();
  const limits = zero();
  const unlimited: ResourceName[] = [];
  for (const resource of RESOURCES) {
    const limit = toAmount(resource, container.resources?.limits?.[resource]);
    const request = toAmount(resource, container.resources?.requests?.[resource]);
    requests[resource] = request ?? limit ?? 0;
    limits[resource] = limit ?? 0;
    if (limit === undefined) {
      unlimited.push(resource);
    }
  }
  return { requests, limits, unlimited };
}

/**
 * The effective requests and limits of a pod, by Kubernetes' rule (component-helpers
 * `PodRequests` / `PodLimits`, with sidecar containers):
 *
 * - the containers and the sidecar init containers (`restartPolicy: Always`) run together: their
 *   sum counts;
 * - a regular init container runs alone, next to the sidecars started before it: each counts as
 *   its own amount plus those sidecars, and only the largest of them;
 * - the pod takes the larger of the two, per resource, plus `spec.overhead` (the RuntimeClass's
 *   pod overhead; on limits only where the pod has a limit).
 */
export function podUsage(pod: any): FleetUsage {
  let running = zero();
  let runningLimits = zero();
  let sidecars = zero();
  let sidecarLimits = zero();
  let init = zero();
  let initLimits = zero();
  const unlimited = new Set<ResourceName>();
  for (const container of pod?.containers ?? []) {
    const amounts = containerAmounts(container);
    running = add(running, amounts.requests);
    runningLimits = add(runningLimits, amounts.limits);
    amounts.unlimited.forEach(r => unlimited.add(r));
  }
  for (const container of pod?.initContainers ?? []) {
    const amounts = containerAmounts(container);
    amounts.unlimited.forEach(r => unlimited.add(r));
    if (container.restartPolicy === 'Always') {
      running = add(running, amounts.requests);
      runningLimits = add(runningLimits, amounts.limits);
      sidecars = add(sidecars, amounts.requests);
      sidecarLimits = add(sidecarLimits, amounts.limits);
      init = max(init, sidecars);
      initLimits = max(initLimits, sidecarLimits);
    } else {
      init = max(init, add(amounts.requests, sidecars));
      initLimits = max(initLimits, add(amounts.limits, sidecarLimits));
    }
  }
  const requests = max(running, init);
  const limits = max(runningLimits, initLimits);
  for (const resource of RESOURCES) {
    const overhead = toAmount(resource, pod?.overhead?.[resource]) ?? 0;
    requests[resource] += overhead;
    if (!unlimited.has(resource)) {
      limits[resource] += overhead;
    }
  }
  return { requests: toResources(requests), limits: toResources(limits), unlimited: RESOURCES.filter(r => unlimited.has(r)) };
}

/** The sum of several usages. */
export function sumUsage(usages: FleetUsage[]): FleetUsage {
  const requests = { cpuMillis: 0, memoryBytes: 0, ephemeralStorageBytes: 0 };
  const limits = { cpuMillis: 0, memoryBytes: 0, ephemeralStorageBytes: 0 };
  const unlimited = new Set<string>();
  for (const usage of usages) {
    for (const field of Object.values(FIELDS)) {
      requests[field] += usage.requests[field];
      limits[field] += usage.limits[field];
    }
    usage.unlimited.forEach(r => unlimited.add(r));
  }
  return { requests, limits, unlimited: RESOURCES.filter(r => unlimited.has(r)) };
}

/** A usage times a whole factor (the node count). */
export function scaleUsage(usage: FleetUsage, factor: number): FleetUsage {
  const scale = (r: FleetResources): FleetResources => ({
    cpuMillis: r.cpuMillis * factor,
    memoryBytes: r.memoryBytes * factor,
    ephemeralStorageBytes: r.ephemeralStorageBytes * factor,
  });
  return { requests: scale(usage.requests), limits: scale(usage.limits), unlimited: [...usage.unlimited] };
}

/** Millicores as Kubernetes writes cpu: `250m` below one core, else cores (`1.5`, `12`). */
export function formatCpu(millis: number): string {
  if (millis === 0) {
    return '0';
  }
  if (millis < 1000) {
    return `${millis}m`;
  }
  return `${trim(millis / 1000, 3)}`;
}

const BINARY_UNITS: [string, number][] = [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];

/** Bytes in the largest binary unit they fill (`64Mi`, `6.25Gi`), with at most two decimals. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of BINARY_UNITS) {
    if (bytes >= size) {
      return `${trim(bytes / size, 2)}${unit}`;
    }
  }
  return `${bytes}`;
}

/** An amount of `resource` formatted for reading. */
export function formatAmount(resource: ResourceName, amount: number): string {
  return resource === 'cpu' ? formatCpu(amount) : formatBytes(amount);
}

function trim(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}
