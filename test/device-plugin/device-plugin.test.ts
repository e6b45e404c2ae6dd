import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSetUpdateStrategy, DeviceNodes, DevicePluginDaemonSet, DevicePluginDaemonSetProps, Relaxation, ResourceLimit } from '../../src';
import { chart, onlyOfKind, synth } from '../util';

function plugin(props: Partial<DevicePluginDaemonSetProps> = {}, c: Chart = chart()) {
  const construct = new DevicePluginDaemonSet(c, 'NvidiaGpu', {
    image: 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0',
    resourceName: 'nvidia.com/gpu',
    nodes: DeviceNodes.withLabels({ 'nvidia.com/gpu.present': 'true' }),
    ...props,
  });
  return { c, plugin: construct };
}

function objects(c: Chart) {
  const manifests = synth(c);
  const daemonSet = onlyOfKind(manifests, 'DaemonSet');
  const pod = daemonSet.spec.template.spec;
  return { manifests, daemonSet, pod, container: pod.containers[0] };
}

describe('DevicePluginDaemonSet defaults', () => {
  const { plugin: construct, c } = plugin();
  const { manifests, daemonSet, pod, container } = objects(c);

  test('creates a DaemonSet, its ServiceAccount without a token and its NetworkPolicy, in kube-system', () => {
    expect(manifests.map(m => m.kind).sort()).toEqual(['DaemonSet', 'NetworkPolicy', 'ServiceAccount']);
    expect(daemonSet.metadata).toMatchObject({ name: 'nvidia-gpu', namespace: 'kube-system' });
    expect(onlyOfKind(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(daemonSet.metadata.labels['app.kubernetes.io/component']).toBe('device-plugin');
    expect(construct.resourceName).toBe('nvidia.com/gpu');
  });

  test('runs only on the device nodes, tolerating their taint whatever its effect', () => {
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'nvidia.com/gpu.present': 'true' });
    expect(pod.affinity).toBeUndefined();
    expect(pod.tolerations).toContainEqual({ key: 'nvidia.com/gpu', operator: 'Exists' });
    expect(construct.deviceTaintKey).toBe('nvidia.com/gpu');
  });

  test('mounts the kubelet\'s device-plugins directory writable, and nothing else of the node', () => {
    expect(container.volumeMounts).toEqual([{ name: 'device-plugins', mountPath: '/var/lib/kubelet/device-plugins', readOnly: false }]);
    expect(pod.volumes).toEqual([{ name: 'device-plugins', hostPath: { path: '/var/lib/kubelet/device-plugins', type: 'Directory' } }]);
    expect(pod.hostNetwork).toBe(false);
    expect(pod.hostPID).toBeUndefined();
  });

  test('runs as uid 0 without privilege or capability, with a read-only root filesystem', () => {
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 0,
      runAsNonRoot: false,
      runAsUser: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('rolls out one node at a time without surge, at system-node-critical', () => {
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(pod.priorityClassName).toBe('system-node-critical');
  });

  test('gives the plugin agent-sized resources and no probes', () => {
    expect(container.resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '250m', 'memory': '128Mi', 'ephemeral-storage': '256Mi' },
    });
    expect(container.livenessProbe).toBeUndefined();
    expect(container.readinessProbe).toBeUndefined();
  });

  test('writes a reason for the writable device-plugins directory and for root', () => {
    const annotations = daemonSet.metadata.annotations;
    expect(annotations['ignore-check.kube-linter.io/writable-host-mount'])
      .toBe('writableHostPath /var/lib/kubelet/device-plugins: the plugin creates its socket here and registers nvidia.com/gpu through the kubelet\'s socket in the same directory');
    expect(annotations['ignore-check.kube-linter.io/run-as-non-root']).toMatch(/^runAsRoot for container 'device-plugin': the kubelet's device-plugin directory/);
    expect(annotations['ignore-check.kube-linter.io/privileged-container']).toBeUndefined();
  });
});

describe('DevicePluginDaemonSet customised', () => {
  const { c } = plugin({
    name: 'gpu',
    namespace: 'gpu-operator',
    containerName: 'nvidia-device-plugin-ctr',
    nodes: DeviceNodes.withAnyOf([
      { 'feature.node.kubernetes.io/pci-10de.present': 'true' },
      { 'nvidia.com/gpu.present': 'true', 'nvidia.com/gpu.deploy.device-plugin': 'true' },
    ]),
    deviceTaintKey: 'gpu',
    kubeletDir: '/var/lib/k0s/kubelet',
    args: ['--fail-on-init-error=false'],
    env: { NVIDIA_VISIBLE_DEVICES: kplus.EnvValue.fromValue('all') },
    resources: { memory: { limit: Size.mebibytes(256) } },
    privileged: 'compat-with-cpumanager: the static CPU manager policy hides devices from unprivileged containers',
    writableRootFilesystem: 'writes CDI specifications below /var/run/cdi',
    liveness: kplus.Probe.fromCommand(['test', '-S', '/var/lib/k0s/kubelet/device-plugins/nvidia-gpu.sock']),
    updateStrategy: DaemonSetUpdateStrategy.onDelete(),
    priorityClassName: 'gpu-critical',
  });
  const { daemonSet, pod, container } = objects(c);

  test('requires any of the label sets through node affinity, one term per set', () => {
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'feature.node.kubernetes.io/pci-10de.present', operator: 'In', values: ['true'] }] },
      {
        matchExpressions: [
          { key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] },
          { key: 'nvidia.com/gpu.deploy.device-plugin', operator: 'In', values: ['true'] },
        ],
      },
    ]);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.tolerations).toContainEqual({ key: 'gpu', operator: 'Exists' });
  });

  test('keeps the names, directory, arguments, environment, resources, probe and strategy given', () => {
    expect(daemonSet.metadata).toMatchObject({ name: 'gpu', namespace: 'gpu-operator' });
    expect(container.name).toBe('nvidia-device-plugin-ctr');
    expect(pod.volumes).toEqual([{ name: 'device-plugins', hostPath: { path: '/var/lib/k0s/kubelet/device-plugins', type: 'Directory' } }]);
    expect(container.args).toEqual(['--fail-on-init-error=false']);
    expect(container.env).toEqual([{ name: 'NVIDIA_VISIBLE_DEVICES', value: 'all' }]);
    expect(container.resources.limits.memory).toBe('256Mi');
    expect(container.livenessProbe.exec.command).toEqual(['test', '-S', '/var/lib/k0s/kubelet/device-plugins/nvidia-gpu.sock']);
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(pod.priorityClassName).toBe('gpu-critical');
  });

  test('runs privileged and with a writable root filesystem, each with its reason', () => {
    expect(container.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false });
    const annotations = daemonSet.metadata.annotations;
    expect(annotations['ignore-check.kube-linter.io/privileged-container']).toBe('privileged for container \'nvidia-device-plugin-ctr\': compat-with-cpumanager: the static CPU manager policy hides devices from unprivileged containers');
    expect(annotations['ignore-check.kube-linter.io/no-read-only-root-fs']).toContain('writes CDI specifications');
  });
});

describe('DevicePluginDaemonSet with the options of every typed construct', () => {
  test('adds the extra node affinity to each label set\'s term, and the node selector, tolerations, pod labels and pull policy', () => {
    const { daemonSet, pod, container } = objects(plugin({
      nodes: DeviceNodes.withAnyOf([{ 'feature.node.kubernetes.io/pci-10de.present': 'true' }, { 'nvidia.com/gpu.present': 'true' }]),
      extraNodeAffinity: [kplus.NodeLabelQuery.notIn('node.kubernetes.io/instance-type', ['g4dn.xlarge'])],
      nodeSelector: { 'cloud.example.com/pool': 'gpu' },
      extraTolerations: [kplus.NodeTaintQuery.exists('dedicated')],
      podLabels: { team: 'ml' },
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      relaxations: [Relaxation.imagePullPolicy('device-plugin', 'GPU nodes pull through a caching mirror of the tag')],
    }).c);
    const notSmall = { key: 'node.kubernetes.io/instance-type', operator: 'NotIn', values: ['g4dn.xlarge'] };
    // Both hold: a device label set AND the extra affinity (a term of its own would admit nodes without the device).
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'feature.node.kubernetes.io/pci-10de.present', operator: 'In', values: ['true'] }, notSmall] },
      { matchExpressions: [{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }, notSmall] },
    ]);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'cloud.example.com/pool': 'gpu' });
    expect(pod.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'nvidia.com/gpu', operator: 'Exists' },
      { key: 'dedicated', operator: 'Exists' },
    ]);
    expect(daemonSet.spec.template.metadata.labels.team).toBe('ml');
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  test('merges the node selector with the device labels, and leaves out a limit removed with its reason', () => {
    const { daemonSet, pod, container } = objects(plugin({
      nodeSelector: { 'cloud.example.com/pool': 'gpu' },
      relaxations: [Relaxation.noLimit('device-plugin', ResourceLimit.CPU, 'allocation calls come in bursts when a node starts many GPU pods')],
    }).c);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'nvidia.com/gpu.present': 'true', 'cloud.example.com/pool': 'gpu' });
    expect(container.resources.limits.cpu).toBeUndefined();
    expect(Object.values(daemonSet.metadata.annotations).join('\n')).toContain('no cpu limit for container \'device-plugin\': allocation calls come in bursts');
  });
});

describe('DevicePluginDaemonSet errors', () => {
  test('throws on a node selector that changes a device label', () => {
    expect(() => plugin({ nodeSelector: { 'nvidia.com/gpu.present': 'false' } }))
      .toThrow('test/NvidiaGpu: \'nodeSelector.nvidia.com/gpu.present\' would change a label of the device nodes (received \'false\')');
  });

  test('throws on an unpinned image', () => {
    expect(() => plugin({ image: 'nvcr.io/nvidia/k8s-device-plugin' })).toThrow(/^test\/NvidiaGpu: 'image' is not pinned/);
  });

  test.each([
    ['gpu', 'has no domain'],
    ['kubernetes.io/gpu', 'is in a kubernetes.io domain'],
    ['example.kubernetes.io/gpu', 'is in a kubernetes.io domain'],
    ['requests.example.com/gpu', 'starts with \'requests.\''],
    ['example.com/gpu/0', 'is not a qualified name'],
    [`example.com/${'g'.repeat(64)}`, 'is not a qualified name'],
    ['Example_com/gpu', 'is not a qualified name'],
  ])('throws on the extended resource name %s', (resourceName, problem) => {
    expect(() => plugin({ resourceName, deviceTaintKey: 'gpu' }))
      .toThrow(`test/NvidiaGpu: 'resourceName' is not a valid extended resource name: it ${problem}`);
  });

  test('throws on node selection without labels', () => {
    expect(() => plugin({ nodes: DeviceNodes.withLabels({}) })).toThrow('test/NvidiaGpu: \'nodes\' selects no device nodes: every node would run the plugin');
    expect(() => plugin({ nodes: DeviceNodes.withAnyOf([]) })).toThrow('test/NvidiaGpu: \'nodes\' selects no device nodes');
    expect(() => plugin({ nodes: DeviceNodes.withAnyOf([{ a: 'b' }, {}]) })).toThrow('test/NvidiaGpu: \'nodes\' selects no device nodes');
  });

  test('throws on an invalid node label', () => {
    expect(() => plugin({ nodes: DeviceNodes.withLabels({ 'bad key!': 'true' }) })).toThrow('test/NvidiaGpu: \'nodes\' has an invalid label key (received \'bad key!\')');
    expect(() => plugin({ nodes: DeviceNodes.withAnyOf([{ gpu: 'yes please' }]) })).toThrow('test/NvidiaGpu: \'nodes[0].gpu\' has an invalid label value (received \'yes please\')');
  });

  test('throws on an invalid taint key', () => {
    expect(() => plugin({ deviceTaintKey: 'a/b/c' })).toThrow('test/NvidiaGpu: \'deviceTaintKey\' is not a valid taint key (received \'a/b/c\')');
  });

  test('throws on a surge: two plugins would register the same resource', () => {
    expect(() => plugin({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(10) }) }))
      .toThrow('test/NvidiaGpu: \'updateStrategy.maxSurge\' cannot be used: the agent holds the kubelet\'s registration of nvidia.com/gpu (its socket in /var/lib/kubelet/device-plugins) on its node');
  });

  test('throws on a relative kubelet directory', () => {
    expect(() => plugin({ kubeletDir: 'kubelet' })).toThrow('test/NvidiaGpu: \'kubeletDir\' is not an absolute directory without \'..\' (received \'kubelet\')');
  });

  test.each(['privileged', 'writableRootFilesystem'])('throws on an empty reason for %s', prop => {
    expect(() => plugin({ [prop]: '' })).toThrow(`test/NvidiaGpu: '${prop}' gives no reason`);
  });

  test.each([['name', 'GPU'], ['namespace', 'gpu_operator'], ['containerName', 'Plugin']])('throws on an invalid %s', (prop, value) => {
    expect(() => plugin({ [prop]: value })).toThrow(`test/NvidiaGpu: '${prop}' is not a valid name (received '${value}')`);
  });
});
