import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { agent, Case, patch } from '../case';

const family = 'env';
const c0 = '/spec/template/spec/containers/0';
const { EnvValue, EnvFieldPaths: F, ResourceFieldPaths: R } = kplus;
const env = (vars: Record<string, kplus.EnvValue>) => (ch: any) => agent(ch, {}, { envVariables: vars });
const envPatch = (vars: any[]) => (ch: any) => patch(agent(ch), JsonPatch.add(`${c0}/env`, vars));
const envFromPatch = (sources: any[]) => (ch: any) => patch(agent(ch), JsonPatch.add(`${c0}/envFrom`, sources));
const cm = (ch: any, name = 'agent-config') => kplus.ConfigMap.fromConfigMapName(ch, `Cm${name.replace(/[^a-z]/gi, '')}`, name);

export const cases: Case[] = [
  { family, name: 'an upper-case name with underscores is valid', build: env({ LOG_LEVEL: EnvValue.fromValue('debug') }) },
  { family, name: 'a name with dots and dashes is valid', build: env({ 'my.env-name': EnvValue.fromValue('1') }) },
  { family, name: 'a name starting with a digit is valid (relaxed names, GA in 1.34)', build: env({ '1ST': EnvValue.fromValue('1') }) },
  { family, name: 'a name with a space is valid (relaxed names)', build: env({ 'HAS SPACE': EnvValue.fromValue('1') }) },
  { family, name: 'a name with an equals sign is invalid', build: env({ 'A=B': EnvValue.fromValue('1') }) },
  { family, name: 'a name with a non-ASCII letter is invalid', build: env({ ÜBER: EnvValue.fromValue('1') }) },
  { family, name: 'an empty name is invalid', build: envPatch([{ name: '', value: '1' }]) },
  { family, name: 'a name with a tab is invalid', build: env({ 'A\tB': EnvValue.fromValue('1') }) },
  { family, name: 'one name twice is invalid (server-side apply keys env by name)', build: envPatch([{ name: 'A', value: '1' }, { name: 'A', value: '2' }]) },
  { family, name: 'value together with valueFrom is invalid', build: envPatch([{ name: 'A', value: '1', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]) },
  { family, name: 'an empty value with valueFrom is valid', build: envPatch([{ name: 'A', value: '', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]) },
  { family, name: 'valueFrom without a source is invalid', build: envPatch([{ name: 'A', valueFrom: {} }]) },
  {
    family,
    name: 'valueFrom with two sources is invalid',
    build: envPatch([{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, resourceFieldRef: { resource: 'limits.cpu' } } }]),
  },
  { family, name: 'the pod name from the downward API is valid', build: env({ POD: EnvValue.fromFieldRef(F.POD_NAME) }) },
  { family, name: 'the node IP from the downward API is valid', build: env({ NODE_IP: EnvValue.fromFieldRef(F.NODE_IP) }) },
  { family, name: 'the pod IPs from the downward API are valid', build: env({ IPS: EnvValue.fromFieldRef(F.POD_IPS) }) },
  { family, name: 'a pod label from the downward API is valid', build: env({ TIER: EnvValue.fromFieldRef(F.POD_LABEL, { key: 'app.kubernetes.io/name' }) }) },
  { family, name: 'a pod annotation with an upper-case key from the downward API is valid', build: env({ A: EnvValue.fromFieldRef(F.POD_ANNOTATION, { key: 'Example.com/Key' }) }) },
  { family, name: 'a pod label with an invalid key from the downward API is invalid', build: env({ A: EnvValue.fromFieldRef(F.POD_LABEL, { key: 'bad key' }) }) },
  { family, name: 'all pod labels (no key) are not readable into a variable', build: envPatch([{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } }]) },
  { family, name: 'the pod phase is not readable into a variable', build: envPatch([{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } }]) },
  { family, name: 'an unknown pod field is invalid', build: envPatch([{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.unknown' } } }]) },
  { family, name: 'a subscript on the pod name is invalid', build: envPatch([{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name[\'x\']' } } }]) },
  { family, name: 'a field reference with apiVersion v2 is invalid', build: env({ A: EnvValue.fromFieldRef(F.POD_NAME, { apiVersion: 'v2' }) }) },
  { family, name: 'the cpu limit as a resource reference is valid', build: env({ CPU: EnvValue.fromResource(R.CPU_LIMIT) }) },
  { family, name: 'the memory request in MiB is valid', build: env({ MEM: EnvValue.fromResource(R.MEMORY_REQUEST, { divisor: '1Mi' }) }) },
  { family, name: 'a cpu divisor of 1m is valid', build: env({ CPU: EnvValue.fromResource(R.CPU_REQUEST, { divisor: '1m' }) }) },
  { family, name: 'a cpu divisor of 2 is invalid', build: env({ CPU: EnvValue.fromResource(R.CPU_REQUEST, { divisor: '2' }) }) },
  { family, name: 'a memory divisor of 1000 (1k) is valid', build: env({ MEM: EnvValue.fromResource(R.MEMORY_LIMIT, { divisor: '1000' }) }) },
  { family, name: 'a memory divisor of 1024 is invalid (only 1Ki is)', build: env({ MEM: EnvValue.fromResource(R.MEMORY_LIMIT, { divisor: '1024' }) }) },
  { family, name: 'a resource reference to a gpu is invalid', build: envPatch([{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.nvidia.com/gpu' } } }]) },
  { family, name: 'a resource reference to hugepages is valid', build: envPatch([{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'requests.hugepages-2Mi' } } }]) },
  { family, name: 'a ConfigMap key is valid', build: ch => agent(ch, {}, { envVariables: { A: EnvValue.fromConfigMap(cm(ch), 'log.level') } }) },
  { family, name: 'a ConfigMap key with a slash is invalid', build: ch => agent(ch, {}, { envVariables: { A: EnvValue.fromConfigMap(cm(ch), 'log/level') } }) },
  { family, name: 'a ConfigMap key of two dots is invalid', build: ch => agent(ch, {}, { envVariables: { A: EnvValue.fromConfigMap(cm(ch), '..') } }) },
  { family, name: 'a ConfigMap with an upper-case name is invalid', build: ch => agent(ch, {}, { envVariables: { A: EnvValue.fromConfigMap(cm(ch, 'Config'), 'level') } }) },
  {
    family,
    name: 'a Secret key is valid',
    build: ch => agent(ch, {}, { envVariables: { A: EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(ch, 'S', 'agent-token'), key: 'token' }) } }),
  },
  {
    family,
    name: 'a Secret key starting with two dots is invalid',
    build: ch => agent(ch, {}, { envVariables: { A: EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(ch, 'S', 'agent-token'), key: '..token' }) } }),
  },
  { family, name: 'a Secret key reference without a key is invalid', build: envPatch([{ name: 'A', valueFrom: { secretKeyRef: { name: 'agent-token' } } }]) },
  { family, name: 'env from a ConfigMap with a prefix is valid', build: ch => agent(ch, {}, { envFrom: [kplus.Env.fromConfigMap(cm(ch), 'AGENT_')] }) },
  { family, name: 'env from a ConfigMap with a prefix holding = is invalid', build: ch => agent(ch, {}, { envFrom: [kplus.Env.fromConfigMap(cm(ch), 'A=')] }) },
  { family, name: 'env from a ConfigMap with an upper-case name is invalid', build: ch => agent(ch, {}, { envFrom: [kplus.Env.fromConfigMap(cm(ch, 'Config'))] }) },
  { family, name: 'env from a ConfigMap whose name ends with a dash is valid', build: envFromPatch([{ configMapRef: { name: 'agent-' } }]) },
  { family, name: 'env from a Secret is valid', build: ch => agent(ch, {}, { envFrom: [kplus.Env.fromSecret(kplus.Secret.fromSecretName(ch, 'S', 'agent-env'))] }) },
  { family, name: 'env from no source is invalid', build: envFromPatch([{ prefix: 'A_' }]) },
  { family, name: 'env from both a ConfigMap and a Secret in one entry is invalid', build: envFromPatch([{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }]) },
  { family, name: 'env from a Secret without a name is invalid', build: envFromPatch([{ secretRef: {} }]) },
];
