import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import { DaemonSet, DaemonSetProps } from '../../../src';

/**
 * One input of the differential test, built through the library's public API, and how the
 * library judged it.
 */

/** The rule families of the API server's DaemonSet and pod template validation, and ours. */
export const FAMILIES = [
  'metadata and annotations',
  'names',
  'selector',
  'update strategy',
  'containers',
  'init containers',
  'ports',
  'env',
  'probes and lifecycle',
  'volumes',
  'dns',
  'scheduling',
  'security context',
  'resources',
  'patches',
  'generated pod specs',
] as const;
export type Family = typeof FAMILIES[number];

export interface Case {
  readonly family: Family;
  /** What the input is, as a sentence. */
  readonly name: string;
  /** Builds the DaemonSet in `chart` through the public API (props, cdk8s-plus calls, JSON patches). */
  readonly build: (chart: Chart) => void;
  /**
   * For an input the library refuses before it can serialize it (at construction, or when
   * cdk8s-plus itself throws while serializing), or one whose serialization would lose it (a patch
   * key cdk8s-plus drops): the same input as a change of the baseline manifest (`baseline()`),
   * which is what the API server is sent when the library refuses it.
   */
  readonly raw?: (manifest: any) => void;
  /**
   * The library-only rule (`stricter.ts`) that refuses this input although the API server admits
   * it. The test fails when the outcome differs.
   */
  readonly stricter?: string;
}

export const IMAGE = 'registry.example.com/agent:1.0.0';

/** Our DaemonSet `Agent` named `agent` with one container `main`, the baseline every case changes. */
export function agent(chart: Chart, props: DaemonSetProps = {}, container: Partial<kplus.ContainerProps> = {}): DaemonSet {
  const ds = new DaemonSet(chart, 'Agent', { metadata: { name: 'agent' }, ...props });
  if (!props.containers) {
    ds.addContainer({ name: 'main', image: IMAGE, ...container });
  }
  return ds;
}

/** Adds JSON patches to a construct's object (the third escape hatch). */
export function patch(ds: DaemonSet, ...ops: JsonPatch[]): DaemonSet {
  ApiObject.of(ds).addJsonPatch(...ops);
  return ds;
}

/** The pod spec of a manifest. */
export function podOf(manifest: any): any {
  return manifest.spec.template.spec;
}

/** The first container of a manifest. */
export function mainOf(manifest: any): any {
  return manifest.spec.template.spec.containers[0];
}

export type LibraryVerdict = 'refused at construction' | 'refused at synth' | 'accepted';

export interface LibraryOutcome {
  readonly verdict: LibraryVerdict;
  /** The error message, when refused. */
  readonly message: string;
  /** The manifest the API server is sent. */
  readonly manifest: any;
}

let baselineManifest: any;

/** The baseline DaemonSet as the library synthesizes it. */
export function baseline(): any {
  if (!baselineManifest) {
    const app = Testing.app();
    agent(new Chart(app, 'test'));
    baselineManifest = daemonSetOf(app.synthYaml());
  }
  return structuredClone(baselineManifest);
}

/**
 * How the library judges a case: it builds the case in a fresh app and synthesizes it with
 * `app.synthYaml()` (every validation of the app, as `cdk8s synth` runs them). The manifest sent
 * to the API server is the synthesized DaemonSet; for a refusal at synth, the same object
 * serialized without the validation pass (`ApiObject.of(ds).toJson()`); for a refusal before
 * that, the case's `raw` change of the baseline manifest.
 */
export function judge(c: Case): LibraryOutcome {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  try {
    c.build(chart);
  } catch (e) {
    return { verdict: 'refused at construction', message: (e as Error).message, manifest: rawManifest(c, e as Error) };
  }
  try {
    return { verdict: 'accepted', message: '', manifest: daemonSetOf(app.synthYaml()) };
  } catch (e) {
    const message = (e as Error).message;
    let manifest: any;
    try {
      manifest = c.raw ? rawManifest(c, e as Error) : daemonSetObject(app).toJson();
    } catch (serialization) {
      manifest = rawManifest(c, serialization as Error);
    }
    return { verdict: 'refused at synth', message, manifest };
  }
}

function rawManifest(c: Case, error: Error): any {
  if (!c.raw) {
    throw new Error(`case "${c.name}": the library refused it before serializing (${error.message.split('\n')[0]}), so it needs 'raw', the same input as a change of the baseline manifest`);
  }
  const manifest = baseline();
  c.raw(manifest);
  return manifest;
}

function daemonSetOf(yaml: string): any {
  const found = parseAllDocuments(yaml).map(d => d.toJS()).filter(o => o?.kind === 'DaemonSet');
  if (found.length !== 1) {
    throw new Error(`expected one DaemonSet, found ${found.length}`);
  }
  return found[0];
}

function daemonSetObject(app: App): ApiObject {
  const found = app.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'DaemonSet');
  if (found.length !== 1) {
    throw new Error(`expected one DaemonSet object, found ${found.length}`);
  }
  return found[0];
}

/** The props (fields) a library message names: `<path>: '<prop>' ...`. */
export function libraryFields(message: string): string[] {
  return [...message.matchAll(/[\w\-/.\]\[]+: '([^']+)' /g)].map(m => m[1]);
}

/** The fields an API server message names (`spec.template.spec.containers[0].name: Invalid value...`). */
export function serverFields(message: string): string[] {
  return [...message.matchAll(/(?:^|[\s\[,])\.?((?:metadata|spec)\.[\w.\-/\[\]="]*?)(?=: |\s*$)/gm)].map(m => m[1]);
}

/** The last element of a field path, without indexes, for comparing names (`dnsPolicy`, `successThreshold`). */
export function leaf(field: string): string {
  const parts = field.replace(/\[[^\]]*\]/g, '').split('.').filter(p => p);
  return normalize(parts[parts.length - 1] ?? '');
}

export function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}
