import { Err, list } from './field';
import { hostIpWithoutHostPort } from './host-ip';
import { HostPortBinding, hostPortBindings, sameHostPort } from './pod/ports';
import { SECCOMP_TYPES } from './pod/security-context';
import { Relaxation, RelaxationKind } from '../core/relaxation';

/** The relaxations that let a container write a host path. */
const WRITABLE_KINDS = [RelaxationKind.WRITABLE_HOST_PATH, RelaxationKind.SHARED_WRITABLE_HOST_PATH];

/**
 * The library's own rules, beyond what the API server checks: every setting that relaxes a best
 * practice (host namespaces, hostPath volumes and writable mounts, host ports, privileged,
 * privilege escalation, added capabilities, root, a writable root filesystem, a mounted service
 * account token) is matched by a `Relaxation` with its reason, and no relaxation goes unused;
 * containers drop ALL capabilities and run with seccomp RuntimeDefault (or Localhost), with cpu
 * and memory requests and a memory limit; no host port is bound twice on a node by one pod; no
 * hostIP without a hostPort (the API server warns on it: `host-ip.ts`).
 */
export function checkBestPractices(err: Err, manifest: any, relaxations: Relaxation[]): void {
  const used = new Set<Relaxation>();
  const relaxation = (kind: RelaxationKind, target?: string): Relaxation | undefined => {
    const found = relaxations.find(r => r.kind === kind && (target === undefined || r.target === target));
    if (found) {
      used.add(found);
    }
    return found;
  };
  const needs = (kind: RelaxationKind, target: string | undefined, prop: string, received: unknown, factory: string) => {
    if (!relaxation(kind, target)) {
      err(prop, 'relaxes a best practice without a reason', received, undefined,
        `if this is intended, add ${factory} to 'relaxations' (the reason is written into the policy checkers' exemption annotations); otherwise remove the setting`);
    }
  };

  const pod = manifest.spec?.template?.spec ?? {};
  if (pod.hostNetwork === true) {
    needs(RelaxationKind.HOST_NETWORK, undefined, 'hostNetwork', true, 'Relaxation.hostNetwork(\'<why>\')');
  }
  if (pod.hostPID === true) {
    needs(RelaxationKind.HOST_PID, undefined, 'hostPid', true, 'Relaxation.hostPid(\'<why>\')');
  }
  if (pod.hostIPC === true) {
    needs(RelaxationKind.HOST_IPC, undefined, 'hostIpc', true, 'Relaxation.hostIpc(\'<why>\')');
  }
  if (pod.automountServiceAccountToken !== false) {
    needs(RelaxationKind.SERVICE_ACCOUNT_TOKEN, undefined, 'automountServiceAccountToken', pod.automountServiceAccountToken ?? 'unset',
      'Relaxation.serviceAccountToken(\'<why the agent calls the Kubernetes API>\')');
  }

  const volumes = new Map<string, any>();
  for (const volume of list(pod.volumes)) {
    volumes.set(volume?.name, volume);
    const hostPath = volume?.hostPath?.path;
    if (volume?.hostPath) {
      // A writable declaration covers the volume too, but only a writable mount makes it used.
      const writableDeclared = relaxations.some(r => WRITABLE_KINDS.includes(r.kind) && r.target === hostPath);
      if (!relaxation(RelaxationKind.HOST_PATH, hostPath) && !writableDeclared) {
        needs(RelaxationKind.HOST_PATH, hostPath, `volumes[${volume.name}].hostPath`, hostPath, `Relaxation.hostPath('${hostPath}', '<why>')`);
      }
    }
  }

  const podSecurity = pod.securityContext ?? {};
  for (const container of [...list(pod.initContainers), ...list(pod.containers)]) {
    const name = container?.name;
    const where = `containers[${name}]`;
    const sc = container?.securityContext ?? {};
    for (const mount of list(container?.volumeMounts)) {
      const volume = volumes.get(mount?.name);
      if (volume?.hostPath && mount.readOnly !== true) {
        const hostPath = volume.hostPath.path;
        if (!relaxation(RelaxationKind.WRITABLE_HOST_PATH, hostPath) && !relaxation(RelaxationKind.SHARED_WRITABLE_HOST_PATH, hostPath)) {
          err(`${where}.volumeMounts[${mount.mountPath}].readOnly`, `mounts host path ${hostPath} writable without a reason`, mount.readOnly ?? 'unset',
            'read-only host mounts, or a writable one declared with a reason',
            `mount it read-only (readOnly: true), or declare it with Relaxation.writableHostPath('${hostPath}', '<why>')`);
        }
      }
    }
    if (sc.privileged === true) {
      needs(RelaxationKind.PRIVILEGED, name, `${where}.securityContext.privileged`, true, `Relaxation.privileged('${name}', '<why>')`);
    }
    if (sc.allowPrivilegeEscalation !== false && sc.privileged !== true && !relaxation(RelaxationKind.PRIVILEGED, name)) {
      needs(RelaxationKind.PRIVILEGE_ESCALATION, name, `${where}.securityContext.allowPrivilegeEscalation`, sc.allowPrivilegeEscalation ?? 'unset',
        `Relaxation.privilegeEscalation('${name}', '<why>')`);
    }
    const added: string[] = list(sc.capabilities?.add).map((c: string) => String(c).replace(/^CAP_/, ''));
    if (added.length > 0) {
      const allowed = relaxation(RelaxationKind.CAPABILITIES, name);
      const missing = added.filter(c => !(allowed?.allowedCapabilities ?? []).includes(c));
      if (missing.length > 0) {
        err(`${where}.securityContext.capabilities.add`, `adds capabilities without a reason: ${missing.join(', ')}`, added, undefined,
          `if this is intended, add Relaxation.capabilities('${name}', [${added.map(c => `'${c}'`).join(', ')}], '<why>') to 'relaxations'`);
      }
    }
    const drop: string[] = list(sc.capabilities?.drop);
    if (!drop.includes('ALL')) {
      err(`${where}.securityContext.capabilities.drop`, 'does not drop ALL capabilities', drop, '[\'ALL\'] (add back what the agent needs with capabilities.add)',
        'drop ALL and add the capabilities the agent needs, with Relaxation.capabilities()');
    }
    const runAsNonRoot = sc.runAsNonRoot ?? podSecurity.runAsNonRoot;
    const runAsUser = sc.runAsUser ?? podSecurity.runAsUser;
    if (runAsNonRoot !== true || runAsUser === 0) {
      if (runAsNonRoot === true && runAsUser === 0) {
        err(`${where}.securityContext.runAsUser`, 'is 0 (root) while runAsNonRoot is true: the kubelet refuses to start the container', 0, 'a non-zero uid',
          `set a non-zero user, or run as root with ensureNonRoot: false and Relaxation.runAsRoot('${name}', '<why>')`);
      } else {
        needs(RelaxationKind.RUN_AS_ROOT, name, `${where}.securityContext.runAsNonRoot`, runAsNonRoot ?? 'unset', `Relaxation.runAsRoot('${name}', '<why>')`);
      }
    }
    if (sc.readOnlyRootFilesystem !== true) {
      needs(RelaxationKind.WRITABLE_ROOT_FILESYSTEM, name, `${where}.securityContext.readOnlyRootFilesystem`, sc.readOnlyRootFilesystem ?? 'unset',
        `Relaxation.writableRootFilesystem('${name}', '<why>')`);
    }
    const seccomp = sc.seccompProfile?.type ?? podSecurity.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost' && (seccomp === undefined || SECCOMP_TYPES.includes(seccomp))) {
      err(`${where}.securityContext.seccompProfile`, 'is not RuntimeDefault or Localhost', seccomp ?? 'unset', 'RuntimeDefault, or Localhost with a profile',
        'remove the override (the default is RuntimeDefault), or use a Localhost profile written for the agent');
    }
    const requests = container?.resources?.requests ?? {};
    const limits = container?.resources?.limits ?? {};
    for (const [kind, resource, values] of [['requests', 'cpu', requests], ['requests', 'memory', requests], ['limits', 'memory', limits]] as const) {
      if (values[resource] === undefined) {
        err(`${where}.resources.${kind}.${resource}`, 'is missing', undefined, 'cpu and memory requests and a memory limit on every container',
          'set resources on the container, or keep the agent-sized defaults');
      }
    }
    for (const p of hostIpWithoutHostPort(where, container, pod.hostNetwork === true)) {
      err(p.prop, p.problem, p.received, p.allowed, p.fix);
    }
    for (const port of list(container?.ports)) {
      if (typeof port?.hostPort === 'number' && port.hostPort > 0) {
        needs(RelaxationKind.HOST_PORT, String(port.hostPort), `${where}.ports[${port.containerPort}].hostPort`, port.hostPort, `Relaxation.hostPort(${port.hostPort}, '<why>')`);
      }
    }
  }
  checkHostPortsOnce(err, pod);

  for (const unused of relaxations.filter(r => !used.has(r))) {
    err('relaxations', `declares ${unused.description}, which the pod does not use`, unused.reason, 'relaxations that the manifest needs',
      'remove the relaxation, so the exemption annotations stay honest');
  }
}

/** A host port bound twice on the node by the containers that run together (hostPort, or hostNetwork ports). */
function checkHostPortsOnce(err: Err, pod: any): void {
  const seen: HostPortBinding[] = [];
  for (const binding of hostPortBindings(pod)) {
    const other = seen.find(b => sameHostPort(b, binding));
    if (other !== undefined) {
      err(`containers[${binding.container}].ports`, `binds host port ${binding.port}/${binding.protocol}, which container '${other.container}' of the same pod already binds`, binding.port,
        'each protocol/port bound once per node (or on distinct host IPs)', 'use another port for one of the containers');
    } else {
      seen.push(binding);
    }
  }
}
