import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkNamespaces, FleetObject } from './analysis';
import { evaluatePodSecurity } from './pod-security';
import { AppSnapshot, objectPath } from '../core/private/app-check';

/** Every object of `kind` in the app, serialized (objects that fail to serialize report it themselves). */
export function appObjects(constructs: readonly IConstruct[], kind: string): FleetObject[] {
  const objects: FleetObject[] = [];
  for (const construct of constructs) {
    if (!ApiObject.isApiObject(construct) || construct.kind !== kind) {
      continue;
    }
    try {
      objects.push({ manifest: construct.toJson(), source: objectPath(construct) });
    } catch {
      // the object's own synthesis reports its error
    }
  }
  return objects;
}

/**
 * The app check that every Namespace the app emits with a `pod-security.kubernetes.io/enforce`
 * label admits the pods of the DaemonSets placed in it.
 */
export function namespacePodSecurity({ daemonSets, constructs }: AppSnapshot): string[] {
  const namespaces = appObjects(constructs, 'Namespace');
  const names = new Set(namespaces.map(n => n.manifest.metadata?.name));
  const placed = daemonSets.filter(d => names.has(d.manifest.metadata?.namespace)).map(d => {
    const template = d.manifest.spec?.template ?? {};
    const { level, findings } = evaluatePodSecurity(template.spec, template.metadata?.annotations ?? {});
    return { manifest: d.manifest, source: d.path, level, findings };
  });
  return checkNamespaces(placed, namespaces).problems;
}
