import { JsonPatch } from 'cdk8s';
import { Relaxation } from '../../../../src';
import { agent, Case, IMAGE, patch } from '../case';

/**
 * JSON patches are applied to cdk8s-plus's typed shape before it converts keys to Kubernetes'
 * (hostPid becomes hostPID, quantities and int-or-string values are `{ value }`), and defaults
 * that depend on the pod (update strategy, DNS policy) follow the patched pod.
 */
const family = 'patches';
const pod = '/spec/template/spec';
const c0 = `${pod}/containers/0`;

export const cases: Case[] = [
  {
    family,
    name: 'a patch that adds a host port, with its relaxation, gets the no-surge default',
    build: ch => patch(agent(ch, { relaxations: [Relaxation.hostPort(9100, 'metrics on the node address')] }),
      JsonPatch.add(`${c0}/ports`, [{ containerPort: 9100, hostPort: 9100 }])),
  },
  {
    family,
    name: 'a patch that turns on hostNetwork with container ports, with its relaxation, gets the no-surge default',
    build: ch => patch(agent(ch, { networkPolicy: false, relaxations: [Relaxation.hostNetwork('serves on the node address')] }, { ports: [{ number: 9100 }] }),
      JsonPatch.replace(`${pod}/hostNetwork`, true)),
  },
  {
    family,
    name: 'a patch that turns on hostPID in cdk8s-plus\'s shape (hostPid), with its relaxation, is valid',
    build: ch => patch(agent(ch, { relaxations: [Relaxation.hostPid('reads the node\'s processes')] }), JsonPatch.add(`${pod}/hostPid`, true)),
  },
  {
    family,
    name: 'a patch with the Kubernetes key hostPID, which cdk8s-plus would drop, is refused',
    build: ch => patch(agent(ch, { relaxations: [Relaxation.hostPid('reads the node\'s processes')] }), JsonPatch.add(`${pod}/hostPID`, true)),
    raw: m => { m.spec.template.spec.hostPID = true; },
    stricter: 'patch-key-dropped',
  },
  {
    family,
    name: 'a patch with the Kubernetes key hostIP on a port, which cdk8s-plus would drop, is refused',
    build: ch => patch(agent(ch, {}, { ports: [{ number: 9100 }] }), JsonPatch.add(`${c0}/ports/0/hostIP`, '127.0.0.1')),
    raw: m => { m.spec.template.spec.containers[0].ports = [{ containerPort: 9100, hostIP: '127.0.0.1' }]; },
    stricter: 'patch-key-dropped',
  },
  {
    family,
    name: 'a patch with maxSurge \'25%\' in Kubernetes\' shape, which cdk8s-plus would drop, is refused',
    build: ch => patch(agent(ch), JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', '25%')),
    raw: m => { m.spec.updateStrategy.rollingUpdate.maxSurge = '25%'; },
    stricter: 'patch-key-dropped',
  },
  { family, name: 'a patch with maxSurge { value: \'25%\' } is valid', build: ch => patch(agent(ch), JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', { value: '25%' })) },
  {
    family,
    name: 'a patch with a cpu limit as a plain string, which cdk8s-plus would drop, is refused',
    build: ch => patch(agent(ch), JsonPatch.replace(`${c0}/resources/limits/cpu`, '500m')),
    raw: m => { m.spec.template.spec.containers[0].resources.limits.cpu = '500m'; },
    stricter: 'patch-key-dropped',
  },
  {
    family,
    name: 'a patch with a misspelt field is refused, as the API server refuses unknown fields',
    build: ch => patch(agent(ch), JsonPatch.add(`${pod}/hostNetwrok`, true)),
    raw: m => { m.spec.template.spec.hostNetwrok = true; },
  },
  {
    family,
    name: 'a patch with a field Kubernetes 1.28 lacks (appArmorProfile) is refused',
    build: ch => patch(agent(ch), JsonPatch.add(`${c0}/securityContext/appArmorProfile`, { type: 'RuntimeDefault' })),
    raw: m => { m.spec.template.spec.containers[0].securityContext.appArmorProfile = { type: 'RuntimeDefault' }; },
    stricter: 'patch-key-dropped',
  },
  {
    family,
    name: 'a patch with the Kubernetes key downwardAPI on a volume, which cdk8s-plus would drop, is refused',
    build: ch => patch(agent(ch), JsonPatch.add(`${pod}/volumes`, [{ name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }])),
    raw: m => { m.spec.template.spec.volumes = [{ name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }]; },
    stricter: 'patch-key-dropped',
  },
  { family, name: 'a patch that sets the DNS policy with hostNetwork is kept', build: ch => patch(agent(ch, { hostNetwork: true, relaxations: [Relaxation.hostNetwork('reads the node network')] }), JsonPatch.replace(`${pod}/dnsPolicy`, 'Default')) },
  {
    family,
    name: 'a patch that adds a host port without a relaxation is refused',
    build: ch => patch(agent(ch), JsonPatch.add(`${c0}/ports`, [{ containerPort: 9100, hostPort: 9100 }])),
    stricter: 'relaxation',
  },
  {
    family,
    name: 'a patch that sets a surge strategy of its own with a patched host port is refused',
    build: ch => patch(agent(ch, { relaxations: [Relaxation.hostPort(9100, 'serves metrics on the node address')] }),
      JsonPatch.add(`${c0}/ports`, [{ containerPort: 9100, hostPort: 9100 }]),
      JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', { value: 2 })),
    stricter: 'no-surge-with-host-ports',
  },
  {
    family,
    name: 'a patch that adds a hardened sidecar in cdk8s-plus\'s shape is valid',
    build: ch => patch(agent(ch), JsonPatch.add(`${pod}/containers/-`, {
      name: 'sidecar',
      image: IMAGE,
      resources: { requests: { cpu: { value: '10m' }, memory: { value: '16Mi' } }, limits: { memory: { value: '32Mi' } } },
      securityContext: { runAsNonRoot: true, runAsUser: 65534, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    })),
  },
  { family, name: 'a patch that sets an env var in cdk8s-plus\'s shape is valid', build: ch => patch(agent(ch), JsonPatch.add(`${c0}/env`, [{ name: 'LOG_LEVEL', value: 'debug' }])) },
  { family, name: 'a patch that replaces the image with an empty one is invalid', build: ch => patch(agent(ch), JsonPatch.replace(`${c0}/image`, '')) },
];
