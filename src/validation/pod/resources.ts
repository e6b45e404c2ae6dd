import { entries, Err, list } from '../field';
import { checkQualifiedName } from '../names';
import { parseQuantity, QUANTITY_FORMAT } from '../quantity';

/**
 * Container resources, as k8s.io/kubernetes pkg/apis/core/validation v1.34 checks them:
 * `ValidateContainerResourceRequirements` (`validateResourceRequirements`), with
 * `validateContainerResourceName`, `ValidateResourceQuantityValue` (>= 0, whole numbers for
 * extended resources), `validateResourceQuantityHugePageValue` and `validateResourceClaimNames`.
 * Extended resources (`example.com/gpu`) and hugepages cannot be overcommitted: their request
 * must equal their limit, and a request needs a limit.
 */

const CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const HUGEPAGES = 'hugepages-';

/** Whether a resource name is one a container may request (`undefined`), or why not. */
export function containerResourceNameProblem(name: string): string | undefined {
  const allowed = 'cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource with a domain prefix (example.com/gpu)';
  if (checkQualifiedName(name)) {
    return allowed;
  }
  if (!name.includes('/')) {
    return CONTAINER_RESOURCES.includes(name) || name.startsWith(HUGEPAGES) ? undefined : allowed;
  }
  if (!isNative(name) && (name.startsWith('requests.') || checkQualifiedName(`requests.${name}`))) {
    return `${allowed}; an extended resource's name may not start with 'requests.' and its domain and name must stay valid with that prefix`;
  }
  return undefined;
}

/** `IsNativeResource`: unprefixed, or in the kubernetes.io/ namespace. */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** `IsOvercommitAllowed`: native resources other than hugepages. */
function overcommitAllowed(name: string): boolean {
  return isNative(name) && !name.startsWith(HUGEPAGES);
}

export function validateResources(err: Err, where: string, resources: any, pod: any): void {
  const requests = resources?.requests ?? {};
  const limits = resources?.limits ?? {};
  const requested = quantities(err, where, 'requests', requests);
  const limited = quantities(err, where, 'limits', limits);
  for (const resource of Object.keys(requested)) {
    const request = requested[resource];
    const limit = limited[resource];
    if (!overcommitAllowed(resource)) {
      notOvercommitted(err, where, resource, requests, limits, request, limit);
    } else if (limit !== undefined && request > limit) {
      err(`${where}.resources.${resource}`, 'requests more than its limit', { request: requests[resource], limit: limits[resource] }, 'request <= limit',
        `lower the ${resource} request or raise the limit`);
    }
  }
  const all = [...Object.keys(requests), ...Object.keys(limits)];
  if (all.some(r => r.startsWith(HUGEPAGES)) && !all.some(r => r === 'cpu' || r === 'memory')) {
    err(`${where}.resources`, 'requests hugepages without cpu or memory', all, 'hugepages together with a cpu or memory request or limit', 'add a memory request and limit');
  }
  if (resources?.claims !== undefined) {
    validateClaims(err, where, resources.claims, pod);
  }
}

/** The values of the quantities of one kind (`requests` or `limits`) that parse, each checked. */
function quantities(err: Err, where: string, kind: 'requests' | 'limits', map: any): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [resource, quantity] of entries(map)) {
    const nameProblem = containerResourceNameProblem(resource);
    if (nameProblem) {
      err(`${where}.resources.${kind}.${resource}`, 'is not a resource a container can request', resource, nameProblem,
        'use cpu, memory, ephemeral-storage, or the full name of an extended resource');
    }
    const value = parseQuantity(quantity);
    if (value === undefined) {
      err(`${where}.resources.${kind}.${resource}`, 'is not a quantity', quantity, QUANTITY_FORMAT, 'use Cpu.millis() and Size.mebibytes()');
      continue;
    }
    values[resource] = value;
    if (value < 0 || resource.includes('/') || resource.startsWith(HUGEPAGES)) {
      checkAmount(err, `${where}.resources.${kind}.${resource}`, resource, quantity, value, nameProblem);
    }
  }
  return values;
}

/** A negative amount, a fraction of an extended resource, or hugepages that are no whole pages. */
function checkAmount(err: Err, prop: string, resource: string, quantity: unknown, value: number, nameProblem: string | undefined): void {
  if (value < 0) {
    err(prop, 'is negative', quantity, 'a quantity >= 0', 'use a positive amount, e.g. Cpu.millis(100) or Size.mebibytes(64)');
  } else if (resource.includes('/') && !isNative(resource) && !nameProblem && !Number.isInteger(value)) {
    err(prop, 'is not a whole number', quantity, 'a whole number of an extended resource', 'request whole devices, e.g. 1');
  }
  if (resource.startsWith(HUGEPAGES)) {
    const page = parseQuantity(resource.slice(HUGEPAGES.length));
    if (page === undefined || page <= 0 || !Number.isInteger(page) || Math.ceil(value) % page !== 0) {
      err(prop, `is not a whole number of ${resource.slice(HUGEPAGES.length)} pages`, quantity, `a positive multiple of the page size of ${resource}`,
        'request a whole number of pages, e.g. 2Mi for hugepages-2Mi');
    }
  }
}

/** A resource that cannot be overcommitted: a request needs a limit, and equals it. */
function notOvercommitted(err: Err, where: string, resource: string, requests: any, limits: any, request: number, limit: number | undefined): void {
  if (limit === undefined) {
    err(`${where}.resources.limits.${resource}`, 'is required: this resource cannot be overcommitted, so a request needs a limit', undefined,
      'a limit equal to the request', `set the ${resource} limit to the request (${requests[resource]})`);
  } else if (request !== limit) {
    err(`${where}.resources.requests.${resource}`, 'must equal its limit: this resource cannot be overcommitted', { request: requests[resource], limit: limits[resource] },
      'request = limit', `set the ${resource} request equal to the limit, or leave the request out`);
  }
}

/** `validateResourceClaimNames`: each claim names one of the pod's resourceClaims, once. */
function validateClaims(err: Err, where: string, claimsOfContainer: unknown, pod: any): void {
  const claims = new Set(list(pod.resourceClaims).map(c => c?.name));
  const used = new Set<string>();
  list(claimsOfContainer).forEach((claim, i) => {
    const prop = `${where}.resources.claims[${i}]`;
    if (!claim?.name) {
      err(prop, 'is required', claim?.name, 'the name of one of the pod\'s resourceClaims', 'name the claim');
    } else if (!claims.has(claim.name)) {
      err(prop, 'names a claim the pod does not have', claim.name, [...claims].join(', ') || 'the pod has no resourceClaims', 'add it to the pod\'s resourceClaims, or name one of them');
    } else if (used.has(claim.name)) {
      err(prop, 'names a claim twice', claim.name, 'each claim once', 'remove the duplicate');
    }
    used.add(claim?.name);
  });
}
