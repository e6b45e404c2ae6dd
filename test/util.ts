import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';

/**
 * Synthesizes a chart (running every validation of the app, as `cdk8s synth` does) and checks
 * each object against its schema (validateSchema).
 */
export function synth(c: Chart): any[] {
  const manifests = Testing.synth(c);
  for (const manifest of manifests) {
    validateSchema(manifest);
  }
  return manifests;
}

/** The one object of `kind` among `manifests`; fails the test unless there is exactly one. */
export function onlyOfKind(manifests: any[], kind: string): any {
  const found = manifests.filter(m => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The only DaemonSet of a synthesized chart. */
export function synthDaemonSet(c: Chart): any {
  return onlyOfKind(synth(c), 'DaemonSet');
}

/** The error message synth fails with. Fails the test if synth succeeds. */
export function synthError(c: Chart): string {
  try {
    Testing.synth(c);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail, but it succeeded');
}

/**
 * Validates one object against its schema: a custom resource against its CRD's schema (crds/),
 * anything else against the Kubernetes OpenAPI schema (kubernetes-models). Throws on an invalid
 * object.
 */
export function validateSchema(manifest: any): void {
  const validateCustom = crdValidators().get(`${manifest.apiVersion} ${manifest.kind}`);
  if (validateCustom) {
    if (!validateCustom(manifest)) {
      throw new Error(`invalid ${manifest.kind}, not matching its CRD: ${JSON.stringify(validateCustom.errors)}`);
    }
    return;
  }
  const [group, version] = manifest.apiVersion.includes('/') ? manifest.apiVersion.split('/') : ['', manifest.apiVersion];
  const modulePath = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const models = require(modulePath);
  const Model = models[manifest.kind];
  if (!Model) {
    throw new Error(`no schema for ${manifest.apiVersion} ${manifest.kind}`);
  }
  new Model(manifest).validate();
}

/** A fresh chart in a fresh app. */
export function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

/** The checkov skip annotation of `id` (`checkov.io/skipN: <id>=<reason>`), without its key's number. */
export function checkovSkip(annotations: Record<string, string> | undefined, id: string): string | undefined {
  return Object.entries(annotations ?? {}).find(([key, value]) => key.startsWith('checkov.io/skip') && value.startsWith(`${id}=`))?.[1];
}

let validators: Map<string, ValidateFunction> | undefined;

/**
 * The openAPIV3Schema of every served version of the CRDs in crds/ (the Prometheus Operator's),
 * compiled once, by `<apiVersion> <kind>`.
 */
function crdValidators(): Map<string, ValidateFunction> {
  if (validators) {
    return validators;
  }
  const ajv = new Ajv({
    // Not strict: the schemas carry the x-kubernetes-* keywords.
    strict: false,
    allErrors: true,
    // The CRDs' patterns are Go regular expressions: `(?i)` is Go's case-insensitive flag.
    code: {
      regExp: Object.assign(
        (pattern: string, flags: string) => pattern.includes('(?i)') ? new RegExp(pattern.replace('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags),
        { code: 'new RegExp' },
      ),
    },
  });
  // The OpenAPI formats the schemas use (int32, int64, date-time...).
  addFormats(ajv);
  validators = new Map();
  const dir = path.join(__dirname, '..', 'crds');
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml'))) {
    for (const crd of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf-8')).map(d => d.toJS())) {
      if (crd?.kind !== 'CustomResourceDefinition') {
        continue;
      }
      for (const version of crd.spec.versions.filter((v: any) => v.served)) {
        validators.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, ajv.compile(version.schema.openAPIV3Schema));
      }
    }
  }
  return validators;
}
