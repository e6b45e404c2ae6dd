import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Relaxation } from '../../../../src';
import { agent, Case, IMAGE, patch } from '../case';

const family = 'containers';
const c0 = '/spec/template/spec/containers/0';

export const cases: Case[] = [
  { family, name: 'one hardened container is valid', build: ch => agent(ch) },
  { family, name: 'two containers are valid', build: ch => agent(ch).addContainer({ name: 'sidecar', image: IMAGE }) },
  { family, name: 'an empty image is invalid', build: ch => agent(ch, {}, { image: '' }) },
  { family, name: 'an image of spaces is refused', build: ch => agent(ch, {}, { image: '   ' }), stricter: 'image-of-spaces' },
  // An image given without a tag, or tagged latest, is refused when the container is added.
  {
    family,
    name: 'an image without a tag is refused',
    build: ch => agent(ch, {}, { image: 'registry.example.com/agent' }),
    raw: m => { m.spec.template.spec.containers[0].image = 'registry.example.com/agent'; },
    stricter: 'pinned-image',
  },
  {
    family,
    name: 'an image tagged latest is refused',
    build: ch => agent(ch, {}, { image: 'registry.example.com/agent:latest' }),
    raw: m => { m.spec.template.spec.containers[0].image = 'registry.example.com/agent:latest'; },
    stricter: 'pinned-image',
  },
  {
    family,
    name: 'an image without a tag patched in is refused',
    build: ch => patch(agent(ch), JsonPatch.replace(`${c0}/image`, 'registry.example.com/agent')),
    stricter: 'pinned-image',
  },
  { family, name: 'an image pinned by digest is valid', build: ch => agent(ch, {}, { image: `registry.example.com/agent@sha256:${'a'.repeat(64)}` }) },
  { family, name: 'imagePullPolicy IfNotPresent is valid', build: ch => agent(ch, {}, { imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT }) },
  { family, name: 'imagePullPolicy Never is valid', build: ch => agent(ch, {}, { imagePullPolicy: kplus.ImagePullPolicy.NEVER }) },
  { family, name: 'an imagePullPolicy of Sometimes is invalid', build: ch => patch(agent(ch), JsonPatch.replace(`${c0}/imagePullPolicy`, 'Sometimes')) },
  { family, name: 'an empty imagePullPolicy is defaulted and valid', build: ch => patch(agent(ch), JsonPatch.replace(`${c0}/imagePullPolicy`, '')) },
  { family, name: 'terminationMessagePolicy FallbackToLogsOnError is valid', build: ch => patch(agent(ch), JsonPatch.add(`${c0}/terminationMessagePolicy`, 'FallbackToLogsOnError')) },
  { family, name: 'a terminationMessagePolicy of Stdout is invalid', build: ch => patch(agent(ch), JsonPatch.add(`${c0}/terminationMessagePolicy`, 'Stdout')) },
  { family, name: 'a custom terminationMessagePath is valid', build: ch => patch(agent(ch), JsonPatch.add(`${c0}/terminationMessagePath`, '/tmp/termination-log')) },
  {
    family,
    name: 'restartPolicy on a regular container is refused (the API server drops it)',
    build: ch => agent(ch, {}, { restartPolicy: kplus.ContainerRestartPolicy.ALWAYS }),
    raw: m => { m.spec.template.spec.containers[0].restartPolicy = 'Always'; },
    stricter: 'dropped-by-api-server',
  },
  {
    family,
    name: 'restartPolicy patched onto a regular container is refused (the API server drops it)',
    build: ch => patch(agent(ch), JsonPatch.add(`${c0}/restartPolicy`, 'Always')),
    stricter: 'dropped-by-api-server',
  },
  {
    family,
    name: 'a negative termination grace period set by a patch is refused (the API server treats it as 1)',
    build: ch => patch(agent(ch), JsonPatch.replace('/spec/template/spec/terminationGracePeriodSeconds', -5)),
    stricter: 'negative-grace-period',
  },
  { family, name: 'a termination grace period of 0 is valid', build: ch => patch(agent(ch), JsonPatch.replace('/spec/template/spec/terminationGracePeriodSeconds', 0)) },
  { family, name: 'a command and args are valid', build: ch => agent(ch, {}, { command: ['/agent'], args: ['--verbose'] }) },
  { family, name: 'a relative working directory is valid', build: ch => agent(ch, {}, { workingDir: 'work' }) },
  { family, name: 'a cpu resize policy is valid', build: ch => patch(agent(ch), JsonPatch.add(`${c0}/resizePolicy`, [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }])) },
  { family, name: 'a resize policy for a gpu is invalid', build: ch => patch(agent(ch), JsonPatch.add(`${c0}/resizePolicy`, [{ resourceName: 'nvidia.com/gpu', restartPolicy: 'NotRequired' }])) },
  {
    family,
    name: 'a resize policy naming memory twice is invalid',
    build: ch => patch(agent(ch), JsonPatch.add(`${c0}/resizePolicy`, [{ resourceName: 'memory', restartPolicy: 'NotRequired' }, { resourceName: 'memory', restartPolicy: 'RestartContainer' }])),
  },
  { family, name: 'a resize policy with an unknown restart policy is invalid', build: ch => patch(agent(ch), JsonPatch.add(`${c0}/resizePolicy`, [{ resourceName: 'cpu', restartPolicy: 'Always' }])) },
  { family, name: 'stdin and tty are valid', build: ch => patch(agent(ch), JsonPatch.add(`${c0}/stdin`, true), JsonPatch.add(`${c0}/tty`, true)) },
  {
    family,
    name: 'no container at all is refused before serialization',
    build: ch => agent(ch, { containers: [] }),
    raw: m => { m.spec.template.spec.containers = []; },
  },
  {
    family,
    name: 'a mount of a volume the pod does not have is invalid',
    build: ch => patch(agent(ch), JsonPatch.add(`${c0}/volumeMounts`, [{ name: 'missing', mountPath: '/data' }])),
  },
  { family, name: 'an ephemeral container in the template is invalid', build: ch => patch(agent(ch), JsonPatch.add('/spec/template/spec/ephemeralContainers', [{ name: 'debug', image: IMAGE }])) },
  {
    family,
    name: 'a writable root filesystem with its relaxation is valid',
    build: ch => agent(ch, { relaxations: [Relaxation.writableRootFilesystem('main', 'writes its cache to /var/cache')] }, { securityContext: { readOnlyRootFilesystem: false } }),
  },
  {
    family,
    name: 'a writable root filesystem without a relaxation is refused',
    build: ch => agent(ch, {}, { securityContext: { readOnlyRootFilesystem: false } }),
    stricter: 'relaxation',
  },
  {
    family,
    name: 'a container added by a patch without the hardening is refused',
    build: ch => patch(agent(ch), JsonPatch.add('/spec/template/spec/containers/-', { name: 'raw', image: IMAGE })),
    stricter: 'relaxation',
  },
  {
    family,
    name: 'a container whose resources a patch removes is refused',
    build: ch => patch(agent(ch), JsonPatch.remove(`${c0}/resources`)),
    stricter: 'agent-resources',
  },
];
