import { ErrorParts } from '../core/private/errors';

/**
 * A container port's `hostIP` chooses the node address its `hostPort` binds, and means nothing
 * without one: the API server warns `hostIP set without hostPort` on such a port (pod templates
 * included: it defaults `hostPort` under hostNetwork only when it creates the pod). The library
 * refuses it, so the manifest says which node port the pod takes.
 *
 * Returns one problem per such port of the container (`where` is `containers[<name>]`).
 */
export function hostIpWithoutHostPort(where: string, container: any, hostNetwork: boolean): ErrorParts[] {
  const problems: ErrorParts[] = [];
  for (const port of container?.ports ?? []) {
    if (typeof port.hostIP !== 'string' || port.hostIP === '' || (port.hostPort ?? 0) !== 0) {
      continue;
    }
    const number = port.containerPort;
    problems.push({
      prop: `${where}.ports[${number}].hostIP`,
      problem: hostNetwork
        ? `is set without a hostPort: the API server warns 'hostIP set without hostPort' on the pod template (with hostNetwork the pods bind ${number} on the node either way)`
        : 'is set without a hostPort: it only chooses the node address a hostPort binds, so it does nothing and the API server warns \'hostIP set without hostPort\'',
      received: port.hostIP,
      allowed: 'hostIP together with a hostPort',
      fix: hostNetwork
        ? `declare the port on the node: hostPort: ${number} next to hostIp '${port.hostIP}' (with Relaxation.hostPort(${number}, '<why>')), so the scheduler knows the address it binds; or remove hostIp`
        : 'remove hostIp (the port is reached on the pod IP), or bind it on the node with hostPort (and Relaxation.hostPort(<port>, \'<why>\'))',
    });
  }
  return problems;
}
