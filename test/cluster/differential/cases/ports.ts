import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Relaxation } from '../../../../src';
import { agent, Case, IMAGE, patch } from '../case';

const family = 'ports';
const c0 = '/spec/template/spec/containers/0';
const hostNetwork = Relaxation.hostNetwork('serves on the node address');
const ports = (...p: kplus.ContainerPort[]) => (ch: any) => agent(ch, {}, { ports: p });

export const cases: Case[] = [
  { family, name: 'port 1 is valid', build: ports({ number: 1 }) },
  { family, name: 'port 65535 is valid', build: ports({ number: 65535 }) },
  { family, name: 'port 0 is invalid', build: ports({ number: 0 }) },
  { family, name: 'port 65536 is invalid', build: ports({ number: 65536 }) },
  { family, name: 'a negative port is invalid', build: ports({ number: -80 }) },
  { family, name: 'UDP and SCTP ports are valid', build: ports({ number: 53, protocol: kplus.Protocol.UDP }, { number: 2905, protocol: kplus.Protocol.SCTP }) },
  { family, name: 'one port number over TCP and UDP is valid', build: ports({ number: 53, protocol: kplus.Protocol.TCP }, { number: 53, protocol: kplus.Protocol.UDP }) },
  { family, name: 'a protocol of HTTP is invalid', build: ch => patch(agent(ch, {}, { ports: [{ number: 8080 }] }), JsonPatch.add(`${c0}/ports/0/protocol`, 'HTTP')) },
  { family, name: 'an empty protocol is defaulted to TCP and valid', build: ch => patch(agent(ch, {}, { ports: [{ number: 8080 }] }), JsonPatch.replace(`${c0}/ports/0/protocol`, '')) },
  {
    family,
    name: 'two ports with one name are refused at construction',
    build: ports({ number: 8080, name: 'http' }, { number: 8081, name: 'http' }),
    raw: m => { m.spec.template.spec.containers[0].ports = [{ containerPort: 8080, name: 'http' }, { containerPort: 8081, name: 'http' }]; },
  },
  {
    family,
    name: 'one containerPort and protocol declared twice is invalid (server-side apply keys ports by them)',
    build: ch => patch(agent(ch, {}, { ports: [{ number: 8080 }] }), JsonPatch.add(`${c0}/ports/-`, { containerPort: 8080, protocol: 'TCP', name: 'again' })),
  },
  { family, name: 'a named port is valid', build: ports({ number: 8080, name: 'http-metrics' }) },
  { family, name: 'a host port with its relaxation is valid', build: ch => agent(ch, { relaxations: [Relaxation.hostPort(9100, 'metrics on the node address')] }, { ports: [{ number: 9100, hostPort: 9100 }] }) },
  { family, name: 'a host port without a relaxation is refused', build: ports({ number: 9100, hostPort: 9100 }), stricter: 'relaxation' },
  { family, name: 'host port 70000 is invalid', build: ch => agent(ch, { relaxations: [Relaxation.hostPort(70000, 'serves metrics on the node address')] }, { ports: [{ number: 9100, hostPort: 70000 }] }) },
  { family, name: 'a negative host port is invalid', build: ch => patch(agent(ch, {}, { ports: [{ number: 9100 }] }), JsonPatch.add(`${c0}/ports/0/hostPort`, -1)) },
  { family, name: 'host port 0 (unset) is valid', build: ch => patch(agent(ch, {}, { ports: [{ number: 9100 }] }), JsonPatch.add(`${c0}/ports/0/hostPort`, 0)) },
  {
    family,
    name: 'with hostNetwork, a hostPort other than the containerPort is invalid',
    build: ch => agent(ch, { hostNetwork: true, relaxations: [hostNetwork, Relaxation.hostPort(9200, 'serves metrics on the node address')] }, { ports: [{ number: 9100, hostPort: 9200 }] }),
  },
  {
    family,
    name: 'with hostNetwork, a hostPort equal to the containerPort is valid',
    build: ch => agent(ch, { hostNetwork: true, relaxations: [hostNetwork, Relaxation.hostPort(9100, 'serves metrics on the node address')] }, { ports: [{ number: 9100, hostPort: 9100 }] }),
  },
  { family, name: 'with hostNetwork, a container port alone is valid', build: ch => agent(ch, { hostNetwork: true, relaxations: [hostNetwork] }, { ports: [{ number: 9100 }] }) },
  {
    family,
    name: 'two containers on one host port are invalid',
    build: ch => agent(ch, { relaxations: [Relaxation.hostPort(9100, 'serves metrics on the node address')] }, { ports: [{ number: 9100, hostPort: 9100 }] })
      .addContainer({ name: 'sidecar', image: IMAGE, ports: [{ number: 9101, hostPort: 9100 }] }),
  },
  {
    family,
    name: 'two containers on one host port and two host IPs are valid',
    build: ch => agent(ch, { relaxations: [Relaxation.hostPort(9100, 'serves metrics on the node address')] }, { ports: [{ number: 9100, hostPort: 9100, hostIp: '127.0.0.1' }] })
      .addContainer({ name: 'sidecar', image: IMAGE, ports: [{ number: 9101, hostPort: 9100, hostIp: '127.0.0.2' }] }),
  },
  {
    family,
    name: 'one host port on 0.0.0.0 and on every address is refused (the binds overlap)',
    build: ch => agent(ch, { relaxations: [Relaxation.hostPort(9100, 'serves metrics on the node address')] }, { ports: [{ number: 9100, hostPort: 9100, hostIp: '0.0.0.0' }] })
      .addContainer({ name: 'sidecar', image: IMAGE, ports: [{ number: 9101, hostPort: 9100 }] }),
    stricter: 'host-port-once',
  },
  {
    family,
    name: 'with hostNetwork, two containers on one container port are refused',
    build: ch => agent(ch, { hostNetwork: true, relaxations: [hostNetwork] }, { ports: [{ number: 9100 }] })
      .addContainer({ name: 'sidecar', image: IMAGE, ports: [{ number: 9100 }] }),
    stricter: 'host-port-once',
  },
  {
    family,
    name: 'a hostIP without a hostPort is refused (the API server admits it with a warning)',
    build: ports({ number: 9100, hostIp: '127.0.0.1' }),
    stricter: 'host-ip-without-host-port',
  },
  {
    family,
    name: 'a hostIP with its hostPort is valid',
    build: ch => agent(ch, { relaxations: [Relaxation.hostPort(9100, 'serves metrics on the node address')] }, { ports: [{ number: 9100, hostPort: 9100, hostIp: '127.0.0.1' }] }),
  },
];
