import { hostPortBindings } from './pod/ports';
import { Relaxation, RelaxationKind } from '../core/relaxation';

/**
 * What a pod holds on its node that a second pod of the same DaemonSet on that node cannot share.
 *
 * A surge starts the new pod next to the old one, on the same node, and removes the old one only
 * once the new one is available. That is safe only for an agent that holds nothing exclusive on
 * its node:
 *
 * - a host port: the scheduler never places the surge pod while the old pod holds the port, so the
 *   rollout hangs (kubernetes#106417);
 * - a host path it writes: an exclusive file lock or state database (Fluent Bit's tail database
 *   with `DB.locking true`: the new pod cannot open it, exits and crash-loops while the old one
 *   is never removed), a position file two instances would both advance (Fluentd: both ship the
 *   same lines), a device-plugin or CSI socket the kubelet connects to, files it rewrites in a
 *   directory the container runtime or the kubelet watches (`/etc/cni/net.d`).
 *
 * Every writable hostPath mount counts, in any container (init containers too: a surge pod's init
 * container runs next to the old pod), unless its path is declared with
 * `Relaxation.sharedWritableHostPath`, which says why two pods may write it at once.
 */
export interface ExclusiveNodeResource {
  /** `hostPort` or `writableHostPath`. */
  readonly kind: 'hostPort' | 'writableHostPath';
  /** What is held, e.g. `host port 9100/TCP` or `host path /var/lib/fluent-bit, written by container 'fluent-bit'`. */
  readonly description: string;
  /** The host path, for `writableHostPath`. */
  readonly path?: string;
  /** The container that holds it. */
  readonly container: string;
}

/**
 * The exclusive node resources of a pod spec in the manifest's shape (`hostIP`, `volumeMounts`,
 * `hostPath` volumes): host ports first, then the host paths written, each once.
 */
export function exclusiveNodeResources(podSpec: any, relaxations: readonly Relaxation[]): ExclusiveNodeResource[] {
  const found: ExclusiveNodeResource[] = hostPortBindings(podSpec, true).map(b => ({
    kind: 'hostPort',
    description: `host port ${b.port}/${b.protocol}`,
    container: b.container,
  }));
  const shared = new Set(relaxations.filter(r => r.kind === RelaxationKind.SHARED_WRITABLE_HOST_PATH).map(r => r.target));
  const hostPaths = new Map<string, string>();
  for (const volume of podSpec?.volumes ?? []) {
    if (volume?.hostPath && typeof volume.hostPath.path === 'string') {
      hostPaths.set(volume.name, volume.hostPath.path);
    }
  }
  const seen = new Set<string>();
  for (const container of [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])]) {
    for (const mount of container?.volumeMounts ?? []) {
      const path = hostPaths.get(mount.name);
      if (path === undefined || mount.readOnly === true || shared.has(path) || seen.has(path)) {
        continue;
      }
      seen.add(path);
      found.push({
        kind: 'writableHostPath',
        description: `host path ${path}, written by container '${container.name}'`,
        path,
        container: container.name,
      });
    }
  }
  return found;
}
