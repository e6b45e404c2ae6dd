import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

/**
 * `ApiObject.toJson()` of cdk8s (before a generated class converts it to Kubernetes' shape), with
 * the same output, computed faster for the objects the library emits.
 *
 * cdk8s resolves every value of an object, leaf by leaf, through the app's resolvers: each call
 * finds the app by walking up the construct tree, allocates a resolution context and asks every
 * resolver. For an agent's DaemonSet that is a few hundred calls, and a large part of what the
 * library added to synthesis. cdk8s's three default resolvers replace only a `Lazy` (by
 * what it produces), a value with a `resolve()` method (by what it returns) and a class instance
 * with a string or number `value` (a Quantity, an IntOrString: by `{ value }`);
 * `resolveAndSanitize` does exactly that, and cdk8s's sanitizing, in one walk. It is used only
 * when the app has exactly those three resolvers; an app with resolvers of its own gets cdk8s's
 * walk (`undefined` here). The metadata is serialized the same way (`metadataJson`); the JSON
 * patches and the key order are cdk8s's. test/core/serialize.test.ts compares the two on random
 * values.
 *
 * It reads private fields of `ApiObject` (`props`, `patches`) and of its metadata definition: when
 * a cdk8s release renames them, this returns `undefined` (or the metadata's own `toJson()` runs)
 * and cdk8s's own serialization runs.
 */
export function apiObjectJson(apiObject: ApiObject): any | undefined {
  const { props, patches } = apiObject as unknown as { props?: unknown; patches?: unknown };
  if (!isPlainObject(props) || !Array.isArray(patches) || !hasDefaultResolvers(apiObject)) {
    return undefined;
  }
  try {
    const data = { ...props, metadata: resolvedMetadata(apiObject.metadata) ?? apiObject.metadata.toJson() };
    const json = resolveAndSanitize(data, process.env.CDK8S_DISABLE_SORT ? UNSORTED : OBJECT);
    const patched = patches.length > 0 ? JsonPatch.apply(json, ...patches) : json;
    // apiVersion, kind and metadata first, then the rest, as cdk8s orders them.
    const result: any = {};
    for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
      if (key in patched) {
        result[key] = patched[key];
      }
    }
    return result;
  } catch (e) {
    throw new Error(`Failed serializing construct at path '${apiObject.node.path}' with name '${apiObject.name}': ${e}`);
  }
}

/**
 * `ApiObjectMetadataDefinition.toJson()` of cdk8s (an object's `metadata`, or a workload's pod
 * metadata), with the same output, in one walk: as `apiObjectJson`, when the app has only cdk8s's
 * default resolvers and the definition's fields are where cdk8s 2 keeps them; `undefined` otherwise.
 */
export function metadataJson(metadata: ApiObjectMetadataDefinition): any | undefined {
  const apiObject = (metadata as unknown as { apiObject?: unknown }).apiObject;
  return ApiObject.isApiObject(apiObject) && hasDefaultResolvers(apiObject) ? resolvedMetadata(metadata) : undefined;
}

/** `metadataJson` once the app's resolvers are known to be the defaults. */
function resolvedMetadata(metadata: ApiObjectMetadataDefinition): any | undefined {
  const m = metadata as unknown as Record<string, any>;
  if (!isPlainObject(m._additionalAttributes) || !isPlainObject(m.labels) || !isPlainObject(m.annotations)
    || !Array.isArray(m.finalizers) || !Array.isArray(m.ownerReferences)) {
    return undefined;
  }
  return resolveAndSanitize({
    ...m._additionalAttributes,
    name: metadata.name,
    namespace: metadata.namespace,
    annotations: m.annotations,
    finalizers: m.finalizers,
    ownerReferences: m.ownerReferences,
    labels: m.labels,
  }, METADATA);
}

/**
 * Makes `metadata.toJson()` use `metadataJson`: for metadata that cdk8s-plus serializes itself (a
 * workload's pod metadata, in its `_toKube()`). An object's own metadata needs none of this:
 * `apiObjectJson` serializes it.
 */
export function serializeMetadataFaster(metadata: ApiObjectMetadataDefinition): void {
  metadata.toJson = () => metadataJson(metadata) ?? ApiObjectMetadataDefinition.prototype.toJson.call(metadata);
}

/**
 * Makes `apiObject.toJson()` use `apiObjectJson`, then convert as its generated class `kube` of
 * cdk8s-plus-28's imports does (`kube.manifest()` is the same `{ ...GVK, ...toJson_<Kind>Props() }`
 * as its `toJson()`).
 */
export function serializeFaster<T extends ApiObject>(apiObject: T, kube: GeneratedKind): T {
  apiObject.toJson = () => {
    const json = apiObjectJson(apiObject);
    return json === undefined ? kube.prototype.toJson.call(apiObject) : kube.manifest(json);
  };
  return apiObject;
}

/** A generated class of cdk8s-plus-28's imports (`k8s.KubeNetworkPolicy`). */
interface GeneratedKind {
  readonly prototype: ApiObject;
  manifest(props: any): any;
}

/** Whether the app's resolvers are exactly cdk8s's three defaults (an app adds its own before them). */
function hasDefaultResolvers(apiObject: ApiObject): boolean {
  const resolvers: any[] | undefined = App.of(apiObject).resolvers;
  return Array.isArray(resolvers) && resolvers.length === 3
    && resolvers[0].constructor === LazyResolver
    && resolvers[1].constructor === ImplicitTokenResolver
    && resolvers[2].constructor === NumberStringUnionResolver;
}

/** How cdk8s's `sanitizeValue()` is called: on an object (keys sorted unless disabled) or its metadata. */
interface SanitizeOptions {
  readonly sortKeys: boolean;
  /** Empty arrays and objects left out (metadata: no `annotations: {}`). */
  readonly filterEmpty: boolean;
}

const OBJECT: SanitizeOptions = { sortKeys: true, filterEmpty: false };
const UNSORTED: SanitizeOptions = { sortKeys: false, filterEmpty: false };
const METADATA: SanitizeOptions = { sortKeys: true, filterEmpty: true };

/**
 * `sanitizeValue(resolve(value))` of cdk8s, with its default resolvers tried in the same order, in
 * one walk: a value is replaced until no resolver replaces it, then plain objects and arrays are
 * walked (null and undefined left out); anything else is what cdk8s's sanitizing makes of an
 * unresolved value.
 */
export function resolveAndSanitize(value: any, options: SanitizeOptions): any {
  for (;;) {
    if (value == null) {
      return undefined;
    }
    // A string, number or boolean: no resolver replaces it, and sanitizing keeps it.
    if (typeof value !== 'object' && typeof value !== 'function') {
      return value;
    }
    if (value instanceof Lazy) {
      value = value.produce();
    } else if (typeof value.resolve === 'function') {
      value = value.resolve();
    } else if (value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string')) {
      value = { value: value.value };
    } else {
      break;
    }
  }
  if (typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    if (options.filterEmpty && value.length === 0) {
      return undefined;
    }
    const items = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      items[i] = resolveAndSanitize(value[i], options);
    }
    return items;
  }
  if (value.constructor !== Object) {
    return sanitize(value, options);
  }
  // The keys whose value is set (null and undefined are left out whatever resolves them), sorted.
  const keys: string[] = [];
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key) && value[key] != null) {
      keys.push(key);
    }
  }
  if (options.sortKeys) {
    keys.sort();
  }
  const result: any = {};
  let empty = true;
  for (const key of keys) {
    const resolved = resolveAndSanitize(value[key], options);
    if (resolved != null) {
      result[key] = resolved;
      empty = false;
    }
  }
  return options.filterEmpty && empty ? undefined : result;
}

/** cdk8s's `sanitizeValue()` (on what resolving left as it was). */
function sanitize(value: any, options: SanitizeOptions): any {
  if (value == null) {
    return undefined;
  }
  if (typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return options.filterEmpty && value.length === 0 ? undefined : value.map(v => sanitize(v, options));
  }
  if (value.constructor.name !== 'Object') {
    throw new Error(`can't render non-simple object of type '${value.constructor.name}'`);
  }
  const result: any = {};
  const keys = options.sortKeys ? Object.keys(value).sort() : Object.keys(value);
  for (const key of keys) {
    const sanitized = sanitize(value[key], options);
    if (sanitized != null) {
      result[key] = sanitized;
    }
  }
  return options.filterEmpty && Object.keys(result).length === 0 ? undefined : result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
