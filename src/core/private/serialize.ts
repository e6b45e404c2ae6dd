import { ApiObject, App, GroupVersionKind, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

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
 * walk (`undefined` here). The JSON patches and the key order are cdk8s's.
 * test/core/serialize.test.ts compares the two on random values.
 *
 * It reads two private fields of `ApiObject` (`props`, `patches`): when a cdk8s release renames
 * them, this returns `undefined` and cdk8s's own `toJson()` runs.
 */
export function apiObjectJson(apiObject: ApiObject): any | undefined {
  const { props, patches } = apiObject as unknown as { props?: unknown; patches?: unknown };
  if (!isPlainObject(props) || !Array.isArray(patches) || !hasDefaultResolvers(apiObject)) {
    return undefined;
  }
  try {
    const data = { ...props, metadata: apiObject.metadata.toJson() };
    const json = resolveAndSanitize(data, !process.env.CDK8S_DISABLE_SORT);
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
 * Makes `apiObject.toJson()` use `apiObjectJson`, then convert as the generated class `kube` of
 * cdk8s-plus-28's imports does (`{ ...GVK, ...toJson_<Kind>Props(json) }`).
 */
export function serializeFaster<T extends ApiObject>(apiObject: T, kube: GeneratedKind, convert: (json: any) => any): T {
  apiObject.toJson = () => {
    const json = apiObjectJson(apiObject);
    return json === undefined ? kube.prototype.toJson.call(apiObject) : { ...kube.GVK, ...convert(json) };
  };
  return apiObject;
}

/** A generated class of cdk8s-plus-28's imports (`k8s.KubeNetworkPolicy`). */
interface GeneratedKind {
  readonly GVK: GroupVersionKind;
  readonly prototype: ApiObject;
}

/** Whether the app's resolvers are exactly cdk8s's three defaults (an app adds its own before them). */
function hasDefaultResolvers(apiObject: ApiObject): boolean {
  const resolvers: any[] | undefined = App.of(apiObject).resolvers;
  return Array.isArray(resolvers) && resolvers.length === 3
    && resolvers[0].constructor === LazyResolver
    && resolvers[1].constructor === ImplicitTokenResolver
    && resolvers[2].constructor === NumberStringUnionResolver;
}

/**
 * `sanitizeValue(resolve(value))` of cdk8s, with its default resolvers tried in the same order, in
 * one walk: a value is replaced until no resolver replaces it, then plain objects and arrays are
 * walked (keys sorted, null and undefined left out); anything else is what cdk8s's sanitizing
 * makes of an unresolved value.
 */
export function resolveAndSanitize(value: any, sortKeys: boolean): any {
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
    return value.map(v => resolveAndSanitize(v, sortKeys));
  }
  if (value.constructor !== Object) {
    return sanitize(value, sortKeys);
  }
  const result: any = {};
  const keys = sortKeys ? Object.keys(value).sort() : Object.keys(value);
  for (const key of keys) {
    const resolved = resolveAndSanitize(value[key], sortKeys);
    if (resolved != null) {
      result[key] = resolved;
    }
  }
  return result;
}

/** cdk8s's `sanitizeValue()` as `ApiObject.toJson()` calls it (on what resolving left as it was). */
function sanitize(value: any, sortKeys: boolean): any {
  if (value == null) {
    return undefined;
  }
  if (typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(v => sanitize(v, sortKeys));
  }
  if (value.constructor.name !== 'Object') {
    throw new Error(`can't render non-simple object of type '${value.constructor.name}'`);
  }
  const result: any = {};
  const keys = sortKeys ? Object.keys(value).sort() : Object.keys(value);
  for (const key of keys) {
    const sanitized = sanitize(value[key], sortKeys);
    if (sanitized != null) {
      result[key] = sanitized;
    }
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
