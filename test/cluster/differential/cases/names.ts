import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { agent, Case, IMAGE, patch } from '../case';

const family = 'names';
const long = (n: number) => 'a'.repeat(n);

export const cases: Case[] = [
  { family, name: 'a DaemonSet name with upper-case letters is invalid', build: ch => agent(ch, { metadata: { name: 'Agent' }, instance: 'agent' }) },
  { family, name: 'a DaemonSet name with an underscore is invalid', build: ch => agent(ch, { metadata: { name: 'node_agent' }, instance: 'node-agent' }) },
  { family, name: 'a DaemonSet name with dots (a DNS subdomain) is valid', build: ch => agent(ch, { metadata: { name: 'agent.v1' } }) },
  {
    family,
    name: 'a DaemonSet name of 253 characters is valid',
    build: ch => agent(ch, { metadata: { name: `${long(63)}.${long(63)}.${long(63)}.${long(61)}` }, instance: 'agent' }),
  },
  {
    family,
    name: 'a DaemonSet name of 254 characters is invalid',
    build: ch => agent(ch, { metadata: { name: `${long(63)}.${long(63)}.${long(63)}.${long(62)}` }, instance: 'agent' }),
  },
  {
    family,
    name: 'a DaemonSet name of 64 characters is refused at construction, where it would become the instance label',
    build: ch => agent(ch, { metadata: { name: long(64) } }),
    raw: m => {
      m.metadata.name = long(64);
      m.metadata.labels['app.kubernetes.io/instance'] = long(64);
    },
  },
  { family, name: 'a namespace with upper-case letters is invalid', build: ch => agent(ch, { metadata: { name: 'agent', namespace: 'Differential' } }) },
  { family, name: 'the namespace the test creates is valid', build: ch => agent(ch, { metadata: { name: 'agent', namespace: 'differential' } }) },
  { family, name: 'a container name with upper-case letters is invalid', build: ch => agent(ch, {}, { name: 'Main' }) },
  { family, name: 'a container name with an underscore is invalid', build: ch => agent(ch, {}, { name: 'main_1' }) },
  { family, name: 'a container name of 64 characters is invalid', build: ch => agent(ch, {}, { name: long(64) }) },
  { family, name: 'a container name of 63 characters is valid', build: ch => agent(ch, {}, { name: long(63) }) },
  { family, name: 'a container name starting with a digit is valid', build: ch => agent(ch, {}, { name: '1agent' }) },
  { family, name: 'an empty container name set by a patch is invalid', build: ch => patch(agent(ch), JsonPatch.replace('/spec/template/spec/containers/0/name', '')) },
  { family, name: 'an init container name with a dot is invalid', build: ch => agent(ch).addInitContainer({ name: 'init.setup', image: IMAGE }) },
  { family, name: 'an init container named like the container is invalid', build: ch => agent(ch).addInitContainer({ name: 'main', image: IMAGE }) },
  { family, name: 'two containers with the same name are invalid', build: ch => agent(ch).addContainer({ name: 'main', image: IMAGE }) },
  {
    family,
    name: 'a volume name with upper-case letters is invalid',
    build: ch => agent(ch).containers[0].mount('/data', kplus.Volume.fromEmptyDir(ch, 'Data', 'Data')),
  },
  {
    family,
    name: 'a volume name of 64 characters is invalid',
    build: ch => agent(ch).containers[0].mount('/data', kplus.Volume.fromEmptyDir(ch, 'Data', long(64))),
  },
  {
    family,
    name: 'two volumes with the same name are invalid',
    build: ch => {
      const ds = agent(ch);
      ds.containers[0].mount('/a', kplus.Volume.fromEmptyDir(ch, 'A', 'data'));
      patch(ds, JsonPatch.add('/spec/template/spec/volumes/-', { name: 'data', emptyDir: {} }));
    },
  },
  { family, name: 'a port name of 16 characters is invalid', build: ch => agent(ch, {}, { ports: [{ number: 9100, name: 'metrics-exporter' }] }) },
  { family, name: 'a port name with upper-case letters is invalid', build: ch => agent(ch, {}, { ports: [{ number: 9100, name: 'Metrics' }] }) },
  { family, name: 'a port name without a letter is invalid', build: ch => agent(ch, {}, { ports: [{ number: 9100, name: '9100' }] }) },
  { family, name: 'a port name with two hyphens in a row is invalid', build: ch => agent(ch, {}, { ports: [{ number: 9100, name: 'http--metrics' }] }) },
  { family, name: 'a port name of 15 characters is valid', build: ch => agent(ch, {}, { ports: [{ number: 9100, name: 'metrics-export1' }] }) },
  {
    family,
    name: 'an appName of 64 characters is refused at construction (it is the name label)',
    build: ch => agent(ch, { appName: long(64) }),
    raw: m => {
      for (const labels of [m.metadata.labels, m.spec.selector.matchLabels, m.spec.template.metadata.labels]) labels['app.kubernetes.io/name'] = long(64);
    },
  },
  {
    family,
    name: 'an instance with a trailing dash is refused at construction (it is the instance label)',
    build: ch => agent(ch, { instance: 'agent-' }),
    raw: m => {
      for (const labels of [m.metadata.labels, m.spec.selector.matchLabels, m.spec.template.metadata.labels]) labels['app.kubernetes.io/instance'] = 'agent-';
    },
  },
  { family, name: 'a priority class name with an underscore is invalid', build: ch => agent(ch, { priorityClassName: 'node_critical' }) },
  { family, name: 'a priority class name with dots is valid', build: ch => agent(ch, { priorityClassName: 'agents.example.com' }) },
  {
    family,
    name: 'a service account name with upper-case letters is invalid',
    build: ch => agent(ch, { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(ch, 'Sa', 'Agent') }),
  },
  {
    family,
    name: 'a service account name with dots is valid',
    build: ch => agent(ch, { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(ch, 'Sa', 'agent.reader') }),
  },
];
