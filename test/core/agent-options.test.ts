import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  CniConfig, CniDaemonSet, CsiNodePluginDaemonSet, DaemonSetUpdateStrategy, DeviceNodes, DevicePluginDaemonSet, LogCollectorAgent,
  LogCollectorDaemonSet, NodeAgentOptions, NodeExporterDaemonSet, Relaxation, ResourceLimit, SecurityAgentDaemonSet,
} from '../../src';
import { chart, checkovSkip, onlyOfKind, synth, synthError } from '../util';

const CONFLIST = CniConfig.fromConflist({ name: 'examplenet', cniVersion: '1.0.0', plugins: [{ type: 'bridge' }] });

/** Each typed construct, with the name of its main container. */
const CONSTRUCTS: Array<[string, string, (c: Chart, options: NodeAgentOptions) => void]> = [
  ['NodeExporterDaemonSet', 'node-exporter', (c, options) => new NodeExporterDaemonSet(c, 'Agent', options)],
  ['LogCollectorDaemonSet', 'fluent-bit', (c, options) => new LogCollectorDaemonSet(c, 'Agent', options)],
  ['CniDaemonSet', 'cni-agent', (c, options) => new CniDaemonSet(c, 'Agent', { image: 'example.com/cni:1.0.0', conflist: CONFLIST, ...options })],
  ['LogCollectorDaemonSet with Filebeat', 'filebeat', (c, options) => new LogCollectorDaemonSet(c, 'Agent', { agent: LogCollectorAgent.filebeat(), ...options })],
  ['CsiNodePluginDaemonSet', 'csi-driver',
    (c, options) => new CsiNodePluginDaemonSet(c, 'Agent', { driverName: 'example.csi.k8s.io', image: 'example.com/csi:1.0.0', ...options })],
  ['DevicePluginDaemonSet', 'device-plugin', (c, options) => new DevicePluginDaemonSet(c, 'Agent', {
    image: 'example.com/device-plugin:1.0.0', resourceName: 'example.com/gpu', nodes: DeviceNodes.withAnyOf([{ 'example.com/gpu.present': 'true' }]), ...options,
  })],
  ['SecurityAgentDaemonSet', 'falco', (c, options) => new SecurityAgentDaemonSet(c, 'Agent', options)],
];

function build(make: (c: Chart, options: NodeAgentOptions) => void, options: NodeAgentOptions) {
  const c = chart();
  make(c, options);
  const ds = onlyOfKind(synth(c), 'DaemonSet');
  return { c, ds, pod: ds.spec.template.spec };
}

describe.each(CONSTRUCTS)('%s takes the shared agent options', (_, main, make) => {
  const registrySecret = kplus.Secret.fromSecretName(chart(), 'Creds', 'agent-credentials');
  const { ds, pod } = build(make, {
    podLabels: { team: 'platform' },
    podAnnotations: { 'example.com/owner': 'platform' },
    imagePullSecrets: ['registry-a', 'registry-b'],
    env: { HTTP_PROXY: kplus.EnvValue.fromValue('http://proxy.example.com:3128') },
    envFrom: [kplus.Env.fromSecret(registrySecret)],
    extraTolerations: [kplus.NodeTaintQuery.is('dedicated', 'gpu', { effect: kplus.TaintEffect.NO_SCHEDULE })],
    extraNodeAffinity: [kplus.NodeLabelQuery.notIn('node.kubernetes.io/instance-type', ['t3.nano'])],
    priorityClassName: 'agents-critical',
    nodeSelector: { pool: 'general' },
    updateStrategy: DaemonSetUpdateStrategy.onDelete(),
    revisionHistoryLimit: 3,
    relaxations: [Relaxation.noLimit(main, ResourceLimit.CPU, 'the agent must never be throttled while the node is busy')],
  });
  const container = pod.containers.find((x: any) => x.name === main);

  test('adds the pod labels and annotations to the pod template, next to its own', () => {
    expect(ds.spec.template.metadata.labels).toMatchObject({ 'team': 'platform', 'app.kubernetes.io/managed-by': 'cdk8s' });
    expect(ds.spec.template.metadata.annotations['example.com/owner']).toBe('platform');
  });

  test('pulls the images with the given Secrets', () => {
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-a' }, { name: 'registry-b' }]);
  });

  test('adds the extra environment to the main container, after its own', () => {
    expect(container.env).toContainEqual({ name: 'HTTP_PROXY', value: 'http://proxy.example.com:3128' });
    expect(container.envFrom).toEqual([{ secretRef: { name: 'agent-credentials' } }]);
  });

  test('tolerates the extra taints besides its own', () => {
    expect(pod.tolerations).toContainEqual({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' });
    expect(pod.tolerations.length).toBeGreaterThan(1);
  });

  test('requires the extra node affinity in every node selector term, so it holds together with the construct\'s own', () => {
    const terms = pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms.length).toBe(1);
    expect(terms[0].matchExpressions).toContainEqual({ key: 'node.kubernetes.io/instance-type', operator: 'NotIn', values: ['t3.nano'] });
  });

  test('takes the priority class, node selector, update strategy and revision history limit', () => {
    expect(pod.priorityClassName).toBe('agents-critical');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'pool': 'general' });
    expect(ds.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(ds.spec.revisionHistoryLimit).toBe(3);
  });

  test('removes a limit relaxed with Relaxation.noLimit, and writes the reason for the checkers', () => {
    expect(container.resources.limits.cpu).toBeUndefined();
    expect(checkovSkip(ds.metadata.annotations, 'CKV_K8S_11'))
      .toBe(`CKV_K8S_11=no cpu limit for container '${main}': the agent must never be throttled while the node is busy`);
    expect(ds.metadata.annotations['ignore-check.kube-linter.io/unset-cpu-requirements']).toMatch(/^no cpu limit for container/);
    expect(ds.metadata.annotations['kube-score/ignore']).toContain('container-resources');
    expect(ds.metadata.annotations['polaris.fairwinds.com/cpuLimitsMissing-exempt']).toBe('true');
  });

  test('throws for a pod label of the immutable selector', () => {
    expect(() => make(chart(), { podLabels: { 'app.kubernetes.io/instance': 'other' } })).toThrow(
      /^test\/Agent(\/DaemonSet)?: 'podLabels.app.kubernetes.io\/instance' is a label of the immutable selector \(received 'other'\)\. Allowed: labels other than app.kubernetes.io\/name and app.kubernetes.io\/instance\. Fix: use another label key/,
    );
  });

  test('throws for an invalid pod label', () => {
    expect(() => make(chart(), { podLabels: { team: 'platform team' } })).toThrow(/'podLabels.team' is not a valid label \(received 'platform team'\)/);
  });

  test('throws for an image pull Secret name that is not a Secret name', () => {
    expect(() => make(chart(), { imagePullSecrets: ['Registry_A'] })).toThrow(/'imagePullSecrets\[0\]' is not a Secret name \(received 'Registry_A'\)/);
  });

  test('throws for an environment variable name that is not one', () => {
    expect(() => make(chart(), { env: { '1BAD': kplus.EnvValue.fromValue('x') } })).toThrow(/'env.1BAD' is not an environment variable name/);
  });
});

describe('the shared agent options keep each construct\'s own settings', () => {
  test('throws for a variable the node exporter sets itself', () => {
    expect(() => new NodeExporterDaemonSet(chart(), 'Agent', { env: { HOST_IP: kplus.EnvValue.fromValue('10.0.0.1') } })).toThrow(
      /^test\/Agent: 'env.HOST_IP' is set by the construct \(received 'HOST_IP'\)\. Allowed: variables other than HOST_IP\. Fix: use another name/,
    );
  });

  test('throws for a variable the log collector sets itself', () => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Agent', { env: { NODE_NAME: kplus.EnvValue.fromValue('x') } })).toThrow(/'env.NODE_NAME' is set by the construct/);
  });

  test('throws for a pod annotation the construct computes', () => {
    expect(() => new LogCollectorDaemonSet(chart(), 'Agent', { podAnnotations: { 'checksum/config': 'x' } })).toThrow(
      /^test\/Agent\/DaemonSet: 'podAnnotations.checksum\/config' is set by the construct \(received 'x'\)\. Allowed: annotations other than checksum\/config\. Fix: remove it/,
    );
  });

  test('keeps the node exporter\'s virtual-node exclusion in the same term as the extra affinity', () => {
    const { pod } = build(CONSTRUCTS[0][2], { extraNodeAffinity: [kplus.NodeLabelQuery.is('pool', 'metal')] });
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
      matchExpressions: [
        { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
        { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
        { key: 'pool', operator: 'In', values: ['metal'] },
      ],
    }]);
  });

  test('rejects a surge of the CNI agent given through the shared updateStrategy', () => {
    const surge = DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) });
    expect(() => build(CONSTRUCTS[2][2], { updateStrategy: surge }))
      .toThrow(/'updateStrategy.maxSurge' cannot be used by a CNI agent/);
  });

  test('rejects the node exporter\'s surge on its host port given through the shared updateStrategy', () => {
    const c = chart();
    new NodeExporterDaemonSet(c, 'Agent', { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) }) });
    expect(synthError(c)).toMatch(/'updateStrategy.maxSurge' cannot be used while the pod binds host port 9100\/TCP/);
  });

  test('puts the memory limit back on the CNI agent when one is given', () => {
    const { ds, pod } = build(CONSTRUCTS[2][2], {});
    expect(pod.containers[0].resources.limits.memory).toBeUndefined();
    const c = chart();
    new CniDaemonSet(c, 'Agent', { image: 'example.com/cni:1.0.0', conflist: CONFLIST, resources: { memory: { limit: Size.gibibytes(2) } } });
    const bounded = onlyOfKind(synth(c), 'DaemonSet');
    expect(bounded.spec.template.spec.containers[0].resources.limits.memory).toBe('2048Mi');
    expect(checkovSkip(bounded.metadata.annotations, 'CKV_K8S_13')).toBeUndefined();
    expect(checkovSkip(ds.metadata.annotations, 'CKV_K8S_13')).toBeDefined();
  });
});
