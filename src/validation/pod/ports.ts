import { Err, isInteger, list } from '../field';
import { checkPortName } from '../names';

/**
 * Container ports, as k8s.io/kubernetes pkg/apis/core/validation v1.34 checks them:
 * `validateContainerPorts`, `checkHostPortConflicts` (`AccumulateUniqueHostPorts`) and
 * `validatePodHostNetworkDeps`; and the host ports a pod binds on its node, which the library's
 * own rules and the fleet view read.
 */

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** A port bound on the node by a pod: protocol, host IP ('' for all) and port number. */
export interface HostPortBinding {
  readonly protocol: string;
  readonly hostIp: string;
  readonly port: number;
  readonly container: string;
}

/**
 * The host ports a pod spec binds: explicit `hostPort`s, and every container port under hostNetwork.
 * By default only the containers that run together (regular containers and sidecar init containers,
 * `restartPolicy: Always`); with `includeInitContainers`, every init container too (a surge pod's
 * init container cannot bind a port the old pod holds either).
 */
export function hostPortBindings(podSpec: any, includeInitContainers = false): HostPortBinding[] {
  const bindings: HostPortBinding[] = [];
  const init = list(podSpec?.initContainers);
  const containers = [...(includeInitContainers ? init : init.filter((c: any) => c?.restartPolicy === 'Always')), ...list(podSpec?.containers)];
  for (const container of containers) {
    for (const port of list(container?.ports)) {
      const number = port?.hostPort || (podSpec.hostNetwork ? port?.containerPort : undefined);
      if (typeof number === 'number' && number > 0) {
        bindings.push({ protocol: port.protocol || 'TCP', hostIp: port.hostIP ?? '', port: number, container: container.name });
      }
    }
  }
  return bindings;
}

/**
 * Whether two bindings take the same port on a node: same protocol and port, and host IPs that
 * overlap (an empty host IP, or 0.0.0.0, binds every address of the node).
 */
export function sameHostPort(a: { protocol: string; port: number; hostIp: string }, b: { protocol: string; port: number; hostIp: string }): boolean {
  const any = (ip: string) => ip === '' || ip === '0.0.0.0' || ip === '::';
  return a.protocol === b.protocol && a.port === b.port && (any(a.hostIp) || any(b.hostIp) || a.hostIp === b.hostIp);
}

/**
 * `validateContainerPorts`: valid, unique port names; containerPort and hostPort from 1 to 65535
 * (hostPort 0 is unset); protocol TCP, UDP or SCTP (empty is defaulted to TCP). And, because
 * server-side apply keys container ports by containerPort and protocol, each pair once.
 */
export function validateContainerPorts(err: Err, where: string, container: any): void {
  const names = new Set<string>();
  const keys = new Set<string>();
  for (const port of list(container.ports)) {
    const prop = `${where}.ports[${port?.containerPort}]`;
    if (!(isInteger(port?.containerPort) && port.containerPort >= 1 && port.containerPort <= 65535)) {
      err(`${prop}.containerPort`, 'is out of range', port?.containerPort, '1 to 65535', 'use a valid port number');
    }
    if (port?.hostPort !== undefined && port.hostPort !== 0 && !(isInteger(port.hostPort) && port.hostPort >= 1 && port.hostPort <= 65535)) {
      err(`${prop}.hostPort`, 'is out of range', port.hostPort, '1 to 65535', 'use a valid port number');
    }
    if (port?.protocol !== undefined && port.protocol !== '' && !PROTOCOLS.includes(port.protocol)) {
      err(`${prop}.protocol`, 'is not a protocol', port.protocol, PROTOCOLS.join(', '), 'use a Protocol value');
    }
    if (port?.name !== undefined && port.name !== '') {
      const problem = typeof port.name === 'string' ? checkPortName(port.name) : 'a string';
      if (problem) {
        err(`${prop}.name`, 'is not a valid port name', port.name, problem, 'shorten or clean the port name');
      } else if (names.has(port.name)) {
        err(`${prop}.name`, 'is used by two ports of the container', port.name, 'unique port names', 'give each port its own name');
      }
      names.add(port.name);
    }
    const key = `${port?.containerPort}/${port?.protocol || 'TCP'}`;
    if (keys.has(key)) {
      err(`${prop}`, `declares ${key} twice in the container (server-side apply rejects the duplicate, and kubectl apply may drop one)`, port?.containerPort,
        'each containerPort and protocol once per container', 'remove the duplicate port');
    }
    keys.add(key);
  }
}

/**
 * `checkHostPortConflicts` for init containers, which run one after the other: the same
 * protocol/hostIP/hostPort twice in one init container. (Across the regular and sidecar containers
 * the library's own check is wider: see `hostPortBindings`.)
 */
export function checkInitContainerHostPortConflicts(err: Err, pod: any): void {
  for (const container of list(pod.initContainers)) {
    const seen = new Set<string>();
    for (const port of list(container?.ports)) {
      if (!port?.hostPort) {
        continue;
      }
      const key = `${port.protocol || 'TCP'}/${port.hostIP ?? ''}/${port.hostPort}`;
      if (seen.has(key)) {
        err(`containers[${container.name}].ports[${port.containerPort}].hostPort`, `binds ${key} twice`, port.hostPort,
          'each protocol/hostIP/hostPort once per container', 'use another host port for one of the ports');
      }
      seen.add(key);
    }
  }
}

/** `validatePodHostNetworkDeps`: with hostNetwork, a regular container's hostPort is unset or its containerPort. */
export function validatePodHostNetworkDeps(err: Err, pod: any): void {
  if (pod.hostNetwork !== true) {
    return;
  }
  for (const container of list(pod.containers)) {
    for (const port of list(container?.ports)) {
      if (port?.hostPort !== undefined && port.hostPort !== 0 && port.hostPort !== port.containerPort) {
        err(`containers[${container.name}].ports[${port.containerPort}].hostPort`, 'must equal containerPort when hostNetwork is true', port.hostPort,
          `${port.containerPort}`, `set hostPort to ${port.containerPort}, or remove it`);
      }
    }
  }
}
