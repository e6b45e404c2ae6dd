import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSet, DaemonSetProps, Relaxation, ResourceLimit } from '../../src';
import { recordedRelaxations } from '../../src/validation/recorded-relaxations';
import { chart, checkovSkip, synthDaemonSet, synthError } from '../util';

const DIGEST = `example.com/agent:1.0.0@sha256:${'ab'.repeat(32)}`;

function agent(container: Partial<kplus.ContainerProps> = {}, props: DaemonSetProps = {}) {
  const c = chart();
  const ds = new DaemonSet(c, 'Agent', { metadata: { name: 'agent' }, ...props });
  ds.addContainer({ name: 'agent', image: 'example.com/agent:1.0.0', ...container });
  return { c, ds };
}

describe('image pull policy', () => {
  test('pulls an image pinned by a tag on every start', () => {
    const manifest = synthDaemonSet(agent().c);
    expect(manifest.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(manifest.metadata.annotations?.['kube-score/ignore']).toBeUndefined();
  });

  test('pulls an image pinned by digest only when the node lacks it, with the checkers\' exemption and its reason', () => {
    const { c, ds } = agent({ image: DIGEST });
    const manifest = synthDaemonSet(c);
    expect(manifest.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(ds.relaxations.map(r => r.description)).toEqual(['imagePullPolicy for container \'agent\'']);
    expect(checkovSkip(manifest.metadata.annotations, 'CKV_K8S_15')).toBe('CKV_K8S_15=imagePullPolicy for container \'agent\': ' +
      'the image is pinned by digest, so its bytes cannot change: the kubelet pulls it once per node and a restart does not depend on the registry');
    expect(manifest.metadata.annotations['kube-score/ignore']).toBe('container-image-pull-policy');
    expect(manifest.metadata.annotations['polaris.fairwinds.com/pullPolicyNotAlways-exempt']).toBe('true');
  });

  test('keeps Always when it is asked for an image pinned by digest', () => {
    const { c, ds } = agent({ image: DIGEST, imagePullPolicy: kplus.ImagePullPolicy.ALWAYS });
    expect(synthDaemonSet(c).spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(ds.relaxations).toEqual([]);
  });

  test('keeps IfNotPresent for a tag with its relaxation and reason', () => {
    const { c } = agent({ imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT }, {
      relaxations: [Relaxation.imagePullPolicy('agent', 'the nodes pull through a caching registry that keeps this release')],
    });
    const manifest = synthDaemonSet(c);
    expect(manifest.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(checkovSkip(manifest.metadata.annotations, 'CKV_K8S_15')).toMatch(/^CKV_K8S_15=imagePullPolicy for container 'agent': the nodes pull through/);
  });

  test('rejects IfNotPresent for an image pinned by a tag without a reason', () => {
    const { c } = agent({ imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[agent\]\.imagePullPolicy' does not pull an image pinned by a tag on every start, without a reason \(received 'IfNotPresent'\)\. Allowed: Always for a tag \(the registry can move it\), or IfNotPresent for an image pinned by digest\. Fix: pin the image by digest, set imagePullPolicy: ImagePullPolicy\.ALWAYS, or add Relaxation\.imagePullPolicy\('agent', '<why>'\) to 'relaxations'/,
    );
  });

  test('rejects a pull-policy relaxation the pod does not use', () => {
    const { c } = agent({}, { relaxations: [Relaxation.imagePullPolicy('agent', 'the nodes pull through a caching registry')] });
    expect(synthError(c)).toMatch(/'relaxations' declares imagePullPolicy for container 'agent', which the pod does not use/);
  });
});

describe('Relaxation.noLimit', () => {
  const reason = 'buffers logs in memory while the backend is down; an OOM kill would lose them';

  test('leaves the memory limit out and writes the exemptions of every checker with the reason', () => {
    const { c } = agent({}, { relaxations: [Relaxation.noLimit('agent', ResourceLimit.MEMORY, reason)] });
    const manifest = synthDaemonSet(c);
    const resources = manifest.spec.template.spec.containers[0].resources;
    expect(resources.limits).toEqual({ 'cpu': '250m', 'ephemeral-storage': '256Mi' });
    expect(resources.requests.memory).toBe('64Mi');
    const annotations = manifest.metadata.annotations;
    expect(annotations['ignore-check.kube-linter.io/unset-memory-requirements']).toBe(`no memory limit for container 'agent': ${reason}`);
    expect(checkovSkip(annotations, 'CKV_K8S_13')).toBe(`CKV_K8S_13=no memory limit for container 'agent': ${reason}`);
    expect(annotations['kube-score/ignore']).toBe('container-resources');
    expect(annotations['polaris.fairwinds.com/memoryLimitsMissing-exempt']).toBe('true');
  });

  test('leaves the cpu limit out', () => {
    const { c } = agent({}, { relaxations: [Relaxation.noLimit('agent', ResourceLimit.CPU, 'a throttled agent misses its deadlines')] });
    expect(synthDaemonSet(c).spec.template.spec.containers[0].resources.limits).toEqual({ 'memory': '128Mi', 'ephemeral-storage': '256Mi' });
  });

  test('reads back from the manifest, for the validation plugin', () => {
    const { c } = agent({}, { relaxations: [Relaxation.noLimit('agent', ResourceLimit.MEMORY, reason)] });
    const recorded = recordedRelaxations(synthDaemonSet(c).metadata.annotations);
    expect(recorded.map(r => [r.kind, r.target, r.resource, r.reason])).toEqual([['noLimit', 'agent', 'memory', reason]]);
  });

  test('rejects a memory limit removed by a patch without a reason', () => {
    const { c, ds } = agent();
    ApiObject.of(ds).addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0/resources/limits/memory'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[agent\]\.resources\.limits\.memory' relaxes a best practice without a reason\. Fix: if this is intended, add Relaxation\.noLimit\('agent', ResourceLimit\.MEMORY, '<why>'\) to 'relaxations'/,
    );
  });

  test('rejects the relaxation when the limit is given anyway', () => {
    const { c } = agent({ resources: { memory: { limit: Size.mebibytes(512) } } }, { relaxations: [Relaxation.noLimit('agent', ResourceLimit.MEMORY, reason)] });
    expect(synthError(c)).toMatch(/'relaxations' declares no memory limit for container 'agent', which the pod does not use/);
  });
});

describe('image pull Secrets', () => {
  test('lists the named Secrets after cdk8s-plus\'s own', () => {
    const c = chart();
    const secret = new kplus.Secret(c, 'Registry', { type: 'kubernetes.io/dockerconfigjson', metadata: { name: 'registry' } });
    const ds = new DaemonSet(c, 'Agent', { metadata: { name: 'agent' }, imagePullSecrets: ['mirror'], dockerRegistryAuth: secret as unknown as kplus.DockerConfigSecret });
    ds.addContainer({ name: 'agent', image: 'example.com/agent:1.0.0' });
    expect(synthDaemonSet(c).spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry' }, { name: 'mirror' }]);
  });
});
