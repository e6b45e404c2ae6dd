import { checkQualifiedName } from '../names';
import { parseQuantity } from '../quantity';

/**
 * The downward API's selectors, shared by environment variables and downwardAPI volumes, as
 * k8s.io/kubernetes pkg/apis/core/validation v1.34 `validateObjectFieldSelector`,
 * `validateContainerResourceFieldSelector` and `validateContainerResourceDivisor` check them
 * (with `ConvertDownwardAPIFieldLabel` of pkg/apis/core/pods).
 */

const CONVERTIBLE = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
  'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs', 'status.podIP',
  'status.podIPs', 'spec.host'];

const RESOURCES = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
const HUGEPAGES_PREFIXES = ['requests.hugepages-', 'limits.hugepages-'];

/**
 * What is wrong with a `fieldRef` (undefined if nothing): apiVersion v1 (the default), a field of
 * `paths`, or `metadata.labels['<key>']` / `metadata.annotations['<key>']`.
 */
export function downwardApiFieldProblem(ref: any, paths: readonly string[]): string | undefined {
  const allowed = `one of ${paths.join(', ')}, or metadata.labels['<key>'] or metadata.annotations['<key>']`;
  const apiVersion = ref.apiVersion === undefined || ref.apiVersion === '' ? 'v1' : ref.apiVersion;
  const fieldPath = ref.fieldPath;
  if (typeof fieldPath !== 'string' || fieldPath === '') {
    return `${allowed} (fieldPath is required)`;
  }
  if (apiVersion !== 'v1') {
    return `apiVersion v1 (received apiVersion ${JSON.stringify(apiVersion)})`;
  }
  const subscripted = splitSubscript(fieldPath);
  if (subscripted) {
    const [path, key] = subscripted;
    if (path !== 'metadata.annotations' && path !== 'metadata.labels') {
      return allowed;
    }
    const problem = checkQualifiedName(path === 'metadata.annotations' ? key.toLowerCase() : key);
    return problem ? `a valid key in the subscript: ${problem}` : undefined;
  }
  const path = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  return CONVERTIBLE.includes(fieldPath) && paths.includes(path) ? undefined : allowed;
}

/** `SplitMaybeSubscriptedPath`: `metadata.labels['key']` as [path, key]. */
function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith('\']')) {
    return undefined;
  }
  const at = fieldPath.indexOf('[\'');
  return at > 0 ? [fieldPath.slice(0, at), fieldPath.slice(at + 2, -2)] : undefined;
}

/**
 * What is wrong with a `resourceFieldRef`, as [field, value, allowed] triples: a known resource
 * (`containerName` required in a volume) and a divisor the resource supports.
 */
export function resourceFieldProblems(ref: any, volume: boolean): [string, unknown, string][] {
  const problems: [string, unknown, string][] = [];
  const resource = ref.resource;
  if (volume && !ref.containerName) {
    problems.push(['containerName', ref.containerName, 'the name of a container of the pod']);
  } else if (typeof resource !== 'string' || resource === '') {
    problems.push(['resource', resource, RESOURCES.join(', ')]);
  } else if (!RESOURCES.includes(resource) && !HUGEPAGES_PREFIXES.some(p => resource.startsWith(p))) {
    problems.push(['resource', resource, `${RESOURCES.join(', ')}, or requests.hugepages-<size> / limits.hugepages-<size>`]);
  }
  const divisor = ref.divisor;
  if (divisor !== undefined && divisor !== null && typeof resource === 'string') {
    const allowed = divisorProblem(resource, divisor);
    if (allowed) {
      problems.push(['divisor', divisor, allowed]);
    }
  }
  return problems;
}

/**
 * `validateContainerResourceDivisor`: the API server compares the divisor's canonical form with
 * `1m` and `1` for cpu, and `1`, `1k` ... `1E`, `1Ki` ... `1Ei` for memory, ephemeral storage and
 * hugepages. A decimal number is canonical with an SI suffix (1000 is 1k), a binary one with a
 * binary suffix, and an exponent stays an exponent (1e3 is not 1k).
 */
function divisorProblem(resource: string, divisor: string | number): string | undefined {
  const value = parseQuantity(divisor);
  if (value === undefined || value === 0) {
    return undefined;
  }
  const text = String(divisor).trim();
  const binary = /[KMGTPE]i$/.test(text);
  const exponent = /[eE][+-]?[0-9]+$/.test(text) && !/[0-9.]E$/.test(text);
  const near = (a: number, b: number) => Math.abs(a - b) <= Math.abs(b) * 1e-9;
  if (resource.endsWith('.cpu')) {
    const ok = !binary && (near(value, 1) || (!exponent && near(value, 0.001)));
    return ok ? undefined : '1m or 1 for cpu';
  }
  if (RESOURCES.includes(resource) || HUGEPAGES_PREFIXES.some(p => resource.startsWith(p))) {
    const ok = near(value, 1)
      || (binary && [1, 2, 3, 4, 5, 6].some(k => near(value, 1024 ** k)))
      || (!binary && !exponent && [1, 2, 3, 4, 5, 6].some(k => near(value, 1000 ** k)));
    return ok ? undefined : '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi or 1Ei';
  }
  return undefined;
}
