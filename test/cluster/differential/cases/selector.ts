import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { DaemonSet } from '../../../../src';
import { agent, Case, patch } from '../case';

const family = 'selector';
const { LabelExpression: E } = kplus;

/** The agent with a `tier` pod label (unless `tier` is undefined) and the selector expressions. */
function selecting(ch: any, tier: string | undefined, ...expressions: kplus.LabelExpression[]): DaemonSet {
  const ds = agent(ch, tier === undefined ? {} : { podMetadata: { labels: { tier } } });
  ds.select(kplus.LabelSelector.of({ expressions }));
  return ds;
}

const replaceExpressions = (exprs: any[]) => JsonPatch.add('/spec/selector/matchExpressions', exprs);

export const cases: Case[] = [
  { family, name: 'an In expression the template labels meet is valid', build: ch => selecting(ch, 'agent', E.in('tier', ['agent', 'daemon'])) },
  { family, name: 'an In expression on a label the template lacks is invalid', build: ch => selecting(ch, undefined, E.in('tier', ['agent'])) },
  { family, name: 'an In expression whose values the template label does not have is invalid', build: ch => selecting(ch, 'batch', E.in('tier', ['agent'])) },
  { family, name: 'a NotIn expression with the template\'s value is invalid', build: ch => selecting(ch, 'agent', E.notIn('tier', ['agent'])) },
  { family, name: 'a NotIn expression with other values is valid', build: ch => selecting(ch, 'agent', E.notIn('tier', ['batch'])) },
  { family, name: 'a NotIn expression on a label the template lacks is valid', build: ch => selecting(ch, undefined, E.notIn('tier', ['batch'])) },
  { family, name: 'an Exists expression on a template label is valid', build: ch => selecting(ch, 'agent', E.exists('tier')) },
  { family, name: 'an Exists expression on a label the template lacks is invalid', build: ch => selecting(ch, undefined, E.exists('tier')) },
  { family, name: 'a DoesNotExist expression on a template label is invalid', build: ch => selecting(ch, 'agent', E.doesNotExist('tier')) },
  { family, name: 'a DoesNotExist expression on a label the template lacks is valid', build: ch => selecting(ch, undefined, E.doesNotExist('tier')) },
  { family, name: 'an In expression without values is invalid', build: ch => selecting(ch, 'agent', E.in('tier', [])) },
  { family, name: 'a NotIn expression without values is invalid', build: ch => selecting(ch, 'agent', E.notIn('tier', [])) },
  { family, name: 'several expressions the template meets are valid', build: ch => selecting(ch, 'agent', E.in('tier', ['agent']), E.exists('tier'), E.doesNotExist('track')) },
  { family, name: 'an expression with an invalid key is invalid', build: ch => selecting(ch, 'agent', E.exists('bad key')) },
  { family, name: 'an expression with an invalid value is invalid', build: ch => selecting(ch, 'agent', E.in('tier', ['bad value!'])) },
  {
    family,
    name: 'an expression with an unknown operator is invalid',
    build: ch => kplusPatched(ch, replaceExpressions([{ key: 'tier', operator: 'Equals', values: ['agent'] }])),
  },
  {
    family,
    name: 'an Exists expression with values is invalid',
    build: ch => kplusPatched(ch, replaceExpressions([{ key: 'tier', operator: 'Exists', values: ['agent'] }])),
  },
  {
    family,
    name: 'a lower-case operator is invalid',
    build: ch => kplusPatched(ch, replaceExpressions([{ key: 'tier', operator: 'in', values: ['agent'] }])),
  },
  {
    family,
    name: 'a selector label whose value the template does not carry is invalid',
    build: ch => patch(agent(ch), JsonPatch.replace('/spec/template/metadata/labels/app.kubernetes.io~1name', 'other')),
  },
  { family, name: 'an empty selector is invalid', build: ch => patch(agent(ch), JsonPatch.replace('/spec/selector', {})) },
  {
    family,
    name: 'a selector with only an expression the template meets is valid',
    build: ch => patch(agent(ch, { podMetadata: { labels: { tier: 'agent' } } }), JsonPatch.replace('/spec/selector', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['agent'] }] })),
  },
  {
    family,
    name: 'a selector label with an invalid value is invalid',
    build: ch => patch(agent(ch), JsonPatch.add('/spec/selector/matchLabels/tier', 'bad value!')),
  },
  {
    family,
    name: 'a selector label the template lacks is invalid',
    build: ch => patch(agent(ch), JsonPatch.add('/spec/selector/matchLabels/tier', 'agent')),
  },
];

function kplusPatched(ch: any, op: JsonPatch): DaemonSet {
  return patch(agent(ch, { podMetadata: { labels: { tier: 'agent' } } }), op);
}
