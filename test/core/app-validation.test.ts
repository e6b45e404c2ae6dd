import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Lazy, Testing, Yaml, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSet, LogCollectorDaemonSet, NodeExporterDaemonSet, PodSecurityNamespace, Relaxation } from '../../src';

const IMAGE = 'quay.io/example/agent:v1.0.0';

/**
 * An agent whose DaemonSet carries an annotation produced lazily: the producer runs each time the
 * DaemonSet is serialized, so `serializations()` tells how often synth serialized it.
 */
function countedAgent(scope: Chart, id: string, namespace?: string) {
  let count = 0;
  const ds = new DaemonSet(scope, id, { metadata: { namespace }, containers: [{ name: 'main', image: IMAGE, ports: [{ number: 8080 }] }] });
  ApiObject.of(ds).metadata.addAnnotation('example.com/serialized', Lazy.any({ produce: () => `${++count}` }) as any);
  return { ds, serializations: () => count };
}

/** An app of `charts` charts with `perChart` counted agents in each. */
function countedApp(charts: number, perChart: number) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synthesis-')) });
  const agents = [];
  for (let c = 0; c < charts; c++) {
    const chart = new Chart(app, `chart-${c}`);
    for (let i = 0; i < perChart; i++) {
      agents.push(countedAgent(chart, `agent-${i}`));
    }
  }
  return { app, agents };
}

describe('one synthesis of the app', () => {
  test('serializes each DaemonSet once, however many charts the app has (cdk8s validates once per chart)', () => {
    const { app, agents } = countedApp(3, 2);
    app.synthYaml();
    expect(agents.map(a => a.serializations())).toEqual([1, 1, 1, 1, 1, 1]);

    app.synth();
    expect(agents.map(a => a.serializations())).toEqual([2, 2, 2, 2, 2, 2]);
    // What was written is the manifest of that synthesis.
    const written = Yaml.load(path.join(app.outdir, 'chart-2.k8s.yaml')).filter((m: any) => m.kind === 'DaemonSet');
    expect(written.map((m: any) => m.metadata.annotations['example.com/serialized'])).toEqual(['2', '2']);
  });

  test('serializes each DaemonSet once when a Namespace of the app reads its manifest for its Pod Security level', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synthesis-')) });
    const chart = new Chart(app, 'agents');
    new PodSecurityNamespace(chart, 'Namespace', { name: 'node-agents' });
    const agents = [countedAgent(chart, 'first', 'node-agents'), countedAgent(new Chart(app, 'other'), 'second', 'node-agents')];
    app.synth();
    expect(agents.map(a => a.serializations())).toEqual([1, 1]);
    const [namespace, daemonSet] = Yaml.load(path.join(app.outdir, 'agents.k8s.yaml'));
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(daemonSet.metadata.annotations['example.com/serialized']).toBe('1');
  });

  test('writes the same YAML as serializing every chart afresh', () => {
    /** The same app each call: the typed constructs and a cdk8s-plus DaemonSet over three charts. */
    const build = () => {
      const app = Testing.app();
      new NodeExporterDaemonSet(new Chart(app, 'monitoring'), 'NodeExporter');
      new LogCollectorDaemonSet(new Chart(app, 'logging'), 'Logs');
      const agents = new Chart(app, 'agents');
      new DaemonSet(agents, 'Agent', { containers: [{ name: 'main', image: IMAGE, ports: [{ number: 8080 }] }] });
      new kplus.DaemonSet(agents, 'Plain').addContainer({ name: 'main', image: IMAGE });
      return app;
    };
    const fresh = build();
    const afresh = Yaml.stringify(...fresh.charts.flatMap(c => c.toJson()));
    expect(build().synthYaml()).toEqual(afresh);
  });

  test('serializes and checks again a DaemonSet changed after the previous synthesis', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const ds = new DaemonSet(chart, 'Agent', { containers: [{ name: 'main', image: IMAGE, ports: [{ number: 8080 }] }] });
    expect(app.synthYaml()).not.toContain('example.com/changed');

    ApiObject.of(ds).metadata.addLabel('example.com/changed', 'v2');
    expect(app.synthYaml()).toContain('example.com/changed: v2');

    // A second agent on the same host port: the next synthesis must fail with the app-level check.
    ds.containers[0].addPort({ number: 9100, hostPort: 9100 });
    ds.addRelaxation(Relaxation.hostPort(9100, 'scraped on the node IP'));
    new DaemonSet(new Chart(app, 'other'), 'Agent', {
      containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, hostPort: 9100 }] }],
      relaxations: [Relaxation.hostPort(9100, 'scraped on the node IP')],
    });
    expect(() => app.synthYaml()).toThrow(/binds host port 9100\/TCP, which DaemonSet .* also binds/);
  });

  test('a failed synthesis leaves nothing behind: the fixed app synthesizes what it now holds', () => {
    const app = Testing.app();
    const ds = new DaemonSet(new Chart(app, 'test'), 'Agent');
    expect(() => app.synth()).toThrow(/'containers' is empty/);

    ds.addContainer({ name: 'main', image: IMAGE });
    app.synth();
    const [daemonSet] = Yaml.load(path.join(app.outdir, 'test.k8s.yaml'));
    expect(daemonSet.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['main']);
  });

  /** Every file under `dir`, by path relative to it, with its content. */
  function files(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
      const file = path.join(dir, entry);
      if (fs.statSync(file).isFile()) {
        out[entry] = fs.readFileSync(file, 'utf-8');
      }
    }
    return out;
  }

  test.each([
    ['FILE_PER_CHART', YamlOutputType.FILE_PER_CHART],
    ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
    ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
    ['FOLDER_PER_CHART_FILE_PER_RESOURCE', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
  ])('%s: writes the same files as cdk8s\'s own synth, which serializes every pass afresh', (_name, yamlOutputType) => {
    const build = () => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synthesis-')), yamlOutputType });
      new NodeExporterDaemonSet(new Chart(app, 'monitoring'), 'NodeExporter');
      const agents = new Chart(app, 'agents', { namespace: 'agents' });
      new DaemonSet(agents, 'Agent', { containers: [{ name: 'main', image: IMAGE, ports: [{ number: 8080 }] }] });
      new kplus.DaemonSet(agents, 'Plain').addContainer({ name: 'main', image: IMAGE });
      new LogCollectorDaemonSet(new Chart(app, 'logging'), 'Logs');
      return app;
    };
    const ours = build();
    ours.synth();
    // The class's method, not the app object's: no synthesis scope, every pass serializes afresh.
    const plain = build();
    App.prototype.synth.call(plain);

    const written = files(ours.outdir);
    const daemonSets = Object.values(written).join('\n').match(/^kind: DaemonSet$/gm) ?? [];
    expect(daemonSets).toHaveLength(4);
    expect(written).toEqual(files(plain.outdir));
  });

  test('each caller gets its own copy of a DaemonSet\'s manifest: changing it does not change what is written', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const ds = new DaemonSet(chart, 'Agent', { containers: [{ name: 'main', image: IMAGE, ports: [{ number: 8080 }] }] });
    // An object whose lazy value reads the DaemonSet's manifest and edits what it got.
    new ApiObject(chart, 'Summary', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: {
        image: Lazy.any({
          produce: () => {
            const manifest = ApiObject.of(ds).toJson();
            const image = manifest.spec.template.spec.containers[0].image;
            manifest.spec.template.spec.containers[0].image = 'tampered:latest';
            manifest.metadata.labels = { tampered: 'yes' };
            return image;
          },
        }),
      },
    });
    app.synth();
    const written = Yaml.load(path.join(app.outdir, 'test.k8s.yaml'));
    const [daemonSet, summary] = [written[0], written.find(o => o.kind === 'ConfigMap')];
    expect(summary.kind).toBe('ConfigMap');
    expect(summary.data.image).toBe(IMAGE);
    expect(daemonSet.kind).toBe('DaemonSet');
    expect(daemonSet.spec.template.spec.containers[0].image).toBe(IMAGE);
    expect(daemonSet.metadata.labels.tampered).toBeUndefined();
  });

  test('what a validation hook adds to the app during synth is checked, wherever its chart is', () => {
    const app = Testing.app();
    new DaemonSet(new Chart(app, 'first'), 'Agent', {
      containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, hostPort: 9100 }] }],
      relaxations: [Relaxation.hostPort(9100, 'scraped on the node IP')],
    });
    // A chart created after the library's first DaemonSet, whose validation adds a second agent on
    // the same host port (validations run in tree order, once per pass).
    const late = new Chart(app, 'late');
    late.node.addValidation({
      validate: () => {
        if (!late.node.tryFindChild('Agent')) {
          new DaemonSet(late, 'Agent', {
            containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, hostPort: 9100 }] }],
            relaxations: [Relaxation.hostPort(9100, 'scraped on the node IP')],
          });
        }
        return [];
      },
    });
    expect(() => app.synth()).toThrow(/binds host port 9100\/TCP, which DaemonSet first\/Agent also binds/);
  });

  test('what a validation hook changes in a DaemonSet during synth is written and checked', () => {
    const app = Testing.app();
    const ds = new DaemonSet(new Chart(app, 'first'), 'Agent', { containers: [{ name: 'main', image: IMAGE, ports: [{ number: 8080 }] }] });
    const late = new Chart(app, 'late');
    late.node.addValidation({
      validate: () => {
        ApiObject.of(ds).metadata.addLabel('example.com/owner', 'platform');
        return [];
      },
    });
    app.synth();
    const [daemonSet] = Yaml.load(path.join(app.outdir, 'first.k8s.yaml'));
    expect(daemonSet.metadata.labels['example.com/owner']).toBe('platform');

    // A change the rules reject, made the same way, fails the synthesis.
    late.node.addValidation({
      validate: () => {
        ApiObject.of(ds).addJsonPatch(JsonPatch.add('/spec/template/spec/hostPid', true));
        return [];
      },
    });
    expect(() => app.synth()).toThrow(/first\/Agent: 'hostPid' relaxes a best practice without a reason/);
  });
});
