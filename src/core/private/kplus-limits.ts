import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { formatError } from './errors';

/**
 * What cdk8s-plus-28 refuses while it serializes a pod, with a message that names neither the
 * prop nor the fix: each of these makes its serialization throw, and when it does, these are
 * reported instead, in the library's message style. Two of these go beyond the API
 * server (cdk8s-plus's own limits): at most 6 DNS search domains (the API server allows 32), and
 * ephemeral storage in whole GiB and memory in whole MiB through the typed resources.
 */
export function kplusSerializationErrors(ds: kplus.DaemonSet): string[] {
  const errors: string[] = [];
  const err = (prop: string, problem: string, received: unknown, allowed: string, fix: string) =>
    errors.push(formatError(ds, { prop, problem, received, allowed, fix }));
  if (ds.containers.length === 0) {
    err('containers', 'is empty', [], 'at least one container', 'add a container with addContainer()');
  }
  const dns = ds.dns;
  if (dns.policy === kplus.DnsPolicy.NONE && dns.nameservers.length === 0) {
    err('dns.policy', 'is \'None\' without nameservers', 'None', 'dnsConfig with at least one nameserver', 'add dns nameservers, or choose another DNS policy');
  }
  if (dns.nameservers.length > 3) {
    err('dns.nameservers', 'lists more than 3 nameservers', dns.nameservers, 'at most 3 nameservers (the resolver reads no more)', 'keep three nameservers');
  }
  if (dns.searches.length > 6) {
    err('dns.searches', 'lists more than 6 search domains, which cdk8s-plus-28 cannot serialize', dns.searches.length,
      'at most 6 through the typed prop (the API server allows 32)', 'keep 6 search domains, or set dnsConfig.searches with a JSON patch');
  }
  for (const container of ds.containers) {
    if (container.restartPolicy !== undefined) {
      err(`containers[${container.name}].restartPolicy`, 'may not be set on a regular container (the API server drops it: container restart rules are an alpha feature)',
        container.restartPolicy, 'restartPolicy on init containers only (Always makes a sidecar)',
        'remove restartPolicy, or add the container with addInitContainer({ restartPolicy: ContainerRestartPolicy.ALWAYS })');
    }
  }
  for (const container of [...ds.initContainers, ...ds.containers]) {
    const memory = container.resources?.memory;
    const storage = container.resources?.ephemeralStorage;
    for (const [kind, size, unit] of [
      ['memory.request', memory?.request, 'MiB'],
      ['memory.limit', memory?.limit, 'MiB'],
      ['ephemeralStorage.request', storage?.request, 'GiB'],
      ['ephemeralStorage.limit', storage?.limit, 'GiB'],
    ] as const) {
      if (size !== undefined && !isWhole(size, unit)) {
        err(`containers[${container.name}].resources.${kind}`, `is not a whole number of ${unit}, which cdk8s-plus-28 cannot serialize`, undefined,
          `a whole number of ${unit} through the typed resources`, `round it to whole ${unit}, or set the quantity with a JSON patch`);
      }
    }
  }
  return errors;
}

/** Whether cdk8s-plus can write `size` in whole `unit`s (it throws otherwise). */
function isWhole(size: Size, unit: 'MiB' | 'GiB'): boolean {
  try {
    unit === 'MiB' ? size.toMebibytes() : size.toGibibytes();
    return true;
  } catch {
    return false;
  }
}
