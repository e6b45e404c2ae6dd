import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { chart, synthDaemonSet, synthError } from '../../util';
import { agent, MAIN, patched } from '../helpers';

// src/validation/pod/env.ts: ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom.

const { EnvValue } = kplus;
const withEnv = (vars: Record<string, kplus.EnvValue>) => {
  const c = chart();
  agent(c, {}, { envVariables: vars });
  return c;
};
const withPatchedEnv = (env: any[]) => {
  const c = chart();
  patched(agent(c), JsonPatch.add(`${MAIN}/env`, env));
  return c;
};

test('relaxed names (a leading digit, a space, dots) are valid, as in Kubernetes 1.34', () => {
  const env = synthDaemonSet(withEnv({ '1ST': EnvValue.fromValue('1'), 'HAS SPACE': EnvValue.fromValue('2'), 'my.var': EnvValue.fromValue('3') })).spec.template.spec.containers[0].env;
  expect(env.map((e: any) => e.name)).toEqual(['1ST', 'HAS SPACE', 'my.var']);
});

test('rejects a name with an equals sign', () => {
  expect(synthError(withEnv({ 'A=B': EnvValue.fromValue('1') }))).toMatch(
    /test\/Agent: 'containers\[main\]\.env\[0\]\.name' is not a valid environment variable name \(received 'A=B'\)\. Allowed: a non-empty name of printable ASCII characters other than '='\. Fix: rename the variable/,
  );
});

test('rejects one name twice', () => {
  expect(synthError(withPatchedEnv([{ name: 'A', value: '1' }, { name: 'A', value: '2' }]))).toMatch(/'containers\[main\]\.env\[1\]\.name' is set twice in the container/);
});

test('rejects value together with valueFrom', () => {
  expect(synthError(withPatchedEnv([{ name: 'A', value: '1', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]))).toMatch(
    /'containers\[main\]\.env\[0\]\.valueFrom' is set together with value .*Allowed: either value or valueFrom/,
  );
});

test('rejects a downward API field an environment variable cannot read', () => {
  expect(synthError(withPatchedEnv([{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } }]))).toMatch(
    /'containers\[main\]\.env\[0\]\.valueFrom\.fieldRef\.fieldPath' is not a field an environment variable can read \(received 'status\.phase'\)/,
  );
});

test('rejects a cpu divisor other than 1m or 1', () => {
  expect(synthError(withEnv({ CPU: EnvValue.fromResource(kplus.ResourceFieldPaths.CPU_REQUEST, { divisor: '2' }) }))).toMatch(
    /'containers\[main\]\.env\[0\]\.valueFrom\.resourceFieldRef\.divisor' is not valid \(received '2'\)\. Allowed: 1m or 1 for cpu/,
  );
});

test('rejects a ConfigMap key with a slash', () => {
  const c = chart();
  agent(c, {}, { envVariables: { A: EnvValue.fromConfigMap(kplus.ConfigMap.fromConfigMapName(c, 'Cm', 'agent-config'), 'log/level') } });
  expect(synthError(c)).toMatch(/'containers\[main\]\.env\[0\]\.valueFrom\.configMapKeyRef\.key' is not a valid ConfigMap key \(received 'log\/level'\)/);
});

test('rejects an envFrom prefix with an equals sign', () => {
  const c = chart();
  agent(c, {}, { envFrom: [kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(c, 'Cm', 'agent-config'), 'A=')] });
  expect(synthError(c)).toMatch(/'containers\[main\]\.envFrom\[0\]\.prefix' is not a valid environment variable prefix \(received 'A='\)/);
});
