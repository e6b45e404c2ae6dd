import * as fs from 'fs';
import * as path from 'path';
import { connectCluster } from './cluster';
import { ApiServerVariantOptions, KWOK_DELAY_ANNOTATIONS, PRIORITY_CLASS_QUOTA_ADMISSION } from './control-plane';
import { KubeObject } from './kube-client';
import { isRunning } from './processes';

// The harness itself, on raw objects: the API server's verdicts and warnings come through, a
// variant server with other flags starts and stops, a server that cannot start fails loudly, and
// the controllers, scheduler and KWOK run a DaemonSet's pods on a simulated node.

const cluster = connectCluster();
let namespace: string;

beforeAll(async () => {
  namespace = await cluster.createNamespace('harness');
});

afterAll(() => cluster.close());

/** A DaemonSet of one container; `pod` and `container` are merged into the pod spec and the container. */
/** PIDs of the processes whose command line mentions `text`. */
function processesMentioning(text: string): number[] {
  return fs.readdirSync('/proc').filter(e => /^\d+$/.test(e)).map(Number).filter(pid => isRunning(pid, text));
}

function daemonSet(name: string,
  options: { pod?: Record<string, unknown>; container?: Record<string, unknown>; spec?: Record<string, unknown> } = {}): KubeObject {
  const labels = { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'agent', image: 'registry.k8s.io/pause:3.10', ...options.container }],
          ...options.pod,
        },
      },
      ...options.spec,
    },
  };
}

describe('server-side dry-run', () => {
  test('the API server is the pinned release', async () => {
    const version = await cluster.getPath('/version');
    expect(version).toMatchObject({ gitVersion: cluster.info.binaries.kubeVersion, major: '1', minor: '34', gitTreeState: 'clean' });
    // The release's date, not the unset default.
    expect(version.buildDate).not.toBe('1970-01-01T00:00:00Z');
  });

  test('a valid DaemonSet is admitted without warnings, defaulted, and not stored', async () => {
    const [r] = await cluster.dryRun([daemonSet('valid')], namespace);
    expect(r).toMatchObject({ kind: 'DaemonSet', name: 'valid', namespace, accepted: true, code: 201, message: '', warnings: [] });
    // Server defaults came back: a RollingUpdate of one node at a time.
    expect(r.object?.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(await cluster.get('apps/v1', 'DaemonSet', 'valid', namespace)).toBeUndefined();
  });

  test('hostIP without hostPort is admitted with the API server\'s warning (apply and create alike)', async () => {
    const ds = daemonSet('host-ip', { container: { ports: [{ name: 'metrics', containerPort: 9100, hostIP: '127.0.0.1' }] } });
    for (const mode of ['apply', 'create'] as const) {
      const [r] = await cluster.dryRun([ds], namespace, { mode });
      expect(r.accepted).toBe(true);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatch(/^spec\.template\.spec\.containers\[0\]\.ports\[0\]: hostIP set without hostPort: /);
    }
  });

  test('restartPolicy Never is rejected with the API server\'s message', async () => {
    const [r] = await cluster.dryRun([daemonSet('never', { pod: { restartPolicy: 'Never' } })], namespace);
    expect(r).toMatchObject({ accepted: false, code: 422, reason: 'Invalid' });
    expect(r.message).toContain('spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  });

  test('maxSurge and maxUnavailable both non-zero is rejected', async () => {
    const ds = daemonSet('surge', { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } } });
    const [r] = await cluster.dryRun([ds], namespace);
    expect(r).toMatchObject({ accepted: false, code: 422, reason: 'Invalid' });
    expect(r.message).toMatch(/spec\.updateStrategy\.rollingUpdate\.maxSurge: Invalid value: .*: may not be set when maxUnavailable is non-zero/);
  });

  test('an unknown field is an error (strict field validation), e.g. hostPid for hostPID', async () => {
    const [r] = await cluster.dryRun([daemonSet('host-pid', { pod: { hostPid: true } })], namespace);
    expect(r.accepted).toBe(false);
    expect(r.message).toContain('hostPid');
  });

  test('a namespace that warns on "restricted" gives Pod Security warnings for a hostNetwork DaemonSet', async () => {
    const restricted = await cluster.createNamespace('restricted', {
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    const [r] = await cluster.dryRun([daemonSet('host-network', { pod: { hostNetwork: true } })], restricted);
    // Workload objects are admitted with a warning; their pods would be rejected.
    expect(r.accepted).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^would violate PodSecurity "restricted:latest": /);
    expect(r.warnings[0]).toContain('host namespaces (hostNetwork=true)');
  });
});

describe('a variant API server with an admission configuration', () => {
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'critical' },
    spec: { priorityClassName: 'system-node-critical', containers: [{ name: 'agent', image: 'registry.k8s.io/pause:3.10' }] },
  };
  const serviceAccount: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } };

  test('limits the system priority classes to namespaces with a quota for them', async () => {
    const variant = await cluster.startVariant({
      args: ['--admission-control-config-file={{dir}}/admission.yaml'],
      files: { 'admission.yaml': PRIORITY_CLASS_QUOTA_ADMISSION },
    });
    try {
      expect(variant.cluster.info.server).not.toBe(cluster.info.server);
      const ns = await variant.cluster.createNamespace('quota');
      // A pod needs its service account; the variant runs no controller-manager to create it.
      await variant.cluster.apply([serviceAccount], ns);

      const [rejected] = await variant.cluster.dryRun([pod], ns);
      // The quota plug-in returns a plain error, which the server answers with a bare 500.
      expect(rejected).toMatchObject({
        accepted: false,
        code: 500,
        message: 'insufficient quota to match these scopes: [{PriorityClass In [system-node-critical system-cluster-critical]}]',
      });
      // The DaemonSet is admitted: only the pods it creates fail.
      const [ds] = await variant.cluster.dryRun([daemonSet('critical', { pod: { priorityClassName: 'system-node-critical' } })], ns);
      expect(ds.accepted).toBe(true);

      // The cluster's own API server has no such limit.
      await cluster.apply([serviceAccount], namespace);
      const [admitted] = await cluster.dryRun([pod], namespace);
      expect(admitted).toMatchObject({ accepted: true, message: '' });
    } finally {
      await variant.stop();
    }
    for (const pid of variant.pids) expect(isRunning(pid, 'kube-apiserver')).toBe(false);
  });

  test('that cannot start fails with an Error naming its log file', async () => {
    const error = await startError({ args: ['--no-such-flag=1'] });
    expect(error.message).toMatch(/^kube-apiserver exited \(code \d+\) before it was ready; see its log /);
    expect(fs.readFileSync(error.log, 'utf-8')).toContain('unknown flag: --no-such-flag');
  });

  test('that is not ready in time is stopped, with an Error naming its log file', async () => {
    const error = await startError({ readyTimeoutMs: 500 });
    expect(error.message).toMatch(/^kube-apiserver was not ready within 0\.5 s; see its log /);
    expect(fs.existsSync(error.log)).toBe(true);
    expect(processesMentioning(path.dirname(error.log))).toEqual([]);
  });

  // A failed start keeps its directory, for the log the Error names; these tests remove theirs.
  const failedDirs: string[] = [];
  afterAll(() => failedDirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

  /** The Error of a variant that fails to start, and the log it names. */
  async function startError(options: ApiServerVariantOptions): Promise<{ message: string; log: string }> {
    const error: Error = await cluster.startVariant(options).then(async variant => {
      await variant.stop();
      throw new Error('expected the variant to fail to start');
    }, e => e);
    const log = /see its log (\S+kube-apiserver\.log)/.exec(error.message)?.[1];
    if (!log) throw new Error(`the Error names no log file: ${error.message}`);
    failedDirs.push(path.dirname(log));
    return { message: error.message, log };
  }
});

describe('KWOK\'s pod timing', () => {
  const prefix = `timing-${Math.random().toString(36).slice(2, 8)}`;
  let nodes: string[] = [];

  afterAll(async () => {
    for (const node of nodes) await cluster.delete('v1', 'Node', node);
  });

  test('delays a pod\'s readiness and its removal by the durations its annotations give, and not without them', async () => {
    nodes = await cluster.addFakeNodes(prefix, 1, { labels: { harness: prefix } });
    await cluster.waitFor('the default ServiceAccount', () => cluster.get('v1', 'ServiceAccount', 'default', namespace));
    const pod = (name: string, annotations: Record<string, string>): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, annotations },
      spec: { nodeName: nodes[0], containers: [{ name: 'agent', image: 'registry.k8s.io/pause:3.10' }] },
    });
    const seen = new Map<string, { created: number; ready?: number; deleting?: number; gone?: number }>();
    const watching = cluster.watch('v1', 'Pod', namespace, (type, p) => {
      const name = p.metadata!.name!;
      if (!name.startsWith('timed-') && !name.startsWith('instant-')) return false;
      const t = seen.get(name) ?? { created: Date.now() };
      seen.set(name, t);
      if (p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')) t.ready ??= Date.now();
      if (p.metadata?.deletionTimestamp) t.deleting ??= Date.now();
      if (type === 'DELETED') t.gone = Date.now();
      return [...seen.values()].filter(x => x.gone).length === 2;
    }, { timeoutMs: 30_000 });
    await cluster.apply([pod('timed-0', { [KWOK_DELAY_ANNOTATIONS.ready]: '1500ms', [KWOK_DELAY_ANNOTATIONS.delete]: '1s' }), pod('instant-0', {})], namespace);
    await cluster.waitFor('both pods Ready', async () => ['timed-0', 'instant-0'].every(n => seen.get(n)?.ready));
    await cluster.delete('v1', 'Pod', 'timed-0', namespace);
    await cluster.delete('v1', 'Pod', 'instant-0', namespace);
    await watching;
    const timed = seen.get('timed-0')!;
    const instant = seen.get('instant-0')!;
    expect(timed.ready! - timed.created).toBeGreaterThanOrEqual(1400);
    expect(timed.gone! - timed.deleting!).toBeGreaterThanOrEqual(900);
    expect(instant.ready! - instant.created).toBeLessThan(timed.ready! - timed.created);
    expect(instant.gone! - instant.deleting!).toBeLessThan(timed.gone! - timed.deleting!);
  });
});

describe('kube-controller-manager, kube-scheduler and KWOK', () => {
  const prefix = `harness-${Math.random().toString(36).slice(2, 8)}`;
  let nodes: string[] = [];

  afterAll(async () => {
    for (const node of nodes) await cluster.delete('v1', 'Node', node);
  });

  test('run a DaemonSet\'s pods on simulated nodes, and roll out a new template', async () => {
    expect(cluster.info.components).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']);
    // The controller-manager's service-account controller gives every namespace its default account.
    await cluster.waitFor('the default ServiceAccount', () => cluster.get('v1', 'ServiceAccount', 'default', namespace));

    nodes = await cluster.addFakeNodes(prefix, 2, { labels: { harness: prefix } });
    const agent = (image: string) => daemonSet('agent', { pod: { nodeSelector: { harness: prefix } }, container: { image } });
    await cluster.apply([agent('registry.k8s.io/pause:3.10')], namespace);

    const running = new Map<string, KubeObject>();
    await cluster.watch('v1', 'Pod', namespace, (type, pod) => {
      if (type !== 'DELETED' && pod.status?.phase === 'Running') running.set(pod.spec?.nodeName, pod);
      return running.size === 2;
    }, { labelSelector: 'app.kubernetes.io/name=agent', timeoutMs: 60_000 });
    expect([...running.keys()].sort()).toEqual(nodes);
    expect(running.get(nodes[0])?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent' });
    expect(await cluster.waitForRollout('agent', namespace)).toEqual({ desired: 2, updated: 2, available: 2, ready: 2 });

    // A new image: the default RollingUpdate replaces the pods one node at a time.
    await cluster.apply([agent('registry.k8s.io/pause:3.9')], namespace);
    expect(await cluster.waitForRollout('agent', namespace)).toEqual({ desired: 2, updated: 2, available: 2, ready: 2 });
    const pods = await cluster.list('v1', 'Pod', namespace, { labelSelector: 'app.kubernetes.io/name=agent' });
    expect(pods.filter(p => !p.metadata?.deletionTimestamp).map(p => p.spec?.containers[0].image)).toEqual(['registry.k8s.io/pause:3.9', 'registry.k8s.io/pause:3.9']);
  });
});
