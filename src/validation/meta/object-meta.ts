import { checkFormat, entries, Err, list } from '../field';
import { checkDnsLabel, checkDnsSubdomain, checkLabelValue, checkQualifiedName } from '../names';

/**
 * Object metadata, as k8s.io/apimachinery pkg/api/validation `ValidateObjectMetaAccessor` and
 * k8s.io/kubernetes pkg/apis/core/validation `ValidateObjectMeta` check it on create: the name and
 * namespace, labels, annotations (keys and their 256 KiB total), owner references and finalizers.
 */

/** `TotalAnnotationSizeLimitB`: the bytes of all annotation keys and values together. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** `ValidateObjectMeta` for a namespaced object whose name is a DNS subdomain (a DaemonSet). */
export function validateObjectMeta(err: Err, metadata: any): void {
  if (metadata.generateName !== undefined && metadata.generateName !== '') {
    checkFormat(err, 'metadata.generateName', metadata.generateName, v => checkDnsSubdomain(v.endsWith('-') ? `${v.slice(0, -1)}a` : v),
      'is not a valid name prefix', 'use a DNS-1123 subdomain, optionally ending in \'-\'');
  }
  // A name is required even with generateName: apply (kubectl or server-side) needs one.
  if (metadata.name === undefined || metadata.name === '') {
    err('metadata.name', 'is required', undefined, 'a DNS-1123 subdomain', 'set metadata.name');
  } else {
    checkFormat(err, 'metadata.name', metadata.name, checkDnsSubdomain, 'is not a valid name', 'set metadata.name to a valid DaemonSet name');
  }
  if (metadata.namespace !== undefined) {
    checkFormat(err, 'metadata.namespace', metadata.namespace, checkDnsLabel, 'is not a valid name', 'use a valid namespace name');
  }
  validateLabels(err, 'metadata.labels', metadata.labels);
  validateAnnotations(err, 'metadata.annotations', metadata.annotations);
  validateOwnerReferences(err, metadata.ownerReferences);
  validateFinalizers(err, metadata.finalizers);
}

/** `ValidateLabels`: qualified-name keys and label values. */
export function validateLabels(err: Err, prop: string, labels: unknown): void {
  for (const [key, value] of entries(labels)) {
    const keyProblem = checkQualifiedName(key);
    if (keyProblem) {
      err(prop, 'has an invalid key', key, keyProblem, 'rename the label');
    }
    const valueProblem = typeof value === 'string' ? checkLabelValue(value) : 'a string';
    if (valueProblem) {
      err(`${prop}.${key}`, 'has an invalid value', value, valueProblem, 'shorten or clean the value');
    }
  }
}

/**
 * `ValidateAnnotations`: each key is a qualified name once lower-cased (the API server ignores the
 * case of annotation keys, so `Example.com/Key` is valid), and keys and values together take at
 * most 256 KiB.
 */
export function validateAnnotations(err: Err, prop: string, annotations: unknown): void {
  let total = 0;
  for (const [key, value] of entries(annotations)) {
    const problem = checkQualifiedName(key.toLowerCase());
    if (problem) {
      err(prop, 'has an invalid key', key, `${problem} (upper-case letters are allowed)`, 'rename the annotation');
    }
    total += Buffer.byteLength(key) + Buffer.byteLength(String(value ?? ''));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    err(prop, `are too large: keys and values take ${total} bytes`, undefined, `at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes (256 KiB) in all`,
      'move large data to a ConfigMap and mount it');
  }
}

/** `ValidateOwnerReferences`: each names its owner fully; one at most is the controller. */
function validateOwnerReferences(err: Err, references: unknown): void {
  let controller: string | undefined;
  list(references).forEach((ref, i) => {
    const prop = `metadata.ownerReferences[${i}]`;
    const version = String(ref?.apiVersion ?? '').split('/').pop();
    if (!version) {
      err(`${prop}.apiVersion`, 'is required', ref?.apiVersion, 'the owner\'s apiVersion, e.g. apps/v1', 'set the apiVersion of the owner');
    }
    for (const field of ['kind', 'name', 'uid']) {
      if (!ref?.[field]) {
        err(`${prop}.${field}`, 'must not be empty', ref?.[field], `the owner's ${field}`, `set the ${field} of the owner`);
      }
    }
    if (ref?.apiVersion === 'v1' && ref?.kind === 'Event') {
      err(prop, 'names an Event as owner', ref, 'any owner but an Event', 'remove the owner reference');
    }
    if (ref?.controller === true) {
      const name = `${ref.kind}/${ref.name}`;
      if (controller !== undefined) {
        err('metadata.ownerReferences', `marks both ${controller} and ${name} as the controller`, name, 'one controller reference', 'set controller: true on one owner only');
      }
      controller = controller ?? name;
    }
  });
}

/**
 * `ValidateFinalizers` and core's `validateKubeFinalizerName`: qualified names, a name without a
 * '/' only if it is a standard finalizer, and not both `orphan` and `foregroundDeletion`.
 */
function validateFinalizers(err: Err, finalizers: unknown): void {
  const names = list(finalizers);
  names.forEach((name, i) => {
    const prop = `metadata.finalizers[${i}]`;
    const problem = typeof name === 'string' ? checkQualifiedName(name) : 'a string';
    if (problem) {
      err(prop, 'is not a valid finalizer name', name, problem, 'use a domain-qualified name such as example.com/cleanup');
    } else if (!name.includes('/') && !STANDARD_FINALIZERS.includes(name)) {
      err(prop, 'is neither a standard finalizer name nor fully qualified', name, `${STANDARD_FINALIZERS.join(', ')}, or a name with a domain prefix`,
        `use a domain-qualified name such as example.com/${name}`);
    }
  });
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    err('metadata.finalizers', 'sets both orphan and foregroundDeletion', names, 'one of the two', 'remove one of them');
  }
}
