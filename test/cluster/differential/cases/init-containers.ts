import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Relaxation } from '../../../../src';
import { agent, Case, IMAGE, patch } from '../case';

const family = 'init containers';
const init = '/spec/template/spec/initContainers/0';
const probe = kplus.Probe.fromCommand(['true']);
/** The baseline with an init container `setup` that has a probe of `kind` (what cdk8s-plus refuses to build). */
const rawInit = (kind: string) => (m: any) => {
  m.spec.template.spec.initContainers = [{ ...structuredClone(m.spec.template.spec.containers[0]), name: 'setup', command: ['true'], [kind]: { exec: { command: ['true'] } } }];
};
const withInit = (ch: any, props: Partial<kplus.ContainerProps> = {}) => {
  const ds = agent(ch);
  ds.addInitContainer({ name: 'setup', image: IMAGE, command: ['true'], ...props });
  return ds;
};

export const cases: Case[] = [
  { family, name: 'an init container is valid', build: ch => withInit(ch) },
  { family, name: 'two init containers are valid', build: ch => withInit(ch).addInitContainer({ name: 'setup-2', image: IMAGE }) },
  { family, name: 'a sidecar (restartPolicy Always) with probes is valid', build: ch => withInit(ch, { restartPolicy: kplus.ContainerRestartPolicy.ALWAYS, liveness: probe, readiness: probe, startup: probe }) },
  { family, name: 'an init container with a liveness probe is invalid', build: ch => withInit(ch, { liveness: probe }), raw: rawInit('livenessProbe') },
  { family, name: 'an init container with a readiness probe is invalid', build: ch => withInit(ch, { readiness: probe }), raw: rawInit('readinessProbe') },
  { family, name: 'an init container with a startup probe is invalid', build: ch => withInit(ch, { startup: probe }), raw: rawInit('startupProbe') },
  { family, name: 'an init container with a liveness probe set by a patch is invalid', build: ch => patch(withInit(ch), JsonPatch.add(`${init}/livenessProbe`, { exec: { command: ['true'] } })) },
  { family, name: 'an init container with a preStop hook is invalid', build: ch => withInit(ch, { lifecycle: { preStop: kplus.Handler.fromCommand(['true']) } }) },
  { family, name: 'a sidecar with a preStop hook is valid', build: ch => withInit(ch, { restartPolicy: kplus.ContainerRestartPolicy.ALWAYS, lifecycle: { preStop: kplus.Handler.fromCommand(['true']) } }) },
  {
    family,
    name: 'an init container with restartPolicy Never is refused (the API server drops it)',
    build: ch => patch(withInit(ch), JsonPatch.add(`${init}/restartPolicy`, 'Never')),
    stricter: 'dropped-by-api-server',
  },
  {
    family,
    name: 'an init container with restartPolicy OnFailure is refused (the API server drops it)',
    build: ch => patch(withInit(ch), JsonPatch.add(`${init}/restartPolicy`, 'OnFailure')),
    stricter: 'dropped-by-api-server',
  },
  {
    family,
    name: 'a sidecar startup probe with successThreshold 2 is invalid',
    build: ch => patch(withInit(ch, { restartPolicy: kplus.ContainerRestartPolicy.ALWAYS, startup: probe }), JsonPatch.add(`${init}/startupProbe/successThreshold`, 2)),
  },
  { family, name: 'an init container with an empty image is invalid', build: ch => withInit(ch, { image: '' }) },
  { family, name: 'an init container with an invalid env var name is invalid', build: ch => withInit(ch, { envVariables: { 'A=B': kplus.EnvValue.fromValue('1') } }) },
  { family, name: 'an init container with a port out of range is invalid', build: ch => withInit(ch, { ports: [{ number: 70000 }] }) },
  {
    family,
    name: 'an init container binding the same host port twice is invalid',
    build: ch => patch(withInit(ch), JsonPatch.add(`${init}/ports`, [{ containerPort: 8080, hostPort: 9000 }, { containerPort: 8081, hostPort: 9000 }])),
  },
  {
    family,
    name: 'an init container that is not privileged but asks for Bidirectional propagation is invalid',
    build: ch => {
      const ds = withInit(ch);
      ds.initContainers[0].mount('/data', kplus.Volume.fromEmptyDir(ch, 'Data', 'data'), { propagation: kplus.MountPropagation.BIDIRECTIONAL });
    },
  },
  {
    family,
    name: 'an init container running as root with its relaxation is valid',
    build: ch => {
      const ds = agent(ch, { relaxations: [Relaxation.runAsRoot('setup', 'chowns the state directory')] });
      ds.addInitContainer({ name: 'setup', image: IMAGE, securityContext: { ensureNonRoot: false, user: 0 } });
    },
  },
  {
    family,
    name: 'an init container running as root without a relaxation is refused',
    build: ch => agent(ch).addInitContainer({ name: 'setup', image: IMAGE, securityContext: { ensureNonRoot: false, user: 0 } }),
    stricter: 'relaxation',
  },
  {
    family,
    name: 'an init container whose hostPort differs from its containerPort under hostNetwork is valid for the API server',
    build: ch => {
      const ds = agent(ch, { hostNetwork: true, relaxations: [Relaxation.hostNetwork('programs the node network'), Relaxation.hostPort(9000, 'binds during setup')] });
      ds.addInitContainer({ name: 'setup', image: IMAGE, ports: [{ number: 8080, hostPort: 9000 }] });
    },
  },
];
