import { ApiObject, JsonPatch } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { apiObjectJson } from './serialize';

/**
 * The final manifest of a DaemonSet and what its JSON patches did to it.
 *
 * cdk8s applies `ApiObject.of(ds).addJsonPatch(...)` to cdk8s-plus's typed object, before cdk8s-plus
 * converts it to Kubernetes' shape (`hostPid` becomes `hostPID`, `{ value: '10%' }` becomes
 * `'10%'`), and the conversion drops every key it does not know without a word: a patch with a
 * Kubernetes-cased key, a plain string where a quantity or int-or-string is expected, or a field
 * cdk8s-plus-28's Kubernetes 1.28 types lack. This serializes the object as cdk8s-plus does, in
 * one pass, and reports each such key with the key that would work. It also records which paths
 * the patches touched, so that defaults that depend on the pod are decided after them.
 */
export class FinalManifest {
  private readonly paths: string[] = [];

  constructor(private readonly apiObject: ApiObject) {
    const addJsonPatch = apiObject.addJsonPatch.bind(apiObject);
    apiObject.addJsonPatch = (...ops: JsonPatch[]) => {
      for (const op of ops) {
        const { path, from } = op._toJson();
        this.paths.push(path, ...(typeof from === 'string' ? [from] : []));
      }
      addJsonPatch(...ops);
    };
  }

  /** Whether the object has JSON patches. */
  public get patched(): boolean {
    return this.paths.length > 0;
  }

  /** Whether a JSON patch changed `pointer`, something inside it, or something that holds it. */
  public touched(pointer: string): boolean {
    return this.paths.some(p => p === '' || p === pointer || pointer.startsWith(`${p}/`) || p.startsWith(`${pointer}/`));
  }

  /** The object in Kubernetes' shape, and the patched keys the conversion dropped. */
  public serialize(): { manifest: any; dropped: DroppedKey[] } {
    // ApiObject's own toJson: the typed object, resolved, sanitized and patched.
    const typed = apiObjectJson(this.apiObject) ?? ApiObject.prototype.toJson.call(this.apiObject);
    const manifest = convert(typed);
    if (this.paths.length === 0) {
      return { manifest, dropped: [] };
    }
    const dropped = droppedKeys(typed, manifest);
    // A dropped map value stays as an undefined entry (limits.cpu: undefined): JSON and YAML leave it out.
    return { manifest: dropped.length > 0 ? withoutUndefined(manifest) : manifest, dropped };
  }
}

/** A key the conversion to Kubernetes' shape dropped. */
export interface DroppedKey {
  /** Where, as a field path of the manifest (`spec.template.spec.hostPID`). */
  readonly field: string;
  /** The JSON pointer a patch wrote it to. */
  readonly pointer: string;
  readonly value: unknown;
  /** What to patch instead, when there is such a thing. */
  readonly instead?: { readonly pointer: string; readonly value: unknown };
}

function convert(typed: any): any {
  return { ...k8s.KubeDaemonSet.GVK, ...k8s.toJson_KubeDaemonSetProps(typed) };
}

/** The keys of `typed` whose value does not reach `converted`. */
function droppedKeys(typed: any, converted: any): DroppedKey[] {
  const found: { pointer: string; field: string; value: unknown }[] = [];
  walk(typed, converted, '', '', found);
  return found.map(d => ({ ...d, instead: alternative(typed, d.pointer, d.value) }));
}

function walk(t: any, k: any, pointer: string, field: string, found: { pointer: string; field: string; value: unknown }[]): void {
  if (Array.isArray(t)) {
    t.forEach((item, i) => walk(item, Array.isArray(k) ? k[i] : undefined, `${pointer}/${i}`, `${field}[${i}]`, found));
    return;
  }
  if (!isObject(t)) {
    return;
  }
  // A quantity or int-or-string in cdk8s-plus's shape ({ value }) becomes its value.
  if (!isObject(k) && Object.keys(t).length === 1 && 'value' in t) {
    return;
  }
  for (const [key, value] of Object.entries(t)) {
    if (value === undefined || (pointer === '' && (key === 'apiVersion' || key === 'kind'))) {
      continue;
    }
    // Conversion renames some keys (hostPid to hostPID): the match ignores case.
    const match = isObject(k) ? (key in k ? key : Object.keys(k).find(c => c.toLowerCase() === key.toLowerCase() && !(c in t))) : undefined;
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const name = field ? `${field}.${key}` : key;
    if (match === undefined || k[match] === undefined) {
      found.push({ pointer: at, field: name, value });
    } else {
      walk(value, k[match], at, field ? `${field}.${match}` : match, found);
    }
  }
}

/**
 * What works instead of a dropped key, tried on the conversion itself: the key as cdk8s-plus
 * spells it (hostPID as hostPid), or the value in cdk8s-plus's shape ({ value: '25%' }).
 */
function alternative(typed: any, pointer: string, value: unknown): { pointer: string; value: unknown } | undefined {
  const parts = pointer.split('/');
  const key = parts.pop()!.replace(/~1/g, '/').replace(/~0/g, '~');
  const camel = key.replace(/[A-Z]{2,}/g, run => run[0] + run.slice(1).toLowerCase());
  const candidates: { key: string; value: unknown }[] = [];
  if (camel !== key) {
    candidates.push({ key: camel, value });
  }
  if (!isObject(value) && !Array.isArray(value)) {
    candidates.push({ key, value: { value } });
  }
  for (const candidate of candidates) {
    const trial = structuredClone(typed);
    const parent = parts.slice(1).reduce((o: any, p) => o?.[p.replace(/~1/g, '/').replace(/~0/g, '~')], trial);
    if (!isObject(parent)) {
      continue;
    }
    delete parent[key];
    parent[candidate.key] = candidate.value;
    const target = [...parts, candidate.key.replace(/~/g, '~0').replace(/\//g, '~1')].join('/');
    if (!droppedKeys0(trial).includes(target)) {
      return { pointer: target, value: candidate.value };
    }
  }
  return undefined;
}

function droppedKeys0(typed: any): string[] {
  const found: { pointer: string; field: string; value: unknown }[] = [];
  walk(typed, convert(typed), '', '', found);
  return found.map(d => d.pointer);
}

function withoutUndefined(value: any): any {
  if (Array.isArray(value)) {
    return value.map(withoutUndefined);
  }
  if (!isObject(value)) {
    return value;
  }
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)]));
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
