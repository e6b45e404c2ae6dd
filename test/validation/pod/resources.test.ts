import { JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { chart, synthDaemonSet, synthError } from '../../util';
import { agent, MAIN, patched } from '../helpers';

// src/validation/pod/resources.ts: ValidateContainerResourceRequirements.

const { Cpu } = kplus;
const extra = (requests: Record<string, string>, limits: Record<string, string>) => {
  const c = chart();
  patched(agent(c),
    ...Object.entries(requests).map(([k, v]) => JsonPatch.add(`${MAIN}/resources/requests/${k.replace('/', '~1')}`, { value: v })),
    ...Object.entries(limits).map(([k, v]) => JsonPatch.add(`${MAIN}/resources/limits/${k.replace('/', '~1')}`, { value: v })));
  return c;
};

test('rejects a negative cpu request (Cpu.units(-1) synthesizes cpu: "-1")', () => {
  const c = chart();
  agent(c, {}, { resources: { cpu: { request: Cpu.units(-1) } } });
  expect(synthError(c)).toMatch(
    /test\/Agent: 'containers\[main\]\.resources\.requests\.cpu' is negative \(received '-1'\)\. Allowed: a quantity >= 0\. Fix: use a positive amount, e\.g\. Cpu\.millis\(100\) or Size\.mebibytes\(64\)/,
  );
});

test('rejects a negative cpu limit', () => {
  const c = chart();
  agent(c, {}, { resources: { cpu: { limit: Cpu.millis(-100) } } });
  expect(synthError(c)).toMatch(/'containers\[main\]\.resources\.limits\.cpu' is negative \(received '-100m'\)/);
});

test('an extended resource with its request equal to its limit is valid', () => {
  const ds = synthDaemonSet(extra({ 'example.com/gpu': '1' }, { 'example.com/gpu': '1' }));
  expect(ds.spec.template.spec.containers[0].resources.limits['example.com/gpu']).toBe('1');
});

test('rejects an extended resource whose request differs from its limit', () => {
  expect(synthError(extra({ 'example.com/gpu': '1' }, { 'example.com/gpu': '2' }))).toMatch(
    /'containers\[main\]\.resources\.requests\.example\.com\/gpu' must equal its limit: this resource cannot be overcommitted \(received \{"request":"1","limit":"2"\}\)\. Allowed: request = limit/,
  );
});

test('rejects an extended resource request without a limit', () => {
  expect(synthError(extra({ 'example.com/gpu': '1' }, {}))).toMatch(/'containers\[main\]\.resources\.limits\.example\.com\/gpu' is required: this resource cannot be overcommitted, so a request needs a limit/);
});

test('rejects half an extended resource', () => {
  expect(synthError(extra({}, { 'example.com/gpu': '500m' }))).toMatch(/'containers\[main\]\.resources\.limits\.example\.com\/gpu' is not a whole number \(received '500m'\)/);
});

test('rejects an unqualified resource name', () => {
  expect(synthError(extra({}, { gpu: '1' }))).toMatch(
    /'containers\[main\]\.resources\.limits\.gpu' is not a resource a container can request \(received 'gpu'\)\. Allowed: cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource with a domain prefix/,
  );
});

test('rejects hugepages that are not a whole number of pages', () => {
  expect(synthError(extra({ 'hugepages-2Mi': '3Mi' }, { 'hugepages-2Mi': '3Mi' }))).toMatch(/'containers\[main\]\.resources\.(requests|limits)\.hugepages-2Mi' is not a whole number of 2Mi pages/);
});

test('rejects a memory size cdk8s-plus cannot serialize, in the library\'s message style', () => {
  const c = chart();
  agent(c, {}, { resources: { memory: { limit: Size.kibibytes(1500) } } });
  expect(synthError(c)).toMatch(/'containers\[main\]\.resources\.memory\.limit' is not a whole number of MiB, which cdk8s-plus-28 cannot serialize\..*Fix: round it to whole MiB, or set the quantity with a JSON patch/);
});
