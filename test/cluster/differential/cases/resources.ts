import { JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { agent, Case, patch } from '../case';

const family = 'resources';
const { Cpu } = kplus;
const c0 = '/spec/template/spec/containers/0';
const resources = (r: kplus.ContainerResources) => (ch: any) => agent(ch, {}, { resources: r });
/** Adds entries to the container's requests and limits with a patch, as quantities in cdk8s-plus's typed shape. */
const extra = (requests: Record<string, string>, limits: Record<string, string>) => (ch: any) => patch(agent(ch),
  ...Object.entries(requests).map(([k, v]) => JsonPatch.add(`${c0}/resources/requests/${k.replace('/', '~1')}`, { value: v })),
  ...Object.entries(limits).map(([k, v]) => JsonPatch.add(`${c0}/resources/limits/${k.replace('/', '~1')}`, { value: v })));

export const cases: Case[] = [
  { family, name: 'cpu and memory requests and limits are valid', build: resources({ cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) } }) },
  { family, name: 'a negative cpu request (Cpu.units(-1)) is invalid', build: resources({ cpu: { request: Cpu.units(-1) } }) },
  { family, name: 'a negative cpu limit is invalid', build: resources({ cpu: { limit: Cpu.millis(-100) } }) },
  { family, name: 'a cpu request of 0 is valid', build: resources({ cpu: { request: Cpu.millis(0) } }) },
  { family, name: 'a cpu request above its limit is invalid', build: resources({ cpu: { request: Cpu.millis(500), limit: Cpu.millis(100) } }) },
  { family, name: 'a memory request above its limit is invalid', build: resources({ memory: { request: Size.mebibytes(512), limit: Size.mebibytes(128) } }) },
  { family, name: 'a request equal to its limit is valid', build: resources({ memory: { request: Size.mebibytes(128), limit: Size.mebibytes(128) } }) },
  { family, name: 'ephemeral storage requests and limits are valid', build: resources({ ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(2) } }) },
  {
    family,
    name: 'a negative memory limit is refused at construction',
    build: ch => agent(ch, {}, { resources: { memory: { limit: Size.mebibytes(-1) } } }),
    raw: m => { m.spec.template.spec.containers[0].resources.limits.memory = '-1Mi'; },
  },
  { family, name: 'a cpu quantity of 1e3m is valid', build: ch => patch(agent(ch), JsonPatch.replace(`${c0}/resources/limits/cpu`, { value: '1e3m' })) },
  { family, name: 'a cpu quantity that does not parse is invalid', build: ch => patch(agent(ch), JsonPatch.replace(`${c0}/resources/requests/cpu`, { value: 'lots' })) },
  { family, name: 'a memory quantity with a lower-case binary suffix is invalid', build: ch => patch(agent(ch), JsonPatch.replace(`${c0}/resources/limits/memory`, { value: '128mi' })) },
  { family, name: 'an empty quantity is invalid', build: ch => patch(agent(ch), JsonPatch.replace(`${c0}/resources/limits/memory`, { value: '' })) },
  { family, name: 'an extended resource with request equal to its limit is valid', build: extra({ 'example.com/gpu': '1' }, { 'example.com/gpu': '1' }) },
  { family, name: 'an extended resource limit alone is valid', build: extra({}, { 'example.com/gpu': '2' }) },
  { family, name: 'an extended resource request without a limit is invalid', build: extra({ 'example.com/gpu': '1' }, {}) },
  { family, name: 'an extended resource request below its limit is invalid', build: extra({ 'example.com/gpu': '1' }, { 'example.com/gpu': '2' }) },
  { family, name: 'half an extended resource is invalid', build: extra({}, { 'example.com/gpu': '500m' }) },
  { family, name: 'an unqualified resource name is invalid', build: extra({}, { gpu: '1' }) },
  { family, name: 'a quota resource name (requests.cpu) in a container is invalid', build: extra({}, { 'requests.cpu': '1' }) },
  { family, name: 'an extended resource whose name starts with requests. is invalid', build: extra({}, { 'requests.example.com/gpu': '1' }) },
  { family, name: 'a resource name with a space is invalid', build: extra({}, { 'example.com/my gpu': '1' }) },
  { family, name: 'hugepages equal to their limit, with memory, are valid', build: extra({ 'hugepages-2Mi': '4Mi' }, { 'hugepages-2Mi': '4Mi' }) },
  { family, name: 'hugepages that are not a whole number of pages are invalid', build: extra({ 'hugepages-2Mi': '3Mi' }, { 'hugepages-2Mi': '3Mi' }) },
  { family, name: 'a hugepages request below its limit is invalid', build: extra({ 'hugepages-2Mi': '2Mi' }, { 'hugepages-2Mi': '4Mi' }) },
  { family, name: 'a negative ephemeral storage request is invalid', build: ch => patch(agent(ch), JsonPatch.replace(`${c0}/resources/requests/ephemeral-storage`, { value: '-64Mi' })) },
  { family, name: 'a claim the pod does not declare is invalid', build: ch => patch(agent(ch), JsonPatch.add(`${c0}/resources/claims`, [{ name: 'gpu' }])) },
  { family, name: 'a pod overhead with valid quantities is valid', build: ch => patch(agent(ch), JsonPatch.add('/spec/template/spec/overhead', { cpu: { value: '100m' } })) },
  { family, name: 'a negative pod overhead is invalid', build: ch => patch(agent(ch), JsonPatch.add('/spec/template/spec/overhead', { cpu: { value: '-100m' } })) },
];
