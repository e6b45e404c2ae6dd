import { hostPortBindings, sameHostPort } from './daemon-set-rules';
import type { SerializedDaemonSet } from '../core/private/app-check';
import { formatError } from '../core/private/errors';

interface Owner {
  readonly path: string;
  readonly nodeSelector: Record<string, string>;
  readonly protocol: string;
  readonly port: number;
  readonly hostIp: string;
}

/**
 * The host ports that two DaemonSets bind on the same nodes. DaemonSet pods run on every node they
 * select, so a second agent on a taken host port can never start there. One pass over the
 * manifests, keyed by port: linear in the number of DaemonSets.
 */
export function hostPortClashes(daemonSets: SerializedDaemonSet[]): string[] {
  const errors: string[] = [];
  const owners = new Map<string, Owner[]>();
  for (const daemonSet of daemonSets) {
    const pod = daemonSet.manifest.spec?.template?.spec ?? {};
    const nodeSelector = pod.nodeSelector ?? {};
    for (const binding of hostPortBindings(pod)) {
      const path = daemonSet.path;
      const key = `${binding.port}/${binding.protocol}`;
      const others = owners.get(key) ?? [];
      // Twice in one pod is reported by that DaemonSet's own rules.
      const clash = others.find(o => o.path !== path && nodeSelectorsOverlap(o.nodeSelector, nodeSelector) && sameHostPort(o, binding));
      if (clash) {
        errors.push(formatError(path, {
          prop: `containers[${binding.container}].ports`,
          problem: `binds host port ${key}, which DaemonSet ${clash.path} also binds: DaemonSet pods run on every node, so one of the two agents could never start`,
          received: binding.port,
          allowed: 'each protocol/port bound by one DaemonSet per node',
          fix: 'give one of the agents another port (for hostNetwork pods, the container port), or select disjoint nodes with nodeSelector',
        }));
      }
      others.push({ path, nodeSelector, protocol: binding.protocol, port: binding.port, hostIp: binding.hostIp });
      owners.set(key, others);
    }
  }
  return errors;
}

/** Two node selectors can select the same node unless they require different values for one key. */
export function nodeSelectorsOverlap(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.entries(a).every(([key, value]) => b[key] === undefined || b[key] === value);
}
