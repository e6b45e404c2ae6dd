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
  const values: Record<'requests' | 'limits', Record<string, number>> = { requests: {}, limits: {} };
  for (const kind of ['requests', 'limits'] as const) {
    for (const [resource, quantity] of entries(resources?.[kind])) {
      const prop = `${where}.resources.${kind}.${resource}`;
      const nameProblem = containerResourceNameProblem(resource);
      if (nameProblem) {
        err(prop, 'is not a resource a container can request', resource, nameProblem, 'use cpu, memory, ephemeral-storage, or the full name of an extended resource');
      }
      const value = parseQuantity(quantity);
      if (value === undefined) {
        err(prop, 'is not a quantity', quantity, QUANTITY_FORMAT, 'use Cpu.millis() and Size.mebibytes()');
        continue;
      }
      values[kind][resource] = value;
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
  }
  for (const [resource, request] of Object.entries(values.requests)) {
    const limit = values.limits[resource];
    if (limit === undefined) {
      if (!overcommitAllowed(resource)) {
        err(`${where}.resources.limits.${resource}`, 'is required: this resource cannot be overcommitted, so a request needs a limit', undefined,
          'a limit equal to the request', `set the ${resource} limit to the request (${requests[resource]})`);
      }
      continue;
    }
    if (!overcommitAllowed(resource) && request !== limit) {
      err(`${where}.resources.requests.${resource}`, 'must equal its limit: this resource cannot be overcommitted', { request: requests[resource], limit: limits[resource] },
        'request = limit', `set the ${resource} request equal to the limit, or leave the request out`);
    } else if (request > limit) {
      err(`${where}.resources.${resource}`, 'requests more than its limit', { request: requests[resource], limit: limits[resource] }, 'request <= limit',
        `lower the ${resource} request or raise the limit`);
    }
  }
  const all = [...Object.keys(requests), ...Object.keys(limits)];
  if (all.some(r => r.startsWith(HUGEPAGES)) && !all.some(r => r === 'cpu' || r === 'memory')) {
    err(`${where}.resources`, 'requests hugepages without cpu or memory', all, 'hugepages together with a cpu or memory request or limit', 'add a memory request and limit');
  }
  const claims = new Set(list(pod.resourceClaims).map(c => c?.name));
  const used = new Set<string>();
  list(resources?.claims).forEach((claim, i) => {
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
