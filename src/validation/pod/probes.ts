import { Err, isInteger, list } from '../field';
import { checkHttpHeaderName, checkPortName } from '../names';

/**
 * Probes and lifecycle hooks, as k8s.io/kubernetes pkg/apis/core/validation v1.34 checks them:
 * `validateLivenessProbe`, `validateReadinessProbe`, `validateStartupProbe`, `validateProbe`,
 * `validateLifecycle`, `validateHandler`, `validateExecAction`, `validateHTTPGetAction`,
 * `validateTCPSocketAction`, `validateGRPCAction` and `ValidatePortNumOrName`. The API server
 * defaults a 0 timing or threshold first (timeoutSeconds 1, periodSeconds 10, successThreshold 1,
 * failureThreshold 3), so 0 is valid. Beyond the API server: a port given by name must be a port
 * the container declares (the kubelet cannot resolve it otherwise, and the probe always fails).
 */

export const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const SCHEMES = ['HTTP', 'HTTPS'];

/** The probes and lifecycle hooks of a regular or sidecar container. */
export function validateProbesAndLifecycle(err: Err, where: string, container: any): void {
  for (const kind of PROBES) {
    const probe = container[kind];
    if (probe === undefined || probe === null) {
      continue;
    }
    validateProbe(err, `${where}.${kind}`, probe, container);
    const threshold = probe.successThreshold;
    if (kind !== 'readinessProbe' && threshold !== undefined && threshold !== 0 && threshold !== 1) {
      err(`${where}.${kind}.successThreshold`, 'must be 1', threshold, '1', 'remove successThreshold');
    }
    if (kind === 'readinessProbe' && probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
      err(`${where}.${kind}.terminationGracePeriodSeconds`, 'must not be set on a readiness probe', probe.terminationGracePeriodSeconds,
        'terminationGracePeriodSeconds on liveness and startup probes only', 'remove terminationGracePeriodSeconds');
    }
  }
  const lifecycle = container.lifecycle;
  if (lifecycle && typeof lifecycle === 'object') {
    for (const hook of ['postStart', 'preStop']) {
      if (lifecycle[hook] !== undefined && lifecycle[hook] !== null) {
        validateHandler(err, `${where}.lifecycle.${hook}`, lifecycle[hook], LIFECYCLE_HANDLERS, container);
      }
    }
  }
}

/** `validateProbe`: one handler, timings and thresholds >= 0, a positive probe-level grace period. */
function validateProbe(err: Err, prop: string, probe: any, container: any): void {
  validateHandler(err, prop, probe, PROBE_HANDLERS, container);
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const value = probe[field];
    if (value !== undefined && value !== null && !(isInteger(value) && value >= 0)) {
      err(`${prop}.${field}`, 'must be a whole number >= 0', value, 'an integer >= 0 (0 means the default)', `set ${field} to 0 or more`);
    }
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (grace !== undefined && grace !== null && !(isInteger(grace) && grace > 0)) {
    err(`${prop}.terminationGracePeriodSeconds`, 'must be greater than 0', grace, 'an integer >= 1', 'set a positive grace period, or remove it');
  }
}

/** `validateHandler`: exactly one handler, and that handler valid. */
function validateHandler(err: Err, prop: string, handler: any, kinds: readonly string[], container: any): void {
  const handlers = kinds.filter(h => handler[h] !== undefined && handler[h] !== null);
  if (handlers.length !== 1) {
    err(prop, 'must have exactly one handler', handlers, `one of ${kinds.join(', ')}`, handlers.length === 0 ? 'add a handler' : 'keep one handler');
  }
  const exec = handler.exec;
  if (handlers.includes('exec') && list(exec.command).length === 0) {
    err(`${prop}.exec.command`, 'is required', exec.command, 'a command to run, e.g. [\'cat\', \'/tmp/healthy\']', 'give the command');
  }
  const http = handler.httpGet;
  if (handlers.includes('httpGet')) {
    checkPort(err, `${prop}.httpGet.port`, http.port, container);
    if (http.scheme !== undefined && http.scheme !== '' && !SCHEMES.includes(http.scheme)) {
      err(`${prop}.httpGet.scheme`, 'is not a supported value', http.scheme, SCHEMES.join(', '), 'use HTTP or HTTPS');
    }
    for (const header of list(http.httpHeaders)) {
      const problem = typeof header?.name === 'string' ? checkHttpHeaderName(header.name) : 'a string';
      if (problem) {
        err(`${prop}.httpGet.httpHeaders`, 'has an invalid header name', header?.name, problem, 'use a valid HTTP header name');
      }
    }
  }
  if (handlers.includes('tcpSocket')) {
    checkPort(err, `${prop}.tcpSocket.port`, handler.tcpSocket.port, container);
  }
  if (handlers.includes('grpc')) {
    checkPort(err, `${prop}.grpc.port`, handler.grpc.port, container, false);
  }
  if (handlers.includes('sleep')) {
    const seconds = handler.sleep.seconds;
    if (!(isInteger(seconds) && seconds >= 0)) {
      err(`${prop}.sleep.seconds`, 'must be a whole number >= 0', seconds, 'an integer from 0 to terminationGracePeriodSeconds', 'set the seconds to sleep');
    }
  }
}

/**
 * `ValidatePortNumOrName`: a number from 1 to 65535, or a port name (`IsValidPortName`); a name
 * must be declared by the container (the library's own rule).
 */
function checkPort(err: Err, prop: string, port: unknown, container: any, names = true): void {
  if (typeof port === 'number') {
    if (!(isInteger(port) && port >= 1 && port <= 65535)) {
      err(prop, 'is out of range', port, '1 to 65535', 'use the port the container listens on');
    }
    return;
  }
  if (typeof port !== 'string' || !names) {
    err(prop, 'is not a port number', port, '1 to 65535', 'use the port the container listens on');
    return;
  }
  const problem = checkPortName(port);
  if (problem) {
    err(prop, 'is not a valid port name', port, `a port number, or ${problem}`, 'use a port number, or the name of a container port');
  } else if (!list(container.ports).some(p => p?.name === port)) {
    err(prop, 'names a port the container does not declare: the kubelet cannot resolve it, so the check always fails', port,
      `a port number, or the name of one of the container's ports (${list(container.ports).map(p => p?.name).filter(n => n).join(', ') || 'none'})`,
      `add a port named ${port} to the container, or use the port number`);
  }
}

/** The probes and hooks an init container that is not a sidecar may not have. */
export function forbidInitContainerProbes(err: Err, where: string, container: any): void {
  for (const field of ['lifecycle', ...PROBES]) {
    if (container[field] !== undefined && container[field] !== null) {
      err(`${where}.${field}`, 'is not allowed on an init container unless restartPolicy is Always (a sidecar)', field, 'probes and lifecycle hooks on regular and sidecar containers',
        `remove ${field}, or make the init container a sidecar (restartPolicy: Always)`);
    }
  }
}
