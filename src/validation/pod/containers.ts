import { validateEnv, validateEnvFrom } from './env';
import { checkInitContainerHostPortConflicts, validateContainerPorts } from './ports';
import { forbidInitContainerProbes, validateProbesAndLifecycle } from './probes';
import { validateResources } from './resources';
import { validateSecurityContext } from './security-context';
import { validateVolumeMounts } from './volumes';
import { checkFormat, Err, list, notSupported } from '../field';
import { checkDnsLabel } from '../names';

/**
 * Containers and init containers, as k8s.io/kubernetes pkg/apis/core/validation v1.34 checks
 * them: `validateContainers`, `validateInitContainers` (`validateInitContainerRestartPolicy`: only
 * `Always`, which makes a sidecar), `validateContainerCommon` (name, image, termination message
 * policy, `validatePullPolicy`, `validateResizePolicy`, and the families it calls: ports, env,
 * mounts, resources, security context), and the probes and hooks only regular and sidecar
 * containers may have. Beyond the API server, an image of only spaces is refused too (the API
 * server accepts it in a template, and no pod can start with it), and so is a container
 * `restartPolicy` the API server would drop (on a regular container, or other than Always).
 */

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

export function validateContainers(err: Err, pod: any, volumes: Map<string, any>): void {
  const containers = list(pod.containers);
  const initContainers = list(pod.initContainers);
  if (containers.length === 0) {
    err('containers', 'is empty', [], 'at least one container', 'add a container with addContainer()');
  }
  const names = new Set<string>();
  for (const [container, init] of [...containers.map(c => [c, false] as const), ...initContainers.map(c => [c, true] as const)]) {
    const c = container ?? {};
    const where = `containers[${c.name}]`;
    checkFormat(err, `${where}.name`, c.name, checkDnsLabel, 'is not a valid name', 'give the container a valid name');
    if (names.has(c.name)) {
      err(`${where}.name`, 'is used by two containers', c.name, 'names unique across containers and init containers', 'give each container its own name');
    }
    names.add(c.name);
    validateContainerCommon(err, where, c, pod, volumes);
    if (!init) {
      validateProbesAndLifecycle(err, where, c);
      if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
        err(`${where}.restartPolicy`, 'may not be set on a regular container (the API server drops it: container restart rules are an alpha feature)',
          c.restartPolicy, 'restartPolicy on init containers only (Always makes a sidecar)',
          'remove restartPolicy, or add the container with addInitContainer({ restartPolicy: ContainerRestartPolicy.ALWAYS })');
      }
    } else if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      if (c.restartPolicy !== 'Always') {
        err(`${where}.restartPolicy`, 'is not Always (the API server drops any other value: container restart rules are an alpha feature)', c.restartPolicy,
          'Always (a sidecar), or unset', 'remove restartPolicy, or set Always to make the init container a sidecar');
      }
      validateProbesAndLifecycle(err, where, c);
    } else {
      forbidInitContainerProbes(err, where, c);
    }
  }
  checkInitContainerHostPortConflicts(err, pod);
}

/** `validateContainerCommon`. */
function validateContainerCommon(err: Err, where: string, c: any, pod: any, volumes: Map<string, any>): void {
  if (typeof c.image !== 'string' || c.image.trim() === '') {
    err(`${where}.image`, 'is required', c.image, 'a container image reference', 'set image, e.g. \'quay.io/prometheus/node-exporter:v1.12.1\'');
  }
  // Empty values are defaulted by the API server (File; Always for :latest, else IfNotPresent).
  if (c.terminationMessagePolicy !== undefined && c.terminationMessagePolicy !== '' && !TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)) {
    notSupported(err, `${where}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES, 'use File or FallbackToLogsOnError');
  }
  if (c.imagePullPolicy !== undefined && c.imagePullPolicy !== '' && !PULL_POLICIES.includes(c.imagePullPolicy)) {
    notSupported(err, `${where}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES, 'use an ImagePullPolicy value');
  }
  validateContainerPorts(err, where, c);
  validateEnv(err, where, c.env);
  validateEnvFrom(err, where, c.envFrom);
  validateVolumeMounts(err, where, c, volumes);
  validateResources(err, where, c.resources, pod);
  validateResizePolicy(err, where, c.resizePolicy);
  validateSecurityContext(err, where, c.name, c.securityContext ?? {}, pod);
}

/** `validateResizePolicy`: cpu and memory, each once, NotRequired or RestartContainer. */
function validateResizePolicy(err: Err, where: string, policies: unknown): void {
  const seen = new Set<string>();
  list(policies).forEach((policy, i) => {
    const prop = `${where}.resizePolicy[${i}]`;
    if (!['cpu', 'memory'].includes(policy?.resourceName)) {
      notSupported(err, `${prop}.resourceName`, policy?.resourceName, ['cpu', 'memory'], 'use cpu or memory');
    } else if (seen.has(policy.resourceName)) {
      err(`${prop}.resourceName`, 'is listed twice', policy.resourceName, 'each resource once', 'remove the duplicate');
    }
    seen.add(policy?.resourceName);
    if (!['NotRequired', 'RestartContainer'].includes(policy?.restartPolicy)) {
      notSupported(err, `${prop}.restartPolicy`, policy?.restartPolicy, ['NotRequired', 'RestartContainer'], 'use NotRequired or RestartContainer');
    }
  });
}
