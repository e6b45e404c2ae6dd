import { downwardApiFieldProblem, resourceFieldProblems } from './downward-api';
import { Err, list } from '../field';
import { checkConfigMapKey, checkDnsSubdomain, checkDnsSubdomainPrefix, checkEnvVarName } from '../names';

/**
 * Environment variables, as k8s.io/kubernetes pkg/apis/core/validation v1.34 checks them:
 * `ValidateEnv` (names, relaxed as the RelaxedEnvironmentVariableValidation feature, GA in 1.34,
 * allows), `validateEnvVarValueFrom`, `validateObjectFieldSelector`,
 * `validateContainerResourceFieldSelector`, `validateConfigMapKeySelector`,
 * `validateSecretKeySelector`, `ValidateEnvFrom`, `validateConfigMapEnvSource` and
 * `validateSecretEnvSource`. Server-side apply keys `env` by name, so a name given twice is an
 * error too (kubectl apply would drop one of the two).
 */

/** The pod fields an environment variable may read with `fieldRef`. */
export const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];

/** `ValidateEnv`. */
export function validateEnv(err: Err, where: string, env: unknown): void {
  const names = new Set<string>();
  list(env).forEach((variable, i) => {
    const prop = `${where}.env[${i}]`;
    const name = variable?.name;
    if (name === undefined || name === '') {
      err(`${prop}.name`, 'is required', name, 'an environment variable name', 'name the variable');
    } else {
      const problem = typeof name === 'string' ? checkEnvVarName(name) : 'a string';
      if (problem) {
        err(`${prop}.name`, 'is not a valid environment variable name', name, problem, 'rename the variable');
      } else if (names.has(name)) {
        err(`${prop}.name`, 'is set twice in the container (the first value is hidden, and server-side apply rejects the duplicate)', name,
          'each variable once per container', 'remove one of the two');
      }
      names.add(name);
    }
    validateEnvVarValueFrom(err, `${prop}.valueFrom`, variable);
  });
}

/** `validateEnvVarValueFrom`: exactly one source, and none together with a non-empty `value`. */
function validateEnvVarValueFrom(err: Err, prop: string, variable: any): void {
  const from = variable?.valueFrom;
  if (from === undefined || from === null) {
    return;
  }
  const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter(s => from[s] !== undefined && from[s] !== null);
  if (from.fieldRef) {
    const problem = downwardApiFieldProblem(from.fieldRef, ENV_FIELD_PATHS);
    if (problem) {
      err(`${prop}.fieldRef.fieldPath`, 'is not a field an environment variable can read', from.fieldRef.fieldPath, problem,
        'use EnvValue.fromFieldRef() with one of the allowed fields');
    }
  }
  if (from.resourceFieldRef) {
    for (const [field, value, allowed] of resourceFieldProblems(from.resourceFieldRef, false)) {
      err(`${prop}.resourceFieldRef.${field}`, 'is not valid', value, allowed, 'use EnvValue.fromResource() with a supported resource and divisor');
    }
  }
  for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const ref = from[kind];
    if (!ref) {
      continue;
    }
    const object = kind === 'configMapKeyRef' ? 'ConfigMap' : 'Secret';
    const nameProblem = checkDnsSubdomain(typeof ref.name === 'string' ? ref.name : '');
    if (nameProblem) {
      err(`${prop}.${kind}.name`, `is not a valid ${object} name`, ref.name, nameProblem, `name an existing ${object}`);
    }
    if (ref.key === undefined || ref.key === '') {
      err(`${prop}.${kind}.key`, 'is required', ref.key, `a key of the ${object}`, `set the key to read from the ${object}`);
    } else {
      const keyProblem = typeof ref.key === 'string' ? checkConfigMapKey(ref.key) : 'a string';
      if (keyProblem) {
        err(`${prop}.${kind}.key`, `is not a valid ${object} key`, ref.key, keyProblem, `use the name of a key of the ${object}`);
      }
    }
  }
  if (sources.length === 0) {
    err(prop, 'names no source', from, 'one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef', 'set one source, or remove valueFrom');
  } else if (variable.value !== undefined && variable.value !== '') {
    err(prop, 'is set together with value', { value: variable.value, valueFrom: sources }, 'either value or valueFrom', 'remove value or valueFrom');
  } else if (sources.length > 1) {
    err(prop, 'names more than one source', sources, 'one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef', 'keep one source');
  }
}

/** `ValidateEnvFrom`: a valid prefix, exactly one of configMapRef and secretRef, each with a valid name. */
export function validateEnvFrom(err: Err, where: string, envFrom: unknown): void {
  list(envFrom).forEach((source, i) => {
    const prop = `${where}.envFrom[${i}]`;
    if (source?.prefix !== undefined && source.prefix !== '') {
      const problem = typeof source.prefix === 'string' ? checkEnvVarName(source.prefix) : 'a string';
      if (problem) {
        err(`${prop}.prefix`, 'is not a valid environment variable prefix', source.prefix, problem, 'change the prefix');
      }
    }
    const refs = (['configMapRef', 'secretRef'] as const).filter(r => source?.[r] !== undefined && source[r] !== null);
    for (const ref of refs) {
      const object = ref === 'configMapRef' ? 'ConfigMap' : 'Secret';
      const name = source[ref].name;
      if (name === undefined || name === '') {
        err(`${prop}.${ref}.name`, 'is required', name, `the name of a ${object}`, `name the ${object} to read`);
      } else {
        const problem = typeof name === 'string' ? checkDnsSubdomainPrefix(name) : 'a string';
        if (problem) {
          err(`${prop}.${ref}.name`, `is not a valid ${object} name`, name, problem, `name an existing ${object}`);
        }
      }
    }
    if (refs.length !== 1) {
      err(prop, refs.length === 0 ? 'names no source' : 'names more than one source', refs, 'one of configMapRef, secretRef', 'set exactly one source');
    }
  });
}
