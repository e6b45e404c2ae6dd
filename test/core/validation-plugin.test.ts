import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import * as kplus from 'cdk8s-plus-28';
import { gallery } from '../../scripts/gallery';
import { DaemonSetBestPractices } from '../../src';

/** Runs the plugin as cdk8s-cli does, with cdk8s-cli's own ValidationContext, on manifest files. */
async function runPlugin(...files: Array<{ name: string; objects: any[] }>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-'));
  const manifests = files.map(f => {
    const file = path.join(dir, f.name);
    fs.writeFileSync(file, Yaml.stringify(...f.objects));
    return file;
  });
  const context = new ValidationContext(manifests, 'cdk8s-daemonsets', '0.0.0', {}, false);
  await new DaemonSetBestPractices().validate(context);
  return context.report.toJson();
}

describe('DaemonSetBestPractices, the cdk8s validation plugin', () => {
  test.each(gallery().map(entry => [entry.id, entry] as const))('passes the gallery configuration %s', async (id, entry) => {
    const app = new App();
    entry.build(app);
    const report = await runPlugin({ name: `${id}.yaml`, objects: app.charts.flatMap(c => c.toJson()) });
    expect(report.violations).toEqual([]);
    expect(report.summary).toMatchObject({ status: 'success', metadata: { daemonSets: '1' } });
  });

  test('fails a cdk8s-plus DaemonSet on host network without a recorded reason, naming the object, the setting and the fix', async () => {
    const chart = new Chart(new App(), 'plain');
    const ds = new kplus.DaemonSet(chart, 'Agent', { metadata: { name: 'agent', namespace: 'agents' }, hostNetwork: true });
    ds.addContainer({ image: 'registry.example.com/agent:1.0.0', portNumber: 8080 });
    const report = await runPlugin({ name: 'plain.k8s.yaml', objects: chart.toJson() });
    expect(report.summary.status).toBe('failure');
    const rules = report.violations.map(v => v.ruleName);
    expect(rules).toContainEqual(expect.stringMatching(/^DaemonSet\/agents\/agent \(plain\.k8s\.yaml\): 'hostNetwork' relaxes a best practice without a reason \(received true\)\.$/));
    const hostNetwork = report.violations.find(v => v.ruleName.includes('\'hostNetwork\''))!;
    expect(hostNetwork.fix).toMatch(/Relaxation\.hostNetwork/);
    expect(hostNetwork.violatingConstructs[0]).toMatchObject({ resourceName: 'DaemonSet/agents/agent', manifestPath: expect.stringMatching(/plain\.k8s\.yaml$/) });
  });

  test('accepts a relaxation recorded by hand as \'<setting>: <reason>\', and rejects it once the reason is gone', async () => {
    const app = new App();
    gallery().find(e => e.id === 'daemon-set-host-network')!.build(app);
    const objects = app.charts.flatMap(c => c.toJson());
    expect((await runPlugin({ name: 'a.yaml', objects })).violations).toEqual([]);
    const ds = objects.find(o => o.kind === 'DaemonSet');
    for (const key of Object.keys(ds.metadata.annotations)) {
      if (key.startsWith('checkov.io/') || key.startsWith('ignore-check.kube-linter.io/')) {
        ds.metadata.annotations[key] = ds.metadata.annotations[key].replace(/hostNetwork: [^;]*/, 'hostNetwork: ');
      }
    }
    const rules = (await runPlugin({ name: 'a.yaml', objects })).violations.map(v => v.ruleName);
    expect(rules).toContainEqual(expect.stringMatching(/'hostNetwork' relaxes a best practice without a reason/));
  });

  test('fails a surge of a DaemonSet that writes a host path recorded as its own, and accepts it once the path is recorded as shared', async () => {
    const app = new App();
    gallery().find(e => e.id === 'daemon-set-shared-host-path')!.build(app);
    const objects = app.charts.flatMap(c => c.toJson());
    const ds = objects.find(o => o.kind === 'DaemonSet');
    expect(ds.spec.updateStrategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect((await runPlugin({ name: 'shared.yaml', objects })).violations).toEqual([]);
    for (const key of Object.keys(ds.metadata.annotations)) {
      if (key.startsWith('checkov.io/') || key.startsWith('ignore-check.kube-linter.io/')) {
        ds.metadata.annotations[key] = ds.metadata.annotations[key].replace('sharedWritableHostPath ', 'writableHostPath ');
      }
    }
    const rules = (await runPlugin({ name: 'shared.yaml', objects })).violations.map(v => v.ruleName);
    expect(rules).toEqual([
      expect.stringMatching(/^DaemonSet\/agents\/agent \(shared\.yaml\): 'updateStrategy\.maxSurge' cannot be used while the pod writes host path \/var\/lib\/agent\/pods, written by container 'agent'/),
    ]);
  });

  test('fails two DaemonSets in different files that bind the same host port on the same nodes', async () => {
    const build = (id: string) => {
      const app = new App();
      gallery().find(e => e.id === 'daemon-set-host-network')!.build(app);
      const objects = app.charts.flatMap(c => c.toJson());
      objects.filter(o => o.metadata?.name === 'agent').forEach(o => o.metadata.name = id);
      return { name: `${id}.yaml`, objects };
    };
    const report = await runPlugin(build('one'), build('two'));
    expect(report.violations.map(v => v.ruleName)).toEqual([
      expect.stringMatching(/^DaemonSet\/agents\/two \(two\.yaml\): 'containers\[agent\]\.ports' binds host port 8080\/TCP, which DaemonSet DaemonSet\/agents\/one \(one\.yaml\) also binds/),
    ]);
    expect(report.violations[0].violatingConstructs[0]).toMatchObject({ resourceName: 'DaemonSet/agents/two', manifestPath: expect.stringMatching(/two\.yaml$/) });
  });
});
