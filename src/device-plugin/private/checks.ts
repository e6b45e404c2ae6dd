import { IConstruct } from 'constructs';
import { fail } from '../../core/private/errors';
import { checkDnsLabel, checkLabelValue, checkQualifiedName } from '../../validation/names';
import { DeviceNodes } from '../device-nodes';

// The checks of the props of `DevicePluginDaemonSet`: each throws at construction, naming the
// construct, the prop and the fix.

export function checkName(scope: IConstruct, prop: string, value: string): void {
  const problem = checkDnsLabel(value);
  if (problem) {
    fail(scope, { prop, problem: 'is not a valid name', received: value, allowed: problem, fix: `set ${prop} to a valid name` });
  }
}

/**
 * The API server's rule for an extended resource name (IsExtendedResourceName): `<domain>/<name>`
 * outside the `kubernetes.io` domains, not starting with `requests.`, and a qualified name once
 * prefixed with `requests.` (how ResourceQuotas name it).
 */
export function extendedResourceProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !name.includes('/')) {
    return 'has no domain: extended resources are named <domain>/<name>';
  }
  if (name.includes('kubernetes.io/')) {
    return 'is in a kubernetes.io domain, which is reserved for native resources';
  }
  if (name.startsWith('requests.')) {
    return 'starts with \'requests.\', the prefix ResourceQuotas add';
  }
  if (checkQualifiedName(`requests.${name}`)) {
    return 'is not a qualified name: the domain is a DNS-1123 subdomain, the name at most 63 characters of letters, digits, \'-\', \'_\' and \'.\'';
  }
  return undefined;
}

export function checkResourceName(scope: IConstruct, name: string): void {
  const problem = extendedResourceProblem(name);
  if (problem) {
    fail(scope, {
      prop: 'resourceName',
      problem: `is not a valid extended resource name: it ${problem}`,
      received: name,
      allowed: 'an extended resource name such as \'nvidia.com/gpu\' or \'example.com/fpga\'',
      fix: 'use the resource name the plugin advertises to the kubelet',
    });
  }
}

export function checkTaintKey(scope: IConstruct, key: string): void {
  const problem = checkQualifiedName(key);
  if (problem) {
    fail(scope, { prop: 'deviceTaintKey', problem: 'is not a valid taint key', received: key, allowed: problem, fix: 'use the key of the device nodes\' taint, e.g. \'nvidia.com/gpu\'' });
  }
}

export function checkNodes(scope: IConstruct, nodes: DeviceNodes): void {
  if (!(nodes instanceof DeviceNodes) || nodes.labelSets.length === 0 || nodes.labelSets.some(set => Object.keys(set ?? {}).length === 0)) {
    fail(scope, {
      prop: 'nodes',
      problem: 'selects no device nodes: every node would run the plugin',
      received: nodes instanceof DeviceNodes ? nodes.labelSets : nodes,
      allowed: 'DeviceNodes.withLabels({...}) or DeviceNodes.withAnyOf([{...}, ...]) with at least one label in each set',
      fix: 'name the labels the device nodes carry, e.g. DeviceNodes.withLabels({ \'nvidia.com/gpu.present\': \'true\' })',
    });
  }
  nodes.labelSets.forEach((set, i) => {
    for (const [key, value] of Object.entries(set)) {
      const prop = nodes.isAffinity ? `nodes[${i}]` : 'nodes';
      const keyProblem = checkQualifiedName(key);
      if (keyProblem) {
        fail(scope, { prop, problem: 'has an invalid label key', received: key, allowed: keyProblem, fix: 'use the node label key' });
      }
      const valueProblem = typeof value === 'string' ? checkLabelValue(value) : 'a string';
      if (valueProblem) {
        fail(scope, { prop: `${prop}.${key}`, problem: 'has an invalid label value', received: value, allowed: valueProblem, fix: 'use the node label value' });
      }
    }
  });
}

