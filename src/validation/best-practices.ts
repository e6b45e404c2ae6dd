import { Err, list } from './field';
import { hostIpWithoutHostPort } from './host-ip';
import { imagePinProblem, isDigestPinned, parseImage } from './images';
import { HostPortBinding, hostPortBindings, sameHostPort } from './pod/ports';
import { SECCOMP_TYPES } from './pod/security-context';
import { Relaxation, RelaxationKind } from '../core/relaxation';

/** The relaxations that let a container write a host path. */
const WRITABLE_KINDS = [RelaxationKind.WRITABLE_HOST_PATH, RelaxationKind.SHARED_WRITABLE_HOST_PATH];

/**
 * The library's own rules, beyond what the API server checks: every setting that relaxes a best
 * practice (host namespaces, hostPath volumes and writable mounts, host ports, privileged,
 * privilege escalation, added capabilities, root, a writable root filesystem, a mounted service
 * account token, a missing cpu or memory limit, an image pinned by tag that is not pulled on every
 * start) is matched by a `Relaxation` with its reason, and no relaxation goes unused; containers
 * drop ALL capabilities and run with seccomp RuntimeDefault (or Localhost), unless privileged (which
 * neither binds), with cpu and memory requests; images are pinned (a release tag or a digest, never
 * none or `latest`: `images.ts`); a host path the kubelet creates (root's) is written only by uid 0;
 * no host port is bound twice on a node by one pod; no hostIP without a hostPort (the API server
 * warns on it: `host-ip.ts`).
 */
export function checkBestPractices(err: Err, manifest: any, relaxations: Relaxation[]): void {
  const used = new Set<Relaxation>();
  const relaxation = (kind: RelaxationKind, target?: string, resource?: string): Relaxation | undefined => {
    const found = relaxations.find(r => r.kind === kind && (target === undefined || r.target === target)
      && (resource === undefined || r.resource === resource));
    if (found) {
      used.add(found);
    }
    return found;
  };
  const needs = (kind: RelaxationKind, target: string | undefined, prop: string, received: unknown, factory: string, resource?: string) => {
    if (!relaxation(kind, target, resource)) {
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
        const created = volume.hostPath.type === 'DirectoryOrCreate' || volume.hostPath.type === 'FileOrCreate';
        const uid = sc.runAsUser ?? podSecurity.runAsUser;
        if (created && uid !== 0) {
          err(`${where}.volumeMounts[${mount.mountPath}]`,
            `writes host path ${hostPath}, which the kubelet creates when missing owned by root (mode 0755 for a directory, 0644 for a file), so uid ${uid ?? 'unset'} cannot write it`,
            volume.hostPath.type, 'a created host path written by uid 0, or an existing one (type Directory or File) whose owner the container runs as',
            `run container '${name}' as root (user: 0, with Relaxation.runAsRoot('${name}', '<why>')), or create ${hostPath} on the nodes with that owner and use HostPathVolumeType.DIRECTORY`);
        }
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
    // A privileged container has every capability and no seccomp filter, whatever it declares.
    if (!drop.includes('ALL') && sc.privileged !== true) {
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
    if (sc.privileged !== true && seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost' && (seccomp === undefined || SECCOMP_TYPES.includes(seccomp))) {
      err(`${where}.securityContext.seccompProfile`, 'is not RuntimeDefault or Localhost', seccomp ?? 'unset', 'RuntimeDefault, or Localhost with a profile',
        'remove the override (the default is RuntimeDefault), or use a Localhost profile written for the agent');
    }
    checkImagePin(err, where, container, () => relaxation(RelaxationKind.IMAGE_PULL_POLICY, name));
    const requests = container?.resources?.requests ?? {};
    const limits = container?.resources?.limits ?? {};
    for (const resource of ['cpu', 'memory']) {
      if (requests[resource] === undefined) {
        err(`${where}.resources.requests.${resource}`, 'is missing', undefined, 'cpu and memory requests on every container',
          'set resources on the container, or keep the agent-sized defaults');
      }
      if (limits[resource] === undefined) {
        needs(RelaxationKind.NO_LIMIT, name, `${where}.resources.limits.${resource}`, undefined,
          `Relaxation.noLimit('${name}', ResourceLimit.${resource.toUpperCase()}, '<why>')`, resource);
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

/**
 * An image pinned by a release tag or a digest; a tag pulled on every start (`Always`, the
 * registry can move it) unless a relaxation gives the reason. A digest needs no reason to be
 * pulled once (its exemption, if recorded, is used). An image that is not set is the API server's
 * rule (`pod/containers.ts`).
 */
function checkImagePin(err: Err, where: string, container: any, relaxed: () => Relaxation | undefined): void {
  const image = container?.image;
  if (typeof image !== 'string' || image.trim() === '') {
    return;
  }
  const pinProblem = imagePinProblem(image);
  if (pinProblem) {
    err(`${where}.image`, pinProblem, image, 'an image with a release tag (e.g. :v1.12.1) or a digest (@sha256:...)', 'pin a release tag or a digest');
  }
  // The kubelet's default: Always for no tag or 'latest', else IfNotPresent.
  const { tag } = parseImage(image);
  const pullPolicy = container.imagePullPolicy || (tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent');
  if (pullPolicy !== 'Always' && !relaxed() && !isDigestPinned(image)) {
    err(`${where}.imagePullPolicy`, 'does not pull an image pinned by a tag on every start, without a reason', container.imagePullPolicy || 'unset (IfNotPresent for a tag)',
      'Always for a tag (the registry can move it), or IfNotPresent for an image pinned by digest',
      `pin the image by digest, set imagePullPolicy: ImagePullPolicy.ALWAYS, or add Relaxation.imagePullPolicy('${container.name}', '<why>') to 'relaxations'`);
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
