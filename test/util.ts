import { Chart, Testing } from 'cdk8s';

/**
 * Synthesizes a chart (running every validation of the app, as `cdk8s synth` does) and checks
 * each object against the Kubernetes OpenAPI schema with kubernetes-models.
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

/** Validates one object against its schema (kubernetes-models); throws on an invalid object. */
export function validateSchema(manifest: any): void {
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
