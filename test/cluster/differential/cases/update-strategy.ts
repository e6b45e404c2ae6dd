import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSetUpdateStrategy, Relaxation } from '../../../../src';
import { agent, Case, patch } from '../case';

const family = 'update strategy';
const { absolute, percent } = kplus.PercentOrAbsolute;
const rolling = (rollingUpdate: any) => (m: any) => { m.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate }; };
const hostPort = { ports: [{ number: 9100, hostPort: 9100 }] };
const hostPortRelaxation = [Relaxation.hostPort(9100, 'serves metrics on the node address')];

/** An agent that writes /var/lib/agent on its node, declared as its own (`writableHostPath`) or as shared. */
function writer(ch: Parameters<typeof agent>[0], shared: boolean, updateStrategy?: DaemonSetUpdateStrategy) {
  const relaxation = shared
    ? Relaxation.sharedWritableHostPath('/var/lib/agent', 'each pod writes only the directory named after its pod UID')
    : Relaxation.writableHostPath('/var/lib/agent', 'keeps its position database across restarts');
  const ds = agent(ch, { relaxations: [relaxation], updateStrategy });
  // An existing directory the agent's uid owns: one the kubelet creates would be root's, which the
  // library refuses for uid 65534 whatever the update strategy.
  ds.containers[0].mount('/var/lib/agent', kplus.Volume.fromHostPath(ds, 'State', 'state', {
    path: '/var/lib/agent', type: kplus.HostPathVolumeType.DIRECTORY,
  }), { readOnly: false });
  return ds;
}

export const cases: Case[] = [
  { family, name: 'the default strategy (a surge of one) is valid', build: ch => agent(ch) },
  { family, name: 'a surge of two is valid', build: ch => agent(ch, { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(2) }) }) },
  { family, name: 'a surge of 25% is valid', build: ch => agent(ch, { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: percent(25) }) }) },
  { family, name: 'maxUnavailable 100% is valid', build: ch => agent(ch, { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: percent(100) }) }) },
  { family, name: 'maxUnavailable 5 is valid', build: ch => agent(ch, { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: absolute(5) }) }) },
  { family, name: 'OnDelete is valid', build: ch => agent(ch, { updateStrategy: DaemonSetUpdateStrategy.onDelete() }) },
  {
    family,
    name: 'a surge of 150% is refused at construction',
    build: ch => agent(ch, { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: percent(150) }) }),
    raw: rolling({ maxSurge: '150%', maxUnavailable: 0 }),
  },
  {
    family,
    name: 'no surge and no unavailable pod is refused at construction',
    build: ch => agent(ch, { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(0), maxUnavailable: absolute(0) }) }),
    raw: rolling({ maxSurge: 0, maxUnavailable: 0 }),
  },
  {
    family,
    name: 'a surge together with an unavailable pod is refused at construction',
    build: ch => agent(ch, { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(1), maxUnavailable: absolute(1) }) }),
    raw: rolling({ maxSurge: 1, maxUnavailable: 1 }),
  },
  {
    family,
    name: 'a negative maxUnavailable is refused at construction',
    build: ch => agent(ch, { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: absolute(-1) }) }),
    raw: rolling({ maxSurge: 0, maxUnavailable: -1 }),
  },
  {
    family,
    name: 'a fractional maxUnavailable is refused at construction',
    build: ch => agent(ch, { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: absolute(1.5) }) }),
    raw: rolling({ maxSurge: 0, maxUnavailable: 1.5 }),
  },
  { family, name: 'a strategy type Recreate is invalid', build: ch => patch(agent(ch), JsonPatch.replace('/spec/updateStrategy/type', 'Recreate')) },
  {
    family,
    name: 'rollingUpdate settings with OnDelete are ignored, so refused',
    build: ch => patch(agent(ch, { updateStrategy: DaemonSetUpdateStrategy.onDelete() }), JsonPatch.add('/spec/updateStrategy/rollingUpdate', { maxUnavailable: { value: 1 } })),
    stricter: 'on-delete-rolling-update',
  },
  { family, name: 'a maxSurge of "10" without % is invalid', build: ch => patch(agent(ch), JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', { value: '10' })) },
  { family, name: 'a negative maxSurge is invalid', build: ch => patch(agent(ch), JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', { value: -1 })) },
  { family, name: 'maxSurge 0% with maxUnavailable 0 is invalid', build: ch => patch(agent(ch), JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', { value: '0%' })) },
  { family, name: 'maxUnavailable 101% is invalid', build: ch => patch(agent(ch, { updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: absolute(1) }) }), JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxUnavailable', { value: '101%' })) },
  {
    family,
    name: 'a strategy patched without a type is defaulted to RollingUpdate and valid',
    build: ch => patch(agent(ch), JsonPatch.replace('/spec/updateStrategy', { rollingUpdate: { maxUnavailable: { value: 2 } } })),
  },
  { family, name: 'a strategy removed by a patch is defaulted and valid', build: ch => patch(agent(ch), JsonPatch.remove('/spec/updateStrategy')) },
  { family, name: 'a negative minReadySeconds is invalid', build: ch => agent(ch, { minReadySeconds: -1 }) },
  { family, name: 'minReadySeconds of 30 is valid', build: ch => agent(ch, { minReadySeconds: 30 }) },
  { family, name: 'a fractional minReadySeconds patched in is invalid', build: ch => patch(agent(ch), JsonPatch.replace('/spec/minReadySeconds', 2.5)) },
  { family, name: 'a negative revisionHistoryLimit is invalid', build: ch => agent(ch, { revisionHistoryLimit: -1 }) },
  { family, name: 'a revisionHistoryLimit of 0 is valid', build: ch => agent(ch, { revisionHistoryLimit: 0 }) },
  { family, name: 'a host port with the default strategy (one node at a time) is valid', build: ch => agent(ch, { relaxations: hostPortRelaxation }, hostPort) },
  {
    family,
    name: 'a surge while the pod binds a host port is refused',
    build: ch => agent(ch, {
      relaxations: hostPortRelaxation,
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(1) }),
    }, hostPort),
    stricter: 'no-surge-with-host-ports',
  },
  {
    family,
    name: 'a surge patched in while the pod binds a host port is refused',
    build: ch => patch(agent(ch, { relaxations: hostPortRelaxation }, hostPort),
      JsonPatch.replace('/spec/updateStrategy/rollingUpdate', { maxSurge: { value: 1 }, maxUnavailable: { value: 0 } })),
    stricter: 'no-surge-with-host-ports',
  },
  { family, name: 'a written host path with the default strategy (one node at a time) is valid', build: ch => writer(ch, false) },
  {
    family,
    name: 'a surge while the pod writes a host path of its own is refused',
    build: ch => writer(ch, false, DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(1) })),
    stricter: 'no-surge-with-written-host-paths',
  },
  { family, name: 'a surge while the pod writes a host path declared shared is valid', build: ch => writer(ch, true, DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(1) })) },
  { family, name: 'maxUnavailable 10% with a host port is valid', build: ch => agent(ch, { relaxations: hostPortRelaxation, updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: percent(10) }) }, hostPort) },
];
