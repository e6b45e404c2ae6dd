import { ApiObject, ApiObjectMetadataDefinition, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Size, Testing } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { DaemonSet } from '../../src';
import { apiObjectJson, metadataJson } from '../../src/core/private/serialize';

// The library serializes its own objects without cdk8s's per-value resolver walk when the app has
// only cdk8s's default resolvers. The output must be cdk8s's, whatever the value: these compare the
// two on random values, with and without patches and key sorting, and check that an app with a
// resolver of its own is served by cdk8s's walk.

const IMAGE = 'quay.io/example/agent:v1.0.0';

/** A random value of the kinds a typed object holds, resolvable by cdk8s's default resolvers. */
const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>(tie => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('value'), { maxKeys: 5 }),
    tie('value').map(v => Lazy.any({ produce: () => v })),
    fc.oneof(fc.string(), fc.integer()).map(v => (typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.Quantity.fromString(v))),
    tie('value').map(v => ({ resolve: () => v })),
  ),
})).value;

function objectWith(spec: unknown, app = Testing.app()): ApiObject {
  const c = new Chart(app, 'test');
  return new ApiObject(c, 'obj', { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'obj', labels: { b: '2', a: '1' } }, spec } as any);
}

/** What cdk8s's own toJson gives, or the message it throws. */
function cdk8sJson(obj: ApiObject): unknown {
  try {
    return ApiObject.prototype.toJson.call(obj);
  } catch (e) {
    return { threw: (e as Error).message };
  }
}

function libraryJson(obj: ApiObject): unknown {
  try {
    return apiObjectJson(obj);
  } catch (e) {
    return { threw: (e as Error).message };
  }
}

describe('the library serializes its objects exactly as cdk8s does', () => {
  test('random values: the same JSON, key order included', () => {
    fc.assert(fc.property(value, spec => {
      const obj = objectWith(spec);
      expect(JSON.stringify(libraryJson(obj))).toEqual(JSON.stringify(cdk8sJson(obj)));
    }), { seed: 20261202, numRuns: 500 });
  });

  test('random values with CDK8S_DISABLE_SORT: the same JSON, in insertion order', () => {
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      fc.assert(fc.property(value, spec => {
        const obj = objectWith(spec);
        expect(JSON.stringify(libraryJson(obj))).toEqual(JSON.stringify(cdk8sJson(obj)));
      }), { seed: 20261203, numRuns: 200 });
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('random metadata: the same JSON, with empty maps and lists left out as cdk8s leaves them out', () => {
    const text = fc.oneof(fc.string(), fc.string().map(v => Lazy.any({ produce: () => v })));
    const metadata = fc.record({
      name: fc.option(fc.string(), { nil: undefined }),
      namespace: fc.option(fc.string(), { nil: undefined }),
      labels: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), text, { maxKeys: 4 }), { nil: undefined }),
      annotations: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), text, { maxKeys: 4 }), { nil: undefined }),
      finalizers: fc.option(fc.array(fc.string(), { maxLength: 3 }), { nil: undefined }),
      extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), value, { maxKeys: 3 }),
    });
    fc.assert(fc.property(metadata, ({ extra, ...fields }) => {
      const obj = new ApiObject(new Chart(Testing.app(), 'test'), 'obj', { apiVersion: 'v1', kind: 'Thing', metadata: { ...extra, ...fields } as any });
      obj.metadata.addLabel('added', 'later');
      const expected = (() => {
        try {
          return JSON.stringify(ApiObjectMetadataDefinition.prototype.toJson.call(obj.metadata));
        } catch (e) {
          return (e as Error).message;
        }
      })();
      const actual = (() => {
        try {
          return JSON.stringify(metadataJson(obj.metadata));
        } catch (e) {
          return (e as Error).message;
        }
      })();
      expect(actual).toEqual(expected);
    }), { seed: 20261204, numRuns: 500 });
  });

  test('JSON patches apply after resolving, as in cdk8s', () => {
    const obj = objectWith({ list: [1, Lazy.any({ produce: () => 2 })], quantity: k8s.Quantity.fromString('64Mi') });
    obj.addJsonPatch(JsonPatch.add('/spec/list/-', 3), JsonPatch.replace('/spec/quantity/value', '128Mi'), JsonPatch.remove('/metadata/labels/a'));
    expect(apiObjectJson(obj)).toEqual(cdk8sJson(obj));
    expect(apiObjectJson(obj)).toMatchObject({ spec: { list: [1, 2, 3], quantity: { value: '128Mi' } }, metadata: { labels: { b: '2' } } });
  });

  test('a value cdk8s cannot render fails with cdk8s\'s message', () => {
    const obj = objectWith({ size: Size.mebibytes(64) });
    expect(libraryJson(obj)).toEqual(cdk8sJson(obj));
    expect(libraryJson(obj)).toEqual({ threw: expect.stringContaining('can\'t render non-simple object of type \'Size\'') });
  });

  test('an app with a resolver of its own is served by cdk8s\'s walk, and the DaemonSet shows what the resolver wrote', () => {
    class Registry implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (typeof context.value === 'string' && context.value.startsWith('quay.io/')) {
          context.replaceValue(context.value.replace('quay.io/', 'mirror.example.com/'));
        }
      }
    }
    const app = new App({ resolvers: [new Registry()] });
    expect(apiObjectJson(objectWith({ image: IMAGE }, app))).toBeUndefined();
    const ds = new DaemonSet(new Chart(app, 'agents'), 'Agent', { containers: [{ name: 'main', image: IMAGE }] });
    const manifest = app.synthYaml();
    expect(manifest).toContain('image: mirror.example.com/example/agent:v1.0.0');
    expect(manifest).not.toContain(`image: ${IMAGE}`);
    expect(ds.networkPolicy).toBeDefined();
  });

  test('an object whose root is not an app fails as cdk8s fails', () => {
    const obj = new ApiObject(new Chart(new Construct(undefined as any, ''), 'test'), 'obj', { apiVersion: 'v1', kind: 'Thing' });
    expect(apiObjectJson(obj)).toBeUndefined();
    expect(metadataJson(obj.metadata)).toBeUndefined();
    expect(() => ApiObject.prototype.toJson.call(obj)).toThrow(/Failed serializing construct at path 'test\/obj'/);
  });

  test('the DaemonSet, its NetworkPolicy and its ResourceQuota are what cdk8s writes for them', () => {
    const app = Testing.app();
    const ds = new DaemonSet(new Chart(app, 'agents'), 'Agent', { containers: [{ name: 'main', image: IMAGE, ports: [{ number: 8080 }] }] });
    for (const obj of [ds.networkPolicy!, ds.priorityClassQuota!]) {
      expect(obj.toJson()).toEqual((Object.getPrototypeOf(obj) as ApiObject).toJson.call(obj));
    }
    for (const metadata of [ds.podMetadata, ApiObject.of(ds).metadata, ds.networkPolicy!.metadata]) {
      expect(metadataJson(metadata)).toEqual(ApiObjectMetadataDefinition.prototype.toJson.call(metadata));
    }
    expect(ds.podMetadata.toJson()).toEqual(ApiObjectMetadataDefinition.prototype.toJson.call(ds.podMetadata));
    const typed = apiObjectJson(ApiObject.of(ds));
    expect(typed).toEqual(ApiObject.prototype.toJson.call(ApiObject.of(ds)));
  });
});
