import { validateDaemonSet } from './apps/daemon-set';
import { checkBestPractices } from './best-practices';
import { exclusiveNodeResources } from './exclusive-node-resources';
import { collector } from './field';
import { Relaxation } from '../core/relaxation';

export { hostPortBindings, sameHostPort } from './pod/ports';
export type { HostPortBinding } from './pod/ports';

/**
 * The rules a synthesized DaemonSet manifest must obey: what the API server would reject, family
 * by family as k8s.io/kubernetes v1.34 validates a DaemonSet (`apps/`, `meta/`, `pod/`: see each
 * file), and the library's best practices with their relaxations (`best-practices.ts`).
 *
 * They run on the final Kubernetes JSON of the object (after JSON patches), so a value that
 * reaches the manifest any way at all is checked. Returns one message per problem (empty when
 * valid).
 */
export function validateDaemonSetManifest(path: string, manifest: any, relaxations: Relaxation[]): string[] {
  const { errors, err } = collector(path);
  const pod = manifest?.spec?.template?.spec ?? {};
  validateDaemonSet(err, manifest ?? {}, exclusiveNodeResources(pod, relaxations));
  checkBestPractices(err, manifest ?? {}, relaxations);
  return errors;
}
