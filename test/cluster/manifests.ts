import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { TestCluster } from './cluster';
import { KubeObject } from './kube-client';
import { gallery } from '../../scripts/gallery';
import { exampleApps } from '../../scripts/synth-examples';

/**
 * The configurations the cluster tests apply: every gallery entry (scripts/gallery.ts) and every
 * TypeScript example app, synthesized in this process against the sources, and the CRDs their
 * objects need.
 */

const ROOT = path.resolve(__dirname, '..', '..');

/** The objects one configuration synthesizes to. */
export interface Configuration {
  /** `gallery/<id>` or `examples/<name>`. */
  readonly id: string;
  readonly objects: KubeObject[];
}

/** Every gallery configuration. */
export function galleryConfigurations(): Configuration[] {
  return gallery().map(entry => {
    const app = new App();
    entry.build(app);
    return { id: `gallery/${entry.id}`, objects: app.charts.flatMap(c => c.toJson()) };
  });
}

/**
 * Every TypeScript example app, synthesized as its `main.ts` does (`app.synth()`), into a
 * temporary output directory. examples/python synthesizes the same YAML as examples/quickstart
 * (test/packaging checks it byte for byte), so it is covered by that one.
 */
export function exampleConfigurations(): Configuration[] {
  return exampleApps().filter(name => fs.existsSync(path.join(ROOT, 'examples', name, 'main.ts'))).map(name => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cluster-example-${name}-`));
    const previous = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir;
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(path.join(ROOT, 'examples', name, 'main.ts'));
      });
    } finally {
      if (previous === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = previous;
    }
    const objects = fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).sort()
      .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf-8')).map(d => d.toJS()))
      .filter(o => o);
    fs.rmSync(outdir, { recursive: true, force: true });
    return { id: `examples/${name}`, objects };
  });
}

/** Installs the CRDs of crds/ (ServiceMonitor, PrometheusRule) and waits until they are served. */
export async function installCrds(cluster: TestCluster): Promise<void> {
  const dir = path.join(ROOT, 'crds');
  const crds = fs.readdirSync(dir).filter(f => f.endsWith('.yaml'))
    .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf-8')).map(d => d.toJS()))
    .filter(o => o?.kind === 'CustomResourceDefinition');
  await cluster.apply(crds);
  await cluster.waitFor('the CRDs established', async () => {
    const all = await Promise.all(crds.map(c => cluster.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', c.metadata.name)));
    return all.every(c => c?.status?.conditions?.some((x: any) => x.type === 'Established' && x.status === 'True'));
  });
}

/**
 * The objects of a configuration moved into `namespace`: namespaced objects there (references to
 * their namespace too: RBAC subjects, a ServiceMonitor's namespaceSelector), cluster-scoped ones
 * renamed `<name>-<namespace>` (with the references to them), Namespace objects left out (their
 * labels are returned, for the test namespace). So configurations that name the same namespaces
 * and ClusterRoles can be applied side by side.
 */
export async function intoNamespace(cluster: TestCluster, objects: KubeObject[], namespace: string):
Promise<{ objects: KubeObject[]; namespaceLabels: Record<string, string> }> {
  const namespaceLabels: Record<string, string> = {};
  const renamed = new Map<string, string>();
  const moved: KubeObject[] = [];
  for (const original of objects) {
    const o = structuredClone(original);
    if (o.kind === 'Namespace') {
      Object.assign(namespaceLabels, o.metadata?.labels);
      continue;
    }
    if (await cluster.isNamespaced(o.apiVersion, o.kind)) {
      o.metadata = { ...o.metadata, namespace };
    } else {
      const name = `${o.metadata!.name}-${namespace}`;
      renamed.set(`${o.kind}/${o.metadata!.name}`, name);
      o.metadata = { ...o.metadata, name };
    }
    moved.push(o);
  }
  for (const o of moved) {
    for (const subject of o.subjects ?? []) {
      if (subject.namespace) subject.namespace = namespace;
    }
    if (o.roleRef?.kind === 'ClusterRole') o.roleRef.name = renamed.get(`ClusterRole/${o.roleRef.name}`) ?? o.roleRef.name;
    if (o.kind === 'ServiceMonitor' && o.spec?.namespaceSelector?.matchNames) o.spec.namespaceSelector.matchNames = [namespace];
  }
  return { objects: moved, namespaceLabels };
}
