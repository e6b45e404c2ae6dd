import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import { connectCluster } from './cluster';
import { KubeObject, Outcome } from './kube-client';
import { gallery } from '../../scripts/gallery';
import { exampleApps, linkSelf, synthExample } from '../../scripts/synth-examples';
import { DaemonSet } from '../../src';
import { analyzeFleet } from '../../src/fleet/analysis';
import { levelRank, PodSecurityLevel } from '../../src/fleet/pod-security-level';

// Every object of every example app (synthesized with the real `cdk8s synth`, as
// `npm run examples` does) and of the gallery (scripts/gallery.ts) goes through the API server
// with a server-side dry-run, into fresh namespaces that enforce and warn at the Pod Security level
// the fleet view claims for them; so do the pods their DaemonSets would create. The API server
// must admit every one with no warning. One level stricter, it must warn on each DaemonSet below
// that level and reject its pods: the claimed level is exactly the one the pods satisfy. A few edge
// cases built with the library check the same where the fleet view and the API server could part.

const ROOT = path.resolve(__dirname, '..', '..');
const LEVELS = [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];

/** One example app or gallery configuration, with its synthesized objects. */
interface Config {
  /** `example <name>` or `gallery <id>`. */
  readonly label: string;
  /** A DNS label to start its namespaces' names with. */
  readonly prefix: string;
  readonly objects: KubeObject[];
  /** The Pod Security level the fleet view claims for each namespace holding its DaemonSets. */
  readonly claims: Map<string, PodSecurityLevel>;
  /** Each DaemonSet's own level (`namespace/name`). */
  readonly daemonSetLevels: Map<string, PodSecurityLevel>;
}

/**
 * Synthesized here with `cdk8s synth`, not read from dist/examples/ (`npm run examples`), which may
 * be missing or older than the library. The examples run against the compiled library (lib/),
 * which `npm test` builds first.
 */
function exampleConfigs(): Config[] {
  linkSelf();
  const names = exampleApps();
  if (names.length === 0) {
    throw new Error(`no example app under ${path.join(ROOT, 'examples')}`);
  }
  return names.map(name => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), `admission-${name}-`));
    const objects = synthExample(name, outDir)
      .flatMap(file => parseAllDocuments(fs.readFileSync(path.join(outDir, file), 'utf-8')).map(d => d.toJS()))
      .filter(o => o);
    fs.rmSync(outDir, { recursive: true, force: true });
    return config(`example ${name}`, `example-${name}`, objects);
  });
}

function galleryConfigs(): Config[] {
  return gallery().map(entry => {
    const app = new App();
    entry.build(app);
    return config(`gallery ${entry.id}`, entry.id, app.charts.flatMap(chart => chart.toJson()));
  });
}

function namespaceOf(o: KubeObject): string {
  return o.metadata?.namespace ?? 'default';
}

function daemonSetName(o: KubeObject): string {
  return `${namespaceOf(o)}/${o.metadata?.name}`;
}

/**
 * The fleet view of the objects: the level each DaemonSet's pods satisfy, and for each namespace
 * that holds DaemonSets the level it claims the namespace can enforce (for a namespace the
 * objects do not emit, as if they did).
 */
function config(label: string, prefix: string, objects: KubeObject[]): Config {
  if (objects.length === 0) {
    throw new Error(`${label}: no objects`);
  }
  const daemonSets = objects.filter(o => o.kind === 'DaemonSet');
  const emitted = new Set(objects.filter(o => o.kind === 'Namespace').map(o => o.metadata?.name));
  const missing = [...new Set(daemonSets.map(namespaceOf))].filter(n => !emitted.has(n));
  const analysis = analyzeFleet([
    ...objects.map(o => ({ manifest: o.kind === 'DaemonSet' ? { ...o, metadata: { ...o.metadata, namespace: namespaceOf(o) } } : o, source: label })),
    ...missing.map(name => ({ manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, source: label })),
  ], { nodeCount: 1 });
  const claims = new Map(analysis.namespaces.filter(n => n.daemonSets.length > 0).map(n => [n.name, n.neededLevel]));
  const daemonSetLevels = new Map(analysis.daemonSets.map(d => [`${d.namespace}/${d.name}`, d.podSecurityLevel]));
  return { label, prefix, objects, claims, daemonSetLevels };
}

function describeClaims(c: Config): string {
  return [...c.claims.entries()].map(([ns, level]) => `${ns}: ${level}`).join(', ');
}

/** The least strict level of the config's namespaces, and the next stricter one (undefined for restricted). */
function stricterThanClaimed(c: Config): PodSecurityLevel | undefined {
  const least = Math.min(...[...c.claims.values()].map(levelRank));
  return LEVELS[least + 1];
}

/**
 * Pods the examples and the gallery do not cover, where the fleet view's level and the API
 * server's could part: a Pod Security check that only a stricter level than the pod's others
 * would show.
 */
function edgeCases(): Config[] {
  const probeHost = new Chart(new App(), 'probe-host');
  new DaemonSet(probeHost, 'Agent', { metadata: { name: 'agent', namespace: 'agents' } }).addContainer({
    name: 'agent',
    image: 'registry.example.com/agent:1.0.0',
    ports: [{ number: 8080 }],
    // Policy version 1.34 on, a host in a probe is a baseline violation, the pod's only one.
    liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8080, host: '127.0.0.1' }),
    readiness: kplus.Probe.fromTcpSocket({ port: 8080 }),
  });
  return [config('case probe-host', 'probe-host', probeHost.toJson())];
}

const judged = [...exampleConfigs(), ...galleryConfigs()];
const configs = [...judged, ...edgeCases()];
const cluster = connectCluster();

/** A pod as the DaemonSet controller creates it from the template (without the node it targets). */
function podOf(daemonSet: KubeObject, namespace: string): KubeObject {
  const template = daemonSet.spec?.template ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${daemonSet.metadata?.name}-pod`, namespace, labels: template.metadata?.labels, annotations: template.metadata?.annotations },
    spec: template.spec,
  };
}

/**
 * A fresh namespace enforcing and warning at `level`, holding the config's ServiceAccounts (for
 * real: a pod is admitted only with its ServiceAccount in place) and its `default` one.
 */
async function namespaceAt(c: Config, level: PodSecurityLevel, serviceAccounts: KubeObject[]): Promise<string> {
  const name = await cluster.createNamespace(c.prefix, {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/warn': level,
  });
  await cluster.apply(serviceAccounts.map(sa => ({ ...sa, metadata: { ...sa.metadata, namespace: name } })));
  await cluster.waitFor(`ServiceAccount ${name}/default`, async () => (await cluster.get('v1', 'ServiceAccount', 'default', name)) !== undefined);
  return name;
}

/** `<config>: <kind> <namespace>/<name>: ...` for each rejection and each warning. */
function problems(c: Config, sent: { original: KubeObject; outcome: Outcome }[]): string[] {
  return sent.flatMap(({ original, outcome }) => {
    const what = `${c.label}: ${original.kind} ${original.metadata?.namespace ? `${original.metadata.namespace}/` : ''}${original.metadata?.name}`;
    return [
      ...(outcome.accepted ? [] : [`${what}: rejected (${outcome.code} ${outcome.reason ?? ''}): ${outcome.message}`]),
      ...outcome.warnings.map(w => `${what}: warning: ${w}`),
    ];
  });
}

beforeAll(async () => {
  // The Prometheus Operator CRDs the custom resources are generated from, so they are validated too.
  const crds = fs.readdirSync(path.join(ROOT, 'crds')).filter(f => f.endsWith('.yaml'))
    .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(ROOT, 'crds', f), 'utf-8')).map(d => d.toJS()))
    .filter(o => o?.kind === 'CustomResourceDefinition');
  expect(crds.length).toBeGreaterThan(0);
  await cluster.apply(crds);
  for (const crd of crds) {
    await cluster.waitFor(`CRD ${crd.metadata.name} established`, async () => {
      const current = await cluster.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', crd.metadata.name);
      return current?.status?.conditions?.some((cond: any) => cond.type === 'Established' && cond.status === 'True');
    });
  }
});

afterAll(() => cluster.close());

test('every example app and every gallery configuration is judged', () => {
  expect(judged.map(c => c.label)).toEqual([...exampleApps().map(n => `example ${n}`), ...gallery().map(e => `gallery ${e.id}`)]);
  for (const c of configs) {
    expect(c.claims.size).toBeGreaterThan(0);
  }
});

describe.each(configs.map(c => [c.label, c] as const))('%s', (_label, c) => {
  test(`admits every object and the pods of every DaemonSet, with no warning, in namespaces that enforce the level the fleet view claims (${describeClaims(c)})`, async () => {
    // Each namespace of the config becomes a fresh one labelled with its claimed level (restricted
    // for one without DaemonSets).
    const namespaced = new Map<KubeObject, boolean>();
    for (const o of c.objects) namespaced.set(o, await cluster.isNamespaced(o.apiVersion, o.kind));
    const serviceAccounts = c.objects.filter(o => o.kind === 'ServiceAccount');
    const placed = new Map<string, string>();
    for (const ns of new Set(c.objects.filter(o => namespaced.get(o)).map(namespaceOf))) {
      placed.set(ns, await namespaceAt(c, c.claims.get(ns) ?? PodSecurityLevel.RESTRICTED, serviceAccounts.filter(sa => namespaceOf(sa) === ns)));
    }
    const into = (o: KubeObject) => namespaced.get(o) ? { ...o, metadata: { ...o.metadata, namespace: placed.get(namespaceOf(o)) } } : o;

    const objects = c.objects.map(original => ({ original, sent: into(original) }));
    const pods = c.objects.filter(o => o.kind === 'DaemonSet').map(ds => ({ original: { ...ds, kind: 'Pod of DaemonSet' }, sent: podOf(ds, placed.get(namespaceOf(ds))!) }));
    const sent = [...objects, ...pods];
    const outcomes = await cluster.dryRun(sent.map(s => s.sent));
    expect(outcomes).toHaveLength(sent.length);
    expect(problems(c, sent.map((s, i) => ({ original: s.original, outcome: outcomes[i] })))).toEqual([]);
  });

  const stricter = stricterThanClaimed(c);
  if (stricter) {
    test(`one level stricter ('${stricter}'), warns on each DaemonSet whose pods satisfy less and rejects those pods`, async () => {
      const serviceAccounts = c.objects.filter(o => o.kind === 'ServiceAccount');
      const namespace = await namespaceAt(c, stricter, serviceAccounts);
      const daemonSets = c.objects.filter(o => o.kind === 'DaemonSet');
      const [dsOutcomes, podOutcomes] = [
        await cluster.dryRun(daemonSets.map(ds => ({ ...ds, metadata: { ...ds.metadata, namespace } }))),
        await cluster.dryRun(daemonSets.map(ds => podOf(ds, namespace))),
      ];
      const verdicts = daemonSets.map((ds, i) => ({
        daemonSet: daemonSetName(ds),
        level: c.daemonSetLevels.get(daemonSetName(ds)),
        daemonSetAdmitted: dsOutcomes[i].accepted,
        warning: dsOutcomes[i].warnings.filter(w => w.startsWith(`would violate PodSecurity "${stricter}:latest"`)).length,
        otherWarnings: dsOutcomes[i].warnings.filter(w => !w.startsWith('would violate PodSecurity')),
        podRejectedByPodSecurity: !podOutcomes[i].accepted && podOutcomes[i].code === 403 && podOutcomes[i].message.includes(`violates PodSecurity "${stricter}:latest"`),
        podAdmitted: podOutcomes[i].accepted,
        serverSaid: [...dsOutcomes[i].warnings, podOutcomes[i].message].filter(m => m),
      }));
      const below = (level?: PodSecurityLevel) => level !== undefined && levelRank(level) < levelRank(stricter);
      expect(verdicts.some(v => below(v.level))).toBe(true);
      expect(verdicts).toEqual(verdicts.map(v => ({
        ...v,
        daemonSetAdmitted: true,
        warning: below(v.level) ? 1 : 0,
        otherWarnings: [],
        podRejectedByPodSecurity: below(v.level),
        podAdmitted: !below(v.level),
      })));
    });
  }
});
