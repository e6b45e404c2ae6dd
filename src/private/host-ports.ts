import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { formatError } from './errors';
import { hostPortBindings, sameHostPort } from '../validation/daemon-set-rules';

const ID = 'cdk8s-daemonsets.HostPorts';

interface Owner {
  readonly path: string;
  readonly nodeSelector: Record<string, string>;
  readonly protocol: string;
  readonly port: number;
  readonly hostIp: string;
}

/**
 * One per app: at synth, checks that no two DaemonSets of the app (ours, cdk8s-plus ones and raw
 * `KubeDaemonSet`s alike) bind the same protocol/port on the same nodes. DaemonSet pods run on
 * every node they select, so a second agent on a taken host port can never start there.
 * A single pass over the app keeps the check linear in the number of DaemonSets.
 */
export class HostPortRegistry extends Construct {
  /** The app's registry, created on first use. */
  public static of(scope: IConstruct): HostPortRegistry {
    const root = scope.node.root;
    return (root.node.tryFindChild(ID) as HostPortRegistry | undefined) ?? new HostPortRegistry(root, ID);
  }

  private constructor(scope: IConstruct, id: string) {
    super(scope as Construct, id);
    this.node.addValidation({ validate: () => this.conflicts() });
  }

  private conflicts(): string[] {
    const errors: string[] = [];
    const owners = new Map<string, Owner[]>();
    for (const construct of this.node.root.node.findAll()) {
      if (!ApiObject.isApiObject(construct) || construct.kind !== 'DaemonSet') {
        continue;
      }
      let manifest: any;
      try {
        manifest = construct.toJson();
      } catch {
        continue; // the object's own synthesis reports its error
      }
      const pod = manifest.spec?.template?.spec ?? {};
      // cdk8s-plus resources hold their object as the child 'Resource': name the resource.
      const path = construct.node.id === 'Resource' && construct.node.scope ? construct.node.scope.node.path : construct.node.path;
      const nodeSelector = pod.nodeSelector ?? {};
      for (const binding of hostPortBindings(pod)) {
        const key = `${binding.port}/${binding.protocol}`;
        const others = owners.get(key) ?? [];
        // Twice in one pod is reported by that DaemonSet's own validation.
        const clash = others.find(o => o.path !== path && overlaps(o.nodeSelector, nodeSelector) && sameHostPort(o, binding));
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
}

/** Two node selectors can select the same node unless they require different values for one key. */
function overlaps(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.entries(a).every(([key, value]) => b[key] === undefined || b[key] === value);
}
