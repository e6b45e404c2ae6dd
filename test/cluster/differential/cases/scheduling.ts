import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { DaemonSet } from '../../../../src';
import { agent, Case, patch } from '../case';

const family = 'scheduling';
const { Node, NodeLabelQuery: L, NodeTaintQuery: T, TaintEffect } = kplus;
const pod = '/spec/template/spec';
const tolerating = (query: kplus.NodeTaintQuery) => (ch: any) => { const ds = agent(ch); ds.scheduling.tolerate(Node.tainted(query)); return ds; };
const attracting = (options: kplus.PodSchedulingAttractOptions, ...queries: kplus.NodeLabelQuery[]) => (ch: any) => {
  const ds = agent(ch);
  ds.scheduling.attract(Node.labeled(...queries), options);
  return ds;
};
const colocating = (topology: kplus.Topology, weight?: number) => (ch: any) => {
  const ds = agent(ch);
  ds.scheduling.separate(kplus.Pods.select(ch, 'Peers', { labels: { 'app.kubernetes.io/name': 'peer' } }), { topology, weight });
  return ds;
};
const spread = (...constraints: any[]) => (ch: any) => patch(agent(ch), JsonPatch.add(`${pod}/topologySpreadConstraints`, constraints));
const selector = { matchLabels: { 'app.kubernetes.io/name': 'agent' } };
const withPatch = (path: string, value: any) => (ch: any): DaemonSet => patch(agent(ch), JsonPatch.add(`${pod}/${path}`, value));

export const cases: Case[] = [
  { family, name: 'a toleration of a NoSchedule taint is valid', build: tolerating(T.is('example.com/dedicated', 'agents', { effect: TaintEffect.NO_SCHEDULE })) },
  { family, name: 'a toleration of every taint is valid', build: tolerating(T.any()) },
  { family, name: 'a toleration with an invalid key is invalid', build: tolerating(T.is('bad key', 'x')) },
  { family, name: 'a toleration with an invalid value is invalid', build: tolerating(T.is('example.com/dedicated', 'bad value!')) },
  { family, name: 'a toleration with a value of 64 characters is invalid', build: tolerating(T.is('example.com/dedicated', 'x'.repeat(64))) },
  { family, name: 'a NoExecute toleration with tolerationSeconds is valid', build: ch => patch(tolerating(T.exists('node.kubernetes.io/unreachable', { effect: TaintEffect.NO_EXECUTE }))(ch), JsonPatch.add(`${pod}/tolerations/1/tolerationSeconds`, 300)) },
  { family, name: 'tolerationSeconds with effect NoSchedule is invalid', build: withPatch('tolerations/-', { key: 'example.com/x', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }) },
  { family, name: 'an Exists toleration with a value is invalid', build: withPatch('tolerations/-', { key: 'example.com/x', operator: 'Exists', value: 'y' }) },
  { family, name: 'an Equal toleration without a key is invalid', build: withPatch('tolerations/-', { operator: 'Equal', value: 'y' }) },
  { family, name: 'a toleration with operator In is invalid', build: withPatch('tolerations/-', { key: 'example.com/x', operator: 'In', value: 'y' }) },
  { family, name: 'a toleration with effect Never is invalid', build: withPatch('tolerations/-', { key: 'example.com/x', operator: 'Exists', effect: 'Never' }) },
  { family, name: 'a required node affinity In is valid', build: attracting({}, L.in('kubernetes.io/arch', ['amd64', 'arm64'])) },
  { family, name: 'a required node affinity In without values is invalid', build: attracting({}, L.in('kubernetes.io/arch', [])) },
  { family, name: 'a required node affinity Gt with one number is valid', build: attracting({}, L.gt('example.com/generation', ['3'])) },
  { family, name: 'a required node affinity Gt with two values is invalid', build: attracting({}, L.gt('example.com/generation', ['3', '4'])) },
  { family, name: 'a required node affinity with an invalid value is invalid', build: attracting({}, L.is('example.com/zone', 'bad value!')) },
  { family, name: 'a required node affinity with an invalid key is invalid', build: attracting({}, L.exists('bad key')) },
  { family, name: 'a preferred node affinity of weight 50 is valid', build: attracting({ weight: 50 }, L.is('example.com/zone', 'a')) },
  { family, name: 'a preferred node affinity of weight 0 is invalid', build: attracting({ weight: 0 }, L.is('example.com/zone', 'a')) },
  {
    family,
    name: 'a preferred node affinity of weight 101 is refused at construction',
    build: attracting({ weight: 101 }, L.is('example.com/zone', 'a')),
    raw: m => {
      m.spec.template.spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, preference: { matchExpressions: [{ key: 'example.com/zone', operator: 'In', values: ['a'] }] } }] } };
    },
  },
  { family, name: 'a preferred node affinity with an invalid value is valid (preferences allow it)', build: attracting({ weight: 10 }, L.is('example.com/zone', 'bad value!')) },
  { family, name: 'assignment to a named node is valid', build: ch => { const ds = agent(ch); ds.scheduling.assign(Node.named('node-1')); return ds; } },
  { family, name: 'assignment to a node name with an underscore is invalid', build: ch => { const ds = agent(ch); ds.scheduling.assign(Node.named('node_1')); return ds; } },
  {
    family,
    name: 'a node affinity on a field other than metadata.name is invalid',
    build: withPatch('affinity', { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'spec.unschedulable', operator: 'In', values: ['false'] }] }] } } }),
  },
  { family, name: 'a required node affinity without terms is invalid', build: withPatch('affinity', { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }) },
  { family, name: 'a pod anti-affinity on the host name is valid', build: colocating(kplus.Topology.HOSTNAME) },
  { family, name: 'a pod anti-affinity on an invalid topology key is invalid', build: colocating(kplus.Topology.custom('bad key')) },
  {
    family,
    name: 'a preferred pod anti-affinity of weight 200 is refused at construction',
    build: colocating(kplus.Topology.ZONE, 200),
    raw: m => {
      m.spec.template.spec.affinity = {
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 200, podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'peer' } } } }] },
      };
    },
  },
  { family, name: 'a topology spread constraint is valid', build: spread({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector }) },
  { family, name: 'a topology spread constraint with maxSkew 0 is invalid', build: spread({ maxSkew: 0, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }) },
  { family, name: 'a topology spread constraint with whenUnsatisfiable Never is invalid', build: spread({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'Never' }) },
  { family, name: 'a topology spread constraint without a topology key is invalid', build: spread({ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule' }) },
  { family, name: 'minDomains with ScheduleAnyway is invalid', build: spread({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }) },
  { family, name: 'minDomains with DoNotSchedule is valid', build: spread({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 2, labelSelector: selector }) },
  {
    family,
    name: 'two topology spread constraints on one key and action are invalid',
    build: spread({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }, { maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }),
  },
  { family, name: 'a nodeAffinityPolicy of Maybe is invalid', build: spread({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', nodeAffinityPolicy: 'Maybe' }) },
  { family, name: 'matchLabelKeys without a labelSelector is invalid', build: spread({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['pod-template-hash'] }) },
  { family, name: 'matchLabelKeys with a labelSelector are valid', build: spread({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['pod-template-hash'], labelSelector: selector }) },
  { family, name: 'a readiness gate is valid', build: withPatch('readinessGates', [{ conditionType: 'example.com/registered' }]) },
  { family, name: 'a readiness gate with an invalid condition type is invalid', build: withPatch('readinessGates', [{ conditionType: 'bad condition' }]) },
  { family, name: 'a scheduling gate is valid', build: withPatch('schedulingGates', [{ name: 'example.com/wait' }]) },
  { family, name: 'one scheduling gate twice is invalid', build: withPatch('schedulingGates', [{ name: 'example.com/wait' }, { name: 'example.com/wait' }]) },
  { family, name: 'a node selector is valid', build: ch => agent(ch, { nodeSelector: { 'example.com/pool': 'agents' } }) },
  { family, name: 'a node selector with an invalid key is invalid', build: ch => agent(ch, { nodeSelector: { 'bad key': 'x' } }) },
  { family, name: 'a node selector with an invalid value is invalid', build: ch => agent(ch, { nodeSelector: { 'example.com/pool': 'bad value!' } }) },
  { family, name: 'a runtime class is valid', build: withPatch('runtimeClassName', 'gvisor') },
  { family, name: 'a runtime class with an underscore is invalid', build: withPatch('runtimeClassName', 'g_visor') },
  { family, name: 'preemptionPolicy Never is valid', build: withPatch('preemptionPolicy', 'Never') },
  { family, name: 'a preemptionPolicy of Sometimes is invalid', build: withPatch('preemptionPolicy', 'Sometimes') },
  { family, name: 'os linux is valid', build: withPatch('os', { name: 'linux' }) },
  { family, name: 'os plan9 is invalid', build: withPatch('os', { name: 'plan9' }) },
  { family, name: 'os windows with the library\'s Linux hardening is invalid', build: withPatch('os', { name: 'windows' }) },
];
