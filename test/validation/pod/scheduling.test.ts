import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { chart, synthDaemonSet, synthError } from '../../util';
import { agent, patched, POD } from '../helpers';

// src/validation/pod/scheduling.ts: tolerations, affinity, topology spread, readiness and
// scheduling gates, runtime class, preemption policy, os.

const { Node, NodeLabelQuery: L, NodeTaintQuery: T } = kplus;
const withPatch = (path: string, value: any) => {
  const c = chart();
  patched(agent(c), JsonPatch.add(`${POD}/${path}`, value));
  return c;
};

test('rejects a toleration value that is not a label value', () => {
  const c = chart();
  agent(c).scheduling.tolerate(Node.tainted(T.is('example.com/dedicated', 'bad value!')));
  expect(synthError(c)).toMatch(/test\/Agent: 'tolerations\[1\]\.value' is not a valid taint value for operator Equal \(received 'bad value!'\)/);
});

test('rejects a required node affinity In without values', () => {
  const c = chart();
  agent(c).scheduling.attract(Node.labeled(L.in('kubernetes.io/arch', [])));
  expect(synthError(c)).toMatch(
    /'affinity\.nodeAffinity\.requiredDuringSchedulingIgnoredDuringExecution\.nodeSelectorTerms\[0\]\.matchExpressions\[0\]\.values' must be set when operator is In/,
  );
});

test('accepts an invalid label value in a preferred node affinity, as the API server does', () => {
  const c = chart();
  agent(c).scheduling.attract(Node.labeled(L.is('example.com/zone', 'bad value!')), { weight: 10 });
  expect(synthDaemonSet(c).spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
});

test('rejects a topology spread constraint with maxSkew 0 and an unknown whenUnsatisfiable', () => {
  const error = synthError(withPatch('topologySpreadConstraints', [{ maxSkew: 0, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'Never' }]));
  expect(error).toMatch(/'topologySpreadConstraints\[0\]\.maxSkew' must be greater than 0 \(received 0\)/);
  expect(error).toMatch(/'topologySpreadConstraints\[0\]\.whenUnsatisfiable' is not a supported value \(received 'Never'\)\. Allowed: DoNotSchedule, ScheduleAnyway/);
});

test('rejects minDomains with ScheduleAnyway', () => {
  expect(synthError(withPatch('topologySpreadConstraints', [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }])))
    .toMatch(/'topologySpreadConstraints\[0\]\.minDomains' is only allowed with whenUnsatisfiable DoNotSchedule/);
});

test('rejects a readiness gate that is not a qualified name', () => {
  expect(synthError(withPatch('readinessGates', [{ conditionType: 'bad condition' }]))).toMatch(/'readinessGates\[0\]\.conditionType' is not a valid condition type/);
});

test('rejects one scheduling gate twice', () => {
  expect(synthError(withPatch('schedulingGates', [{ name: 'example.com/wait' }, { name: 'example.com/wait' }]))).toMatch(/'schedulingGates\[1\]\.name' is listed twice/);
});

test('rejects a runtime class name with an underscore', () => {
  expect(synthError(withPatch('runtimeClassName', 'g_visor'))).toMatch(/'runtimeClassName' is not a valid name \(received 'g_visor'\)/);
});

test('rejects an unknown preemption policy', () => {
  expect(synthError(withPatch('preemptionPolicy', 'Sometimes'))).toMatch(/'preemptionPolicy' is not a supported value \(received 'Sometimes'\)\. Allowed: PreemptLowerPriority, Never/);
});

test('rejects os.name plan9', () => {
  expect(synthError(withPatch('os', { name: 'plan9' }))).toMatch(/'os\.name' is not a supported value \(received 'plan9'\)\. Allowed: linux, windows/);
});

test('rejects os.name windows with the library\'s Linux hardening', () => {
  expect(synthError(withPatch('os', { name: 'windows' }))).toMatch(/'securityContext\.seccompProfile' cannot be set for a windows pod/);
});
