import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  CniConfig, CniDaemonSet, CsiNodePluginDaemonSet, DaemonSet, DaemonSetUpdateStrategy, DeviceNodes, DevicePluginDaemonSet, LogCollectorDaemonSet,
  NodeExporterDaemonSet, Relaxation, SecurityAgentDaemonSet,
} from '../../src';
import { chart, synth, synthDaemonSet, synthError } from '../util';

function agent(props: ConstructorParameters<typeof DaemonSet>[2] = {}, c: Chart = chart()) {
  const ds = new DaemonSet(c, 'Agent', props);
  ds.addContainer({ name: 'agent', image: 'example.com/agent:1.0.0' });
  return { c, ds };
}

describe('DaemonSet defaults', () => {
  const { c } = agent();
  const manifest = synthDaemonSet(c);
  const pod = manifest.spec.template.spec;
  const container = pod.containers[0];

  test('requests cpu and memory and limits memory, sized for an agent', () => {
    expect(container.resources.requests.cpu).toBe('50m');
    expect(container.resources.requests.memory).toBe('64Mi');
    expect(container.resources.limits.memory).toBe('128Mi');
    expect(container.resources.limits.cpu).toBe('250m');
  });

  test('requests and limits ephemeral storage', () => {
    expect(container.resources.requests['ephemeral-storage']).toBe('64Mi');
    expect(container.resources.limits['ephemeral-storage']).toBe('256Mi');
  });

  test('pulls the image on every start, so pull secrets and the digest are checked', () => {
    expect(container.imagePullPolicy).toBe('Always');
  });

  test('sets the system-node-critical priority class', () => {
    expect(pod.priorityClassName).toBe('system-node-critical');
  });

  test('surges one pod with no unavailability when no host port is bound', () => {
    expect(manifest.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('runs as non-root with an explicit non-zero uid and gid', () => {
    expect(container.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.runAsUser).toBe(65534);
    expect(container.securityContext.runAsGroup).toBe(65534);
  });

  test('has a read-only root filesystem', () => {
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('forbids privilege escalation and privileged mode', () => {
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(container.securityContext.privileged).toBe(false);
  });

  test('drops all capabilities', () => {
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('uses the RuntimeDefault seccomp profile on the pod and the container', () => {
    expect(container.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('selects Linux nodes', () => {
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('tolerates control-plane nodes', () => {
    expect(pod.tolerations).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('selects pods by app.kubernetes.io/name and instance, not by the construct-path hash', () => {
    expect(manifest.spec.selector).toEqual({
      matchLabels: {
        'app.kubernetes.io/name': 'agent',
        'app.kubernetes.io/instance': manifest.metadata.name,
      },
    });
  });

  test('labels the DaemonSet and its pods with the recommended labels', () => {
    const expected = {
      'app.kubernetes.io/name': 'agent',
      'app.kubernetes.io/instance': manifest.metadata.name,
      'app.kubernetes.io/component': 'node-agent',
      'app.kubernetes.io/managed-by': 'cdk8s',
    };
    expect(manifest.metadata.labels).toEqual(expected);
    expect(manifest.spec.template.metadata.labels).toMatchObject(expected);
  });

  test('leaves host namespaces off and the DNS policy as cdk8s-plus sets it', () => {
    expect(pod.hostNetwork).toBe(false);
    expect(pod.hostPID).toBeUndefined();
    expect(pod.hostIPC).toBeUndefined();
    expect(pod.dnsPolicy).toBe('ClusterFirst');
  });

  test('writes no exemption annotations when nothing is relaxed', () => {
    expect(manifest.metadata.annotations).toBeUndefined();
  });

  test('does not mount the service account token', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
  });
});

describe('DaemonSet customised', () => {
  test('keeps every resource value the user gives and fills in only the missing ones', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent');
    ds.addContainer({
      image: 'example.com/agent:1.0.0',
      resources: { cpu: { request: kplus.Cpu.millis(20) }, memory: { request: Size.mebibytes(300) } },
    });
    const resources = synthDaemonSet(c).spec.template.spec.containers[0].resources;
    expect(resources.requests).toEqual({ 'cpu': '20m', 'memory': '300Mi', 'ephemeral-storage': '64Mi' });
    // A missing limit is the default, raised to the request when the request is larger.
    expect(resources.limits).toEqual({ 'cpu': '250m', 'memory': '300Mi', 'ephemeral-storage': '256Mi' });
  });

  test('caps a missing request at the limit the user gives', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent');
    ds.addContainer({ image: 'example.com/agent:1.0.0', resources: { cpu: { limit: kplus.Cpu.millis(30) } } });
    const resources = synthDaemonSet(c).spec.template.spec.containers[0].resources;
    expect(resources.requests.cpu).toBe('30m');
    expect(resources.limits.cpu).toBe('30m');
  });

  test('uses the given priority class, node selector, revision history and labels', () => {
    const { c } = agent({
      priorityClassName: 'node-agents',
      nodeSelector: { 'node.kubernetes.io/instance-type': 'm5.large' },
      revisionHistoryLimit: 3,
      appName: 'my-agent',
      instance: 'prod',
      component: 'metrics',
      partOf: 'observability',
      version: '1.0.0',
      minReadySeconds: 5,
    });
    const manifest = synthDaemonSet(c);
    expect(manifest.spec.template.spec.priorityClassName).toBe('node-agents');
    expect(manifest.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'm5.large' });
    expect(manifest.spec.revisionHistoryLimit).toBe(3);
    expect(manifest.spec.minReadySeconds).toBe(5);
    expect(manifest.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'my-agent', 'app.kubernetes.io/instance': 'prod' });
    expect(manifest.metadata.labels).toMatchObject({
      'app.kubernetes.io/component': 'metrics',
      'app.kubernetes.io/part-of': 'observability',
      'app.kubernetes.io/version': '1.0.0',
    });
  });

  test('lets the node selector override the operating system', () => {
    const { c } = agent({ nodeSelector: { 'kubernetes.io/os': 'windows' } });
    expect(synthDaemonSet(c).spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows' });
  });

  test('keeps the selector when the construct is renamed or moved, as long as metadata.name stays', () => {
    const first = chart();
    agent({ metadata: { name: 'agent' } }, first);
    const second = new Chart(Testing.app(), 'elsewhere');
    const ds = new DaemonSet(new Construct(second, 'nested'), 'RenamedAgent', { metadata: { name: 'agent' }, appName: 'agent' });
    ds.addContainer({ name: 'agent', image: 'example.com/agent:1.0.0' });
    expect(synthDaemonSet(first).spec.selector).toEqual(synthDaemonSet(second).spec.selector);
  });

  test('can leave control-plane nodes alone', () => {
    const { c } = agent({ tolerateControlPlane: false });
    expect(synthDaemonSet(c).spec.template.spec.tolerations).toBeUndefined();
  });

  test('keeps tolerations added through cdk8s-plus scheduling', () => {
    const { c, ds } = agent();
    ds.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.exists('dedicated')));
    expect(synthDaemonSet(c).spec.template.spec.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Exists' },
    ]);
  });
});

describe('DaemonSet priority class quota', () => {
  function quotaOf(props: ConstructorParameters<typeof DaemonSet>[2], c: Chart = chart()) {
    const { ds } = agent(props, c);
    const quotas = synth(c).filter(m => m.kind === 'ResourceQuota');
    expect(quotas.length).toBeLessThanOrEqual(1);
    return { ds, quota: quotas[0] };
  }

  test('admits system-node-critical in its namespace with a ResourceQuota, for clusters that limit the class to namespaces with one', () => {
    const { ds, quota } = quotaOf({ metadata: { name: 'agent', namespace: 'agents' } });
    expect(quota).toEqual({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: {
        name: 'agent-critical-pods',
        namespace: 'agents',
        labels: { 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'agent' },
      },
      spec: {
        hard: { pods: '1G' },
        scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['system-node-critical'] }] },
      },
    });
    expect(ApiObject.of(ds.priorityClassQuota!).toJson()).toEqual(quota);
  });

  test('leaves the namespace unset, like the DaemonSet\'s, when none is given, and takes the chart\'s', () => {
    expect(quotaOf({}).quota.metadata.namespace).toBeUndefined();
    expect(quotaOf({}, new Chart(Testing.app(), 'test', { namespace: 'node-agents' })).quota.metadata.namespace).toBe('node-agents');
  });

  test('admits system-cluster-critical the same way', () => {
    expect(quotaOf({ priorityClassName: 'system-cluster-critical' }).quota.spec.scopeSelector.matchExpressions[0].values).toEqual(['system-cluster-critical']);
  });

  test('emits none in kube-system, which holds such a quota wherever the classes are limited', () => {
    expect(quotaOf({ metadata: { namespace: 'kube-system' } })).toMatchObject({ quota: undefined, ds: { priorityClassQuota: undefined } });
  });

  test('emits none for a priority class of your own, unless asked', () => {
    expect(quotaOf({ priorityClassName: 'node-agents' }).quota).toBeUndefined();
    expect(quotaOf({ priorityClassName: 'node-agents', priorityClassQuota: true }).quota.spec.scopeSelector.matchExpressions[0].values).toEqual(['node-agents']);
  });

  test('emits none with priorityClassQuota: false', () => {
    expect(quotaOf({ priorityClassQuota: false }).quota).toBeUndefined();
  });
});

describe('every typed construct, in a namespace other than kube-system', () => {
  const conflist = CniConfig.fromConflist({ name: 'example', cniVersion: '1.0.0', plugins: [{ type: 'bridge' }] });
  const constructs: Array<[string, (c: Chart, quota?: boolean) => void]> = [
    ['NodeExporterDaemonSet', (c, quota) => new NodeExporterDaemonSet(c, 'X', { namespace: 'agents', priorityClassQuota: quota })],
    ['LogCollectorDaemonSet', (c, quota) => new LogCollectorDaemonSet(c, 'X', { namespace: 'agents', priorityClassQuota: quota })],
    ['CniDaemonSet', (c, quota) => new CniDaemonSet(c, 'X', { namespace: 'agents', image: 'example.com/cni:1.0.0', conflist, priorityClassQuota: quota })],
    ['CsiNodePluginDaemonSet', (c, quota) => new CsiNodePluginDaemonSet(c, 'X', {
      namespace: 'agents', driverName: 'hostpath.csi.k8s.io', image: 'registry.k8s.io/sig-storage/hostpathplugin:v1.17.1', priorityClassQuota: quota,
    })],
    ['DevicePluginDaemonSet', (c, quota) => new DevicePluginDaemonSet(c, 'X', {
      namespace: 'agents',
      image: 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0',
      resourceName: 'nvidia.com/gpu',
      nodes: DeviceNodes.withLabels({ 'nvidia.com/gpu.present': 'true' }),
      priorityClassQuota: quota,
    })],
    ['SecurityAgentDaemonSet', (c, quota) => new SecurityAgentDaemonSet(c, 'X', { namespace: 'agents', priorityClassQuota: quota })],
  ];

  test.each(constructs)('%s admits its system-node-critical pods there with a quota, unless priorityClassQuota is false', (_, build) => {
    const quotas = (quota?: boolean) => {
      const c = chart();
      build(c, quota);
      return synth(c).filter(m => m.kind === 'ResourceQuota');
    };
    const [quota] = quotas();
    expect(quota.metadata).toMatchObject({ name: 'x-critical-pods', namespace: 'agents' });
    expect(quota.spec.scopeSelector.matchExpressions).toEqual([{ scopeName: 'PriorityClass', operator: 'In', values: ['system-node-critical'] }]);
    expect(quotas(false)).toEqual([]);
  });
});

describe('DaemonSet update strategy', () => {
  function strategyOf(props: ConstructorParameters<typeof DaemonSet>[2], port?: kplus.ContainerPort) {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent', props);
    ds.addContainer({ image: 'example.com/agent:1.0.0', ports: port ? [port] : undefined });
    return synthDaemonSet(c).spec.updateStrategy;
  }

  test('does not surge when a container binds a hostPort', () => {
    expect(strategyOf({ relaxations: [Relaxation.hostPort(9100, 'scraped on the node IP')] }, { number: 9100, hostPort: 9100 }))
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('does not surge when hostNetwork pods expose container ports', () => {
    expect(strategyOf({ hostNetwork: true, relaxations: [Relaxation.hostNetwork('sees node traffic')] }, { number: 9100 }))
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('still surges under hostNetwork when no container port is declared', () => {
    expect(strategyOf({ hostNetwork: true, relaxations: [Relaxation.hostNetwork('sees node traffic')] }))
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  /** The strategy of an agent that mounts `/var/lib/agent` from the node, with `relaxation` for it. */
  function strategyWithHostPath(relaxation: Relaxation,
    options: { readOnly?: boolean; init?: boolean; updateStrategy?: DaemonSetUpdateStrategy } = {}) {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent', { relaxations: [relaxation], updateStrategy: options.updateStrategy });
    const container = ds.addContainer({ image: 'example.com/agent:1.0.0' });
    const target = options.init ? ds.addInitContainer({ name: 'install', image: 'example.com/agent:1.0.0' }) : container;
    const state = kplus.Volume.fromHostPath(c, 'state', 'state', { path: '/var/lib/agent', type: kplus.HostPathVolumeType.DIRECTORY });
    target.mount('/var/lib/agent', state, { readOnly: options.readOnly ?? false });
    return synthDaemonSet(c).spec.updateStrategy;
  }

  test('does not surge when a container writes a host path, which only one pod per node may hold', () => {
    expect(strategyWithHostPath(Relaxation.writableHostPath('/var/lib/agent', 'keeps its state database')))
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('does not surge when an init container writes a host path, since a surge pod\'s init container runs next to the old pod', () => {
    expect(strategyWithHostPath(Relaxation.writableHostPath('/var/lib/agent', 'installs the plugin socket directory'), { init: true }))
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('surges with a host path mounted read-only', () => {
    expect(strategyWithHostPath(Relaxation.hostPath('/var/lib/agent', 'reads the state of another daemon'), { readOnly: true }))
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('surges with a writable host path declared shared, and keeps a requested surge', () => {
    const shared = Relaxation.sharedWritableHostPath('/var/lib/agent', 'each pod writes only files named after its own pod UID');
    expect(strategyWithHostPath(shared)).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(strategyWithHostPath(shared, { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(20) }) }))
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '20%', maxUnavailable: 0 } });
  });

  test('sends maxUnavailable 0 explicitly with a requested surge', () => {
    expect(strategyOf({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(10) }) }))
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '10%', maxUnavailable: 0 } });
  });

  test('sends maxSurge 0 with a requested maxUnavailable', () => {
    expect(strategyOf({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(2) }) }))
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 2 } });
  });

  test('surges by default when only maxUnavailable 0 is requested', () => {
    expect(strategyOf({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }) }))
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('uses the surge defaults for an empty rollingUpdate', () => {
    expect(strategyOf({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate() }))
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('supports OnDelete', () => {
    expect(strategyOf({ updateStrategy: DaemonSetUpdateStrategy.onDelete() })).toEqual({ type: 'OnDelete' });
  });
});

describe('DaemonSet host mounts', () => {
  test('mounts host paths read-only with an explicit type, and records the reason', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent', { relaxations: [Relaxation.hostPath('/var/log', 'reads node logs')] });
    const container = ds.addContainer({ image: 'example.com/agent:1.0.0' });
    container.mount('/host/var/log', kplus.Volume.fromHostPath(c, 'varlog', 'varlog', { path: '/var/log' }));
    const manifest = synthDaemonSet(c);
    const pod = manifest.spec.template.spec;
    expect(pod.containers[0].volumeMounts).toEqual([{ mountPath: '/host/var/log', name: 'varlog', readOnly: true }]);
    expect(pod.volumes).toEqual([{ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } }]);
    expect(manifest.metadata.annotations).toEqual({
      'ignore-check.kube-linter.io/sensitive-host-mounts': 'hostPath /var/log: reads node logs',
      'polaris.fairwinds.com/hostPathSet-exempt': 'true',
    });
  });

  test('keeps a hostPath type the user chose', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent', { relaxations: [Relaxation.hostPath('/etc/machine-id', 'identifies the node')] });
    ds.addContainer({ image: 'example.com/agent:1.0.0' }).mount('/etc/machine-id',
      kplus.Volume.fromHostPath(c, 'machine-id', 'machine-id', { path: '/etc/machine-id', type: kplus.HostPathVolumeType.FILE }));
    expect(synthDaemonSet(c).spec.template.spec.volumes[0].hostPath).toEqual({ path: '/etc/machine-id', type: 'File' });
  });

  test('mounts a host path writable only when declared with a reason', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent', { relaxations: [Relaxation.writableHostPath('/var/lib/agent', 'keeps the positions database')] });
    ds.addContainer({ image: 'example.com/agent:1.0.0' }).mount('/var/lib/agent',
      kplus.Volume.fromHostPath(c, 'state', 'state', { path: '/var/lib/agent', type: kplus.HostPathVolumeType.DIRECTORY }), { readOnly: false });
    const manifest = synthDaemonSet(c);
    expect(manifest.spec.template.spec.containers[0].volumeMounts[0].readOnly).toBe(false);
    expect(manifest.metadata.annotations['ignore-check.kube-linter.io/writable-host-mount']).toBe('writableHostPath /var/lib/agent: keeps the positions database');
  });

  test('rejects a writable host path the kubelet creates for a container that is not root: root would own it', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent', { relaxations: [Relaxation.writableHostPath('/var/lib/agent', 'keeps the positions database')] });
    ds.addContainer({ name: 'agent', image: 'example.com/agent:1.0.0' }).mount('/var/lib/agent',
      kplus.Volume.fromHostPath(c, 'state', 'state', { path: '/var/lib/agent', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE }), { readOnly: false });
    expect(synthError(c)).toMatch(new RegExp([
      'test/Agent: \'containers\\[agent\\]\\.volumeMounts\\[/var/lib/agent\\]\' writes host path /var/lib/agent, which the kubelet creates when missing owned by root ',
      '\\(mode 0755 for a directory, 0644 for a file\\), so uid 65534 cannot write it \\(received \'DirectoryOrCreate\'\\)\\. .*',
      'Fix: run container \'agent\' as root .*or create /var/lib/agent on the nodes with that owner and use HostPathVolumeType\\.DIRECTORY',
    ].join('')));
  });
});

describe('DaemonSet names', () => {
  test('names the DaemonSet, and the selector\'s instance, after the construct id when metadata.name is not given', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'NodeExporter');
    ds.addContainer({ image: 'example.com/agent:1.0.0' });
    const manifest = synthDaemonSet(c);
    expect(manifest.metadata.name).toBe('node-exporter');
    expect(manifest.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/instance': 'node-exporter' });
  });
});

describe('DaemonSet images', () => {
  test.each(['example.com/agent', 'example.com/agent:latest', 'localhost:5000/agent'])('throws for the unpinned image %s', image => {
    expect(() => new DaemonSet(chart(), 'Agent').addContainer({ name: 'agent', image })).toThrow(
      new RegExp(`^test/Agent: 'containers\\[agent\\]\\.image' is not pinned: without a tag, or with 'latest', each node may run a different release and a restart may change the agent \\(received '${image}'\\)`),
    );
  });

  test('does not write drop ALL or a seccomp profile on a privileged container, where they do nothing', () => {
    const { c } = agent();
    const c2 = chart();
    const ds = new DaemonSet(c2, 'Agent', { relaxations: [Relaxation.privileged('agent', 'loads kernel modules')] });
    ds.addContainer({ name: 'agent', image: 'example.com/agent:1.0.0', securityContext: { privileged: true } });
    const privileged = synthDaemonSet(c2).spec.template.spec.containers[0].securityContext;
    expect(privileged.capabilities).toBeUndefined();
    expect(privileged.seccompProfile).toBeUndefined();
    expect(privileged).toMatchObject({ privileged: true, allowPrivilegeEscalation: true });
    expect(synthDaemonSet(c).spec.template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });
});

describe('Relaxation.hostPath', () => {
  test('throws for a relative path, saying it must be absolute', () => {
    expect(() => new DaemonSet(chart(), 'Agent', { relaxations: [Relaxation.hostPath('var/log', 'reads the node logs')] })).toThrow(
      'test/Agent: \'relaxations\' names a host path that is not absolute in hostPath var/log (received \'var/log\'). '
      + 'Allowed: an absolute path without \'..\', as the hostPath volume gives it (e.g. /var/log). Fix: write the full path on the node, e.g. Relaxation.hostPath(\'/var/log\', \'<why>\')',
    );
  });

  test('throws for a relative path in a shared writable host path too', () => {
    expect(() => new DaemonSet(chart(), 'Agent', { relaxations: [Relaxation.sharedWritableHostPath('run/agent', 'each pod writes a directory named after its UID')] })).toThrow(
      'test/Agent: \'relaxations\' names a host path that is not absolute in sharedWritableHostPath run/agent (received \'run/agent\'). '
      + 'Allowed: an absolute path without \'..\', as the hostPath volume gives it (e.g. /var/log). Fix: write the full path on the node, e.g. Relaxation.sharedWritableHostPath(\'/run/agent\', \'<why>\')',
    );
  });
});

describe('DaemonSet relaxations', () => {
  test('switches to ClusterFirstWithHostNet under hostNetwork and records the reason', () => {
    const { c } = agent({ hostNetwork: true, relaxations: [Relaxation.hostNetwork('reads node network statistics')] });
    const manifest = synthDaemonSet(c);
    expect(manifest.spec.template.spec.hostNetwork).toBe(true);
    expect(manifest.spec.template.spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(manifest.metadata.annotations).toEqual({
      'ignore-check.kube-linter.io/host-network': 'hostNetwork: reads node network statistics',
      'kube-score/ignore': 'pod-networkpolicy',
      'polaris.fairwinds.com/hostNetworkSet-exempt': 'true',
      'polaris.fairwinds.com/missingNetworkPolicy-exempt': 'true',
      'checkov.io/skip1': 'CKV2_K8S_6=hostNetwork (reason under CKV_K8S_19)',
      'checkov.io/skip2': 'CKV_K8S_19=hostNetwork: reads node network statistics',
    });
  });

  test('keeps a DNS policy the user chose under hostNetwork', () => {
    const { c } = agent({ hostNetwork: true, dns: { policy: kplus.DnsPolicy.DEFAULT }, relaxations: [Relaxation.hostNetwork('uses the node resolver')] });
    expect(synthDaemonSet(c).spec.template.spec.dnsPolicy).toBe('Default');
  });

  test('sets hostPID and hostIPC with their reasons', () => {
    const { c } = agent({
      hostPid: true,
      hostIpc: true,
      relaxations: [Relaxation.hostPid('reads every process'), Relaxation.hostIpc('talks to a node daemon over shared memory')],
    });
    const manifest = synthDaemonSet(c);
    expect(manifest.spec.template.spec.hostPID).toBe(true);
    expect(manifest.spec.template.spec.hostIPC).toBe(true);
    expect(manifest.metadata.annotations).toMatchObject({
      'ignore-check.kube-linter.io/host-pid': 'hostPID: reads every process',
      'ignore-check.kube-linter.io/host-ipc': 'hostIPC: talks to a node daemon over shared memory',
      'polaris.fairwinds.com/hostPIDSet-exempt': 'true',
      'polaris.fairwinds.com/hostIPCSet-exempt': 'true',
      'checkov.io/skip1': 'CKV_K8S_17=hostPID: reads every process',
      'checkov.io/skip2': 'CKV_K8S_18=hostIPC: talks to a node daemon over shared memory',
    });
  });

  test('runs a privileged container with privilege escalation allowed, and records why', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent', { relaxations: [Relaxation.privileged('agent', 'loads kernel modules')] });
    ds.addContainer({ name: 'agent', image: 'example.com/agent:1.0.0', securityContext: { privileged: true } });
    const manifest = synthDaemonSet(c);
    const sc = manifest.spec.template.spec.containers[0].securityContext;
    expect(sc.privileged).toBe(true);
    expect(sc.allowPrivilegeEscalation).toBe(true);
    expect(manifest.metadata.annotations).toEqual({
      'ignore-check.kube-linter.io/privileged-container': 'privileged for container \'agent\': loads kernel modules',
      'ignore-check.kube-linter.io/privilege-escalation-container': 'privileged for container \'agent\': loads kernel modules',
      'kube-score/ignore': 'container-security-context-privileged',
      'polaris.fairwinds.com/insecureCapabilities-exempt': 'true',
      'polaris.fairwinds.com/privilegeEscalationAllowed-exempt': 'true',
      'polaris.fairwinds.com/runAsPrivileged-exempt': 'true',
      'checkov.io/skip1': 'CKV_K8S_16=privileged for container \'agent\': loads kernel modules',
      'checkov.io/skip2': 'CKV_K8S_20=privileged for container \'agent\' (reason under CKV_K8S_16)',
      'checkov.io/skip3': 'CKV_K8S_28=privileged for container \'agent\' (reason under CKV_K8S_16)',
      'checkov.io/skip4': 'CKV_K8S_37=privileged for container \'agent\' (reason under CKV_K8S_16)',
    });
  });

  test('adds the capabilities a relaxation names and still drops all others', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent', { relaxations: [Relaxation.capabilities('agent', ['NET_ADMIN', 'NET_RAW'], 'programs iptables')] });
    ds.addContainer({
      name: 'agent',
      image: 'example.com/agent:1.0.0',
      securityContext: { capabilities: { add: [kplus.Capability.NET_ADMIN, kplus.Capability.NET_RAW] } },
    });
    const manifest = synthDaemonSet(c);
    expect(manifest.spec.template.spec.containers[0].securityContext.capabilities).toEqual({ add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] });
    expect(manifest.metadata.annotations['checkov.io/skip1']).toBe('CKV_K8S_25=capabilities NET_ADMIN,NET_RAW for container \'agent\': programs iptables');
  });

  test('runs as root only with a reason, and sets no default uid then', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent', { relaxations: [Relaxation.runAsRoot('agent', 'reads root-owned log files')] });
    ds.addContainer({ name: 'agent', image: 'example.com/agent:1.0.0', securityContext: { ensureNonRoot: false, user: 0 } });
    const manifest = synthDaemonSet(c);
    const sc = manifest.spec.template.spec.containers[0].securityContext;
    expect(sc.runAsNonRoot).toBe(false);
    expect(sc.runAsUser).toBe(0);
    expect(sc.runAsGroup).toBeUndefined();
    expect(manifest.metadata.annotations['kube-score/ignore']).toBe('container-security-context-user-group-id');
  });

  test('joins the reasons of relaxations that trip the same check', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent', {
      relaxations: [Relaxation.hostPath('/proc', 'reads process statistics'), Relaxation.hostPath('/sys', 'reads device statistics')],
    });
    const container = ds.addContainer({ image: 'example.com/agent:1.0.0' });
    container.mount('/host/proc', kplus.Volume.fromHostPath(c, 'proc', 'proc', { path: '/proc' }));
    container.mount('/host/sys', kplus.Volume.fromHostPath(c, 'sys', 'sys', { path: '/sys' }));
    expect(synthDaemonSet(c).metadata.annotations['ignore-check.kube-linter.io/sensitive-host-mounts'])
      .toBe('hostPath /proc: reads process statistics; hostPath /sys: reads device statistics');
  });

  test('mounts the service account token only with a reason', () => {
    const { c } = agent({ automountServiceAccountToken: true, relaxations: [Relaxation.serviceAccountToken('watches pods through the API')] });
    const manifest = synthDaemonSet(c);
    expect(manifest.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(manifest.metadata.annotations).toEqual({
      'polaris.fairwinds.com/automountServiceAccountToken-exempt': 'true',
      'checkov.io/skip1': 'CKV_K8S_38=serviceAccountToken: watches pods through the API',
    });
  });

  test('rejects a mounted service account token without a reason', () => {
    const { c } = agent({ automountServiceAccountToken: true });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'automountServiceAccountToken' relaxes a best practice without a reason \(received true\)\. Fix: if this is intended, add Relaxation\.serviceAccountToken\(/,
    );
  });

  test('accepts relaxations added after construction', () => {
    const { c, ds } = agent({ hostNetwork: true });
    ds.addRelaxation(Relaxation.hostNetwork('reads node network statistics'));
    expect(ds.relaxations.map(r => r.kind)).toEqual(['hostNetwork']);
    expect(synthDaemonSet(c).metadata.annotations['ignore-check.kube-linter.io/host-network']).toBe('hostNetwork: reads node network statistics');
  });
});

describe('DaemonSet with the cdk8s-plus escape hatches', () => {
  test('hardens containers given in props as well as added ones', () => {
    const c = chart();
    new DaemonSet(c, 'Agent', { containers: [{ image: 'example.com/agent:1.0.0' }], initContainers: [{ image: 'example.com/init:1.0.0' }] });
    const pod = synthDaemonSet(c).spec.template.spec;
    for (const container of [...pod.containers, ...pod.initContainers]) {
      expect(container.securityContext).toMatchObject({ runAsUser: 65534, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.resources.requests.cpu).toBe('50m');
    }
  });

  test('keeps JSON patches that use the typed field names', () => {
    const { c, ds } = agent();
    ApiObject.of(ds).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env', [{ name: 'LOG_LEVEL', value: 'debug' }]));
    expect(synthDaemonSet(c).spec.template.spec.containers[0].env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
  });

  test('exposes the resolved defaults read-only', () => {
    const { ds } = agent();
    expect(ds.priorityClassName).toBe(DaemonSet.DEFAULT_PRIORITY_CLASS_NAME);
    expect(ds.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(ds.hostPid).toBe(false);
    expect(ds.hostIpc).toBe(false);
    expect(ds.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': ds.name });
  });
});

describe('DaemonSet NetworkPolicy', () => {
  function policyOf(c: Chart) {
    return synth(c).filter(m => m.kind === 'NetworkPolicy');
  }

  test('denies all ingress to pods that declare no port', () => {
    const { c } = agent({ metadata: { name: 'agent', namespace: 'agents' } });
    expect(policyOf(c)).toEqual([{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'agent',
        namespace: 'agents',
        labels: { 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'agent' },
      },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'agent' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [],
        egress: [{}],
      },
    }]);
  });

  test('admits ingress to the declared container ports only', () => {
    const c = chart();
    const ds = new DaemonSet(c, 'Agent');
    ds.addContainer({ image: 'example.com/agent:1.0.0', ports: [{ number: 8080 }, { number: 514, protocol: kplus.Protocol.UDP }] });
    expect(policyOf(c)[0].spec.ingress).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }, { port: 514, protocol: 'UDP' }] }]);
  });

  test('emits none for hostNetwork pods, which NetworkPolicy does not filter', () => {
    const { c } = agent({ hostNetwork: true, relaxations: [Relaxation.hostNetwork('reads node network statistics')] });
    expect(policyOf(c)).toEqual([]);
  });

  test('emits none when turned off', () => {
    const { c, ds } = agent({ networkPolicy: false });
    expect(policyOf(c)).toEqual([]);
    expect(ds.networkPolicy).toBeUndefined();
  });

  test('throws when asked for a NetworkPolicy on hostNetwork pods', () => {
    expect(() => agent({ hostNetwork: true, networkPolicy: true })).toThrow(
      /^test\/Agent: 'networkPolicy' cannot apply to hostNetwork pods: .* \(received true\)\. .*Fix: remove networkPolicy: true/,
    );
  });
});
