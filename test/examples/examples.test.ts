import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { exampleApps, linkSelf, synthExample } from '../../scripts/synth-examples';
import { validateSchema } from '../util';

// The examples run against the compiled library (lib/), which `npm test` builds first.
linkSelf();

const synthesized = new Map<string, any[]>();

/** Synthesizes an example once per test run with the real `cdk8s synth`, and parses its YAML. */
function synthesize(name: string): any[] {
  const cached = synthesized.get(name);
  if (cached) {
    return cached;
  }
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  const files = synthExample(name, outDir);
  const manifests = files.flatMap(file => parseAllDocuments(fs.readFileSync(path.join(outDir, file), 'utf-8')).map(d => d.toJS()))
    .filter(m => m);
  synthesized.set(name, manifests);
  return manifests;
}

describe.each(exampleApps())('example %s', name => {
  const manifests = synthesize(name);

  test('synthesizes with the real cdk8s synth into valid Kubernetes objects', () => {
    expect(manifests.length).toBeGreaterThan(0);
    for (const manifest of manifests) {
      expect(() => validateSchema(manifest)).not.toThrow();
    }
  });

  test('records a reason for every exemption annotation', () => {
    for (const manifest of manifests) {
      for (const [key, value] of Object.entries<string>(manifest.metadata.annotations ?? {})) {
        if (key.startsWith('ignore-check.kube-linter.io/')) {
          expect(value.trim().length).toBeGreaterThan(10);
        }
        if (key.startsWith('checkov.io/skip')) {
          expect(value).toMatch(/^CKV2?_K8S_\d+=.{10,}/);
        }
      }
    }
  });
});

describe('example quickstart', () => {
  const [daemonSet] = synthesize('quickstart').filter(m => m.kind === 'DaemonSet');

  test('runs node-problem-detector hardened, with its host log mount read-only', () => {
    const pod = daemonSet.spec.template.spec;
    expect(daemonSet.metadata.name).toBe('node-problem-detector');
    expect(pod.containers[0].securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, readOnlyRootFilesystem: true });
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'log', mountPath: '/var/log', readOnly: true }]);
    expect(pod.volumes).toEqual([{ name: 'log', hostPath: { path: '/var/log', type: 'Directory' } }]);
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/sensitive-host-mounts'])
      .toBe('hostPath /var/log: reads the kernel and system logs of the node to detect node problems');
  });
});

describe('example quickstart: node exporter', () => {
  const manifests = synthesize('quickstart');
  const named = (kind: string) => manifests.find(m => m.kind === kind && m.metadata.name === 'node-exporter');

  test('runs the node exporter on the node IP, with its host access read-only and its Service', () => {
    const daemonSet = named('DaemonSet');
    const exporter = daemonSet.spec.template.spec.containers[0];
    expect(daemonSet.metadata.namespace).toBe('node-agents');
    expect(exporter.args).toContain('--web.listen-address=[$(HOST_IP)]:9100');
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 9100, hostPort: 9100 }]);
    expect(exporter.volumeMounts.every((m: any) => m.readOnly === true)).toBe(true);
    expect(named('Service').spec.selector).toEqual(daemonSet.spec.selector.matchLabels);
  });
});
