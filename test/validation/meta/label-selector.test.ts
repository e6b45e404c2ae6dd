import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { chart, synthDaemonSet, synthError } from '../../util';
import { agent, patched } from '../helpers';

// src/validation/meta/label-selector.ts and the selector checks of apps/daemon-set.ts:
// ValidateLabelSelector, and the selector (expressions included) matching the template labels.

const { LabelExpression: E } = kplus;

function selecting(tier: string | undefined, ...expressions: kplus.LabelExpression[]) {
  const c = chart();
  agent(c, tier === undefined ? {} : { podMetadata: { labels: { tier } } }).select(kplus.LabelSelector.of({ expressions }));
  return c;
}

test('expressions that the template labels meet are valid', () => {
  const ds = synthDaemonSet(selecting('agent', E.in('tier', ['agent']), E.notIn('tier', ['batch']), E.exists('tier'), E.doesNotExist('track')));
  expect(ds.spec.selector.matchExpressions).toHaveLength(4);
});

test('rejects an In expression that the template labels do not meet', () => {
  expect(synthError(selecting('batch', E.in('tier', ['agent'])))).toMatch(
    /test\/Agent: 'podMetadata\.labels' do not meet selector requirement matchExpressions\[0\] \(tier In \["agent"\]\) \(received \{.*"tier":"batch".*\}\)\. Allowed: pod template labels that every selector requirement matches\. Fix: change podMetadata's label tier to meet tier In \["agent"\], or remove the requirement/,
  );
});

test('rejects an Exists expression on a label the template lacks', () => {
  expect(synthError(selecting(undefined, E.exists('tier')))).toMatch(/'podMetadata\.labels' do not meet selector requirement matchExpressions\[0\] \(tier Exists \[\]\)/);
});

test('rejects an In expression without values', () => {
  expect(synthError(selecting('agent', E.in('tier', [])))).toMatch(
    /'spec\.selector\.matchExpressions\[0\]\.values' must be set when operator is In \(received \[\]\)\. Allowed: at least one value\. Fix: list the values, or use operator Exists/,
  );
});

test('rejects an unknown operator', () => {
  const c = chart();
  patched(agent(c, { podMetadata: { labels: { tier: 'agent' } } }), JsonPatch.add('/spec/selector/matchExpressions', [{ key: 'tier', operator: 'Equals', values: ['agent'] }]));
  expect(synthError(c)).toMatch(
    /'spec\.selector\.matchExpressions\[0\]\.operator' is not a valid selector operator \(received 'Equals'\)\. Allowed: In, NotIn, Exists, DoesNotExist/,
  );
});

test('rejects an Exists expression with values', () => {
  const c = chart();
  patched(agent(c, { podMetadata: { labels: { tier: 'agent' } } }), JsonPatch.add('/spec/selector/matchExpressions', [{ key: 'tier', operator: 'Exists', values: ['agent'] }]));
  expect(synthError(c)).toMatch(/'spec\.selector\.matchExpressions\[0\]\.values' must be empty when operator is Exists/);
});

test('rejects an expression with an invalid key or value', () => {
  expect(synthError(selecting('agent', E.in('bad key', ['bad value!'])))).toMatch(
    /'spec\.selector\.matchExpressions\[0\]\.key' is not a valid label key \(received 'bad key'\)[\s\S]*'spec\.selector\.matchExpressions\[0\]\.values\[0\]' is not a valid label value \(received 'bad value!'\)/,
  );
});
