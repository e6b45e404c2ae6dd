import { imagePinProblem, isDigestPinned, parseImage } from './images';
import { checkIntOrPercent, isZero } from './int-or-percent';
import { checkDnsLabel, checkDnsSubdomain, checkLabelValue, checkPortName, checkQualifiedName } from './names';
import { parseQuantity } from './quantity';
import { formatError } from '../core/private/errors';
import { Relaxation, RelaxationKind } from '../core/relaxation';

/**
 * The rules a synthesized DaemonSet manifest must obey: what the API server would reject
 * (REFERENCE section 4) and the library's best practices, with their relaxations.
 *
 * They run on the final Kubernetes JSON of the object (after JSON patches), so a value that
 * reaches the manifest any way at all is checked.
 */

const HOST_PATH_TYPES = ['', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket', 'CharDevice', 'BlockDevice'];
const PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost', 'Unconfined'];
const MAX_ID = 2147483647;

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
  const containers = includeInitContainers
    ? allContainers(podSpec)
    : [...(podSpec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always'), ...(podSpec?.containers ?? [])];
  for (const container of containers) {
    for (const port of container.ports ?? []) {
      const number = port.hostPort ?? (podSpec.hostNetwork ? port.containerPort : undefined);
      if (typeof number === 'number' && number > 0) {
        bindings.push({ protocol: port.protocol ?? 'TCP', hostIp: port.hostIP ?? '', port: number, container: container.name });
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

function allContainers(podSpec: any): any[] {
  return [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])];
}

/**
 * Checks the final manifest of a DaemonSet. Returns one message per problem (empty when valid).
 */
export function validateDaemonSetManifest(path: string, manifest: any, relaxations: Relaxation[]): string[] {
  const errors: string[] = [];
  const err = (prop: string, problem: string, received: unknown, allowed: string | undefined, fix: string) =>
    errors.push(formatError(path, { prop, problem, received, allowed, fix }));
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

  const metadata = manifest.metadata ?? {};
  const spec = manifest.spec ?? {};
  const template = spec.template ?? {};
  const pod = template.spec ?? {};

  // -- names, labels, annotations
  checkName(err, 'metadata.name', metadata.name, checkDnsSubdomain, 'set metadata.name to a valid DaemonSet name');
  if (metadata.namespace !== undefined) {
    checkName(err, 'metadata.namespace', metadata.namespace, checkDnsLabel, 'use a valid namespace name');
  }
  checkLabels(err, 'metadata.labels', metadata.labels);
  checkLabels(err, 'podMetadata.labels', template.metadata?.labels);
  checkAnnotationKeys(err, 'metadata.annotations', metadata.annotations);
  checkAnnotationKeys(err, 'podMetadata.annotations', template.metadata?.annotations);

  // -- selector
  const matchLabels = spec.selector?.matchLabels ?? {};
  if (Object.keys(matchLabels).length === 0 && (spec.selector?.matchExpressions ?? []).length === 0) {
    err('spec.selector', 'is empty', spec.selector, 'a non-empty label selector', 'do not remove the selector; it is built from app.kubernetes.io/name and app.kubernetes.io/instance');
  }
  for (const [key, value] of Object.entries(matchLabels)) {
    if (template.metadata?.labels?.[key] !== value) {
      err(`spec.selector.matchLabels.${key}`, 'does not match the pod template labels', value, 'selector labels that the pod template carries with the same value',
        `add the label ${key}=${value} to podMetadata, or do not select on it`);
    }
  }

  // -- DaemonSet spec fields
  checkNonNegativeInteger(err, 'minReadySeconds', spec.minReadySeconds);
  checkNonNegativeInteger(err, 'revisionHistoryLimit', spec.revisionHistoryLimit);
  checkUpdateStrategy(err, spec.updateStrategy, hostPortBindings(pod, true));

  // -- pod spec
  if (pod.restartPolicy !== undefined && pod.restartPolicy !== 'Always') {
    err('restartPolicy', 'is not allowed for a DaemonSet', pod.restartPolicy, '\'Always\'', 'remove restartPolicy or set it to RestartPolicy.ALWAYS');
  }
  if (pod.activeDeadlineSeconds !== undefined) {
    err('activeDeadlineSeconds', 'is forbidden for a DaemonSet pod', pod.activeDeadlineSeconds, 'unset', 'remove activeDeadlineSeconds');
  }
  if (pod.priorityClassName !== undefined) {
    checkName(err, 'priorityClassName', pod.priorityClassName, checkDnsSubdomain, 'use the name of an existing PriorityClass');
  }
  if (pod.dnsPolicy !== undefined && !DNS_POLICIES.includes(pod.dnsPolicy)) {
    err('dns.policy', 'is not a DNS policy', pod.dnsPolicy, DNS_POLICIES.join(', '), 'choose one of the allowed policies');
  }
  if (pod.dnsPolicy === 'None' && !pod.dnsConfig?.nameservers?.length) {
    err('dns.policy', 'is \'None\' without nameservers', pod.dnsPolicy, 'dnsConfig with at least one nameserver', 'add dns nameservers, or choose another DNS policy');
  }
  for (const [key, value] of Object.entries(pod.nodeSelector ?? {})) {
    const keyProblem = checkQualifiedName(key);
    if (keyProblem) {
      err('nodeSelector', 'has an invalid key', key, keyProblem, 'use a valid node label key');
    }
    const valueProblem = checkLabelValue(String(value));
    if (valueProblem) {
      err(`nodeSelector.${key}`, 'has an invalid value', value, valueProblem, 'use a valid node label value');
    }
  }
  checkTolerations(err, pod.tolerations ?? []);

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

  // -- volumes
  const volumes = new Map<string, any>();
  for (const volume of pod.volumes ?? []) {
    checkName(err, 'volumes[].name', volume.name, checkDnsLabel, 'give the volume a valid name');
    if (volumes.has(volume.name)) {
      err('volumes', 'has a duplicate name', volume.name, 'unique volume names', 'give each volume its own name');
    }
    volumes.set(volume.name, volume);
    if (volume.hostPath) {
      const hostPath = volume.hostPath.path;
      if (typeof hostPath !== 'string' || !hostPath.startsWith('/') || hostPath.split('/').includes('..')) {
        err(`volumes[${volume.name}].hostPath.path`, 'is not an absolute path without \'..\'', hostPath, 'an absolute path such as /var/log', 'give the full path on the node');
      }
      if (!HOST_PATH_TYPES.includes(volume.hostPath.type ?? '')) {
        err(`volumes[${volume.name}].hostPath.type`, 'is not a hostPath type', volume.hostPath.type, HOST_PATH_TYPES.filter(t => t).join(', '), 'use a HostPathVolumeType value');
      }
      // A writable declaration covers the volume too, but only a writable mount makes it used.
      const writableDeclared = relaxations.some(r => r.kind === RelaxationKind.WRITABLE_HOST_PATH && r.target === hostPath);
      if (!relaxation(RelaxationKind.HOST_PATH, hostPath) && !writableDeclared) {
        needs(RelaxationKind.HOST_PATH, hostPath, `volumes[${volume.name}].hostPath`, hostPath, `Relaxation.hostPath('${hostPath}', '<why>')`);
      }
    }
  }

  // -- containers
  if ((pod.containers ?? []).length === 0) {
    err('containers', 'is empty', [], 'at least one container', 'add a container with addContainer()');
  }
  const names = new Set<string>();
  const podSecurity = pod.securityContext ?? {};
  checkIds(err, 'securityContext', podSecurity, ['runAsUser', 'runAsGroup', 'fsGroup']);
  checkSeccompProfile(err, 'securityContext.seccompProfile', podSecurity.seccompProfile);
  for (const container of allContainers(pod)) {
    const name = container.name;
    const where = `containers[${name}]`;
    checkName(err, `${where}.name`, name, checkDnsLabel, 'give the container a valid name');
    if (names.has(name)) {
      err(`${where}.name`, 'is used by two containers', name, 'names unique across containers and init containers', 'give each container its own name');
    }
    names.add(name);
    if (typeof container.image !== 'string' || container.image.trim() === '') {
      err(`${where}.image`, 'is required', container.image, 'a container image reference', 'set image, e.g. \'quay.io/prometheus/node-exporter:v1.12.1\'');
    } else {
      const pinProblem = imagePinProblem(container.image);
      if (pinProblem) {
        err(`${where}.image`, pinProblem, container.image, 'an image with a release tag (e.g. :v1.12.1) or a digest (@sha256:...)', 'pin a release tag or a digest');
      }
      // The kubelet's default: Always for no tag or 'latest', else IfNotPresent.
      const { tag } = parseImage(container.image);
      const pullPolicy = container.imagePullPolicy ?? (tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent');
      // A digest-pinned image needs no reason to be pulled once (its exemption, if recorded, is used).
      if (pullPolicy !== 'Always' && !relaxation(RelaxationKind.IMAGE_PULL_POLICY, name) && !isDigestPinned(container.image)) {
        err(`${where}.imagePullPolicy`, 'does not pull an image pinned by a tag on every start, without a reason', container.imagePullPolicy ?? 'unset (IfNotPresent for a tag)',
          'Always for a tag (the registry can move it), or IfNotPresent for an image pinned by digest',
          `pin the image by digest, set imagePullPolicy: ImagePullPolicy.ALWAYS, or add Relaxation.imagePullPolicy('${name}', '<why>') to 'relaxations'`);
      }
    }
    checkPorts(err, where, container, pod.hostNetwork === true);
    checkResources(err, where, container.resources);
    for (const resource of ['cpu', 'memory']) {
      if (container.resources?.limits?.[resource] === undefined) {
        needs(RelaxationKind.NO_LIMIT, name, `${where}.resources.limits.${resource}`, undefined,
          `Relaxation.noLimit('${name}', ResourceLimit.${resource.toUpperCase()}, '<why>')`, resource);
      }
    }
    checkProbes(err, where, container);

    // mounts
    const mountPaths = new Set<string>();
    const sc = container.securityContext ?? {};
    for (const mount of container.volumeMounts ?? []) {
      const volume = volumes.get(mount.name);
      if (!volume) {
        err(`${where}.volumeMounts[${mount.mountPath}]`, 'names a volume the pod does not have', mount.name, 'the name of a pod volume', 'add the volume to the pod, or mount it with container.mount()');
      }
      if (mountPaths.has(mount.mountPath)) {
        err(`${where}.volumeMounts`, 'mounts two volumes at the same path', mount.mountPath, 'unique mount paths per container', 'mount each volume at its own path');
      }
      mountPaths.add(mount.mountPath);
      for (const field of ['subPath', 'subPathExpr']) {
        const sub = mount[field];
        if (typeof sub === 'string' && (sub.startsWith('/') || sub.split('/').includes('..'))) {
          err(`${where}.volumeMounts[${mount.mountPath}].${field}`, 'must be a relative path without \'..\'', sub, 'a relative path', 'remove the leading \'/\' and any \'..\'');
        }
      }
      if (mount.mountPropagation !== undefined && !PROPAGATIONS.includes(mount.mountPropagation)) {
        err(`${where}.volumeMounts[${mount.mountPath}].mountPropagation`, 'is not a propagation mode', mount.mountPropagation, PROPAGATIONS.join(', '), 'use a MountPropagation value');
      }
      if (mount.mountPropagation === 'Bidirectional' && sc.privileged !== true) {
        err(`${where}.volumeMounts[${mount.mountPath}].mountPropagation`, 'is Bidirectional on a container that is not privileged (the API server rejects it)',
          'Bidirectional', 'HostToContainer or None, or Bidirectional in a privileged container',
          `use MountPropagation.HOST_TO_CONTAINER, or make container '${name}' privileged with Relaxation.privileged('${name}', '<why>')`);
      }
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
        if (!relaxation(RelaxationKind.WRITABLE_HOST_PATH, hostPath)) {
          err(`${where}.volumeMounts[${mount.mountPath}].readOnly`, `mounts host path ${hostPath} writable without a reason`, mount.readOnly ?? 'unset', 'read-only host mounts, or a writable one declared with a reason',
            `mount it read-only (readOnly: true), or declare it with Relaxation.writableHostPath('${hostPath}', '<why>')`);
        }
      }
    }

    // security context
    checkSecurityContext(err, where, name, sc);
    if (sc.privileged === true) {
      needs(RelaxationKind.PRIVILEGED, name, `${where}.securityContext.privileged`, true, `Relaxation.privileged('${name}', '<why>')`);
    }
    if (sc.allowPrivilegeEscalation !== false && sc.privileged !== true) {
      if (!relaxation(RelaxationKind.PRIVILEGED, name)) {
        needs(RelaxationKind.PRIVILEGE_ESCALATION, name, `${where}.securityContext.allowPrivilegeEscalation`, sc.allowPrivilegeEscalation ?? 'unset',
          `Relaxation.privilegeEscalation('${name}', '<why>')`);
      }
    }
    const added: string[] = (sc.capabilities?.add ?? []).map((c: string) => String(c).replace(/^CAP_/, ''));
    if (added.length > 0) {
      const allowed = relaxation(RelaxationKind.CAPABILITIES, name);
      const missing = added.filter(c => !(allowed?.allowedCapabilities ?? []).includes(c));
      if (missing.length > 0) {
        err(`${where}.securityContext.capabilities.add`, `adds capabilities without a reason: ${missing.join(', ')}`, added, undefined,
          `if this is intended, add Relaxation.capabilities('${name}', [${added.map(c => `'${c}'`).join(', ')}], '<why>') to 'relaxations'`);
      }
    }
    const drop: string[] = sc.capabilities?.drop ?? [];
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

    // host ports inside the pod
    for (const port of container.ports ?? []) {
      if (typeof port.hostPort === 'number' && port.hostPort > 0) {
        needs(RelaxationKind.HOST_PORT, String(port.hostPort), `${where}.ports[${port.containerPort}].hostPort`, port.hostPort, `Relaxation.hostPort(${port.hostPort}, '<why>')`);
      }
    }
  }
  const seenBindings: HostPortBinding[] = [];
  for (const binding of hostPortBindings(pod)) {
    const other = seenBindings.find(b => sameHostPort(b, binding));
    if (other !== undefined) {
      err(`containers[${binding.container}].ports`, `binds host port ${binding.port}/${binding.protocol}, which container '${other.container}' of the same pod already binds`, binding.port,
        'each protocol/port bound once per node (or on distinct host IPs)', 'use another port for one of the containers');
    } else {
      seenBindings.push(binding);
    }
  }

  // -- relaxations the pod does not use
  for (const unused of relaxations.filter(r => !used.has(r))) {
    err('relaxations', `declares ${unused.description}, which the pod does not use`, unused.reason, 'relaxations that the manifest needs',
      'remove the relaxation, so the exemption annotations stay honest');
  }
  return errors;
}

type Err = (prop: string, problem: string, received: unknown, allowed: string | undefined, fix: string) => void;

function checkName(err: Err, prop: string, value: unknown, check: (v: string) => string | undefined, fix: string) {
  const problem = typeof value === 'string' ? check(value) : 'a string';
  if (problem) {
    err(prop, 'is not a valid name', value, problem, fix);
  }
}

function checkLabels(err: Err, prop: string, labels: Record<string, string> | undefined) {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = checkQualifiedName(key);
    if (keyProblem) {
      err(prop, 'has an invalid key', key, keyProblem, 'rename the label');
    }
    const valueProblem = checkLabelValue(String(value));
    if (valueProblem) {
      err(`${prop}.${key}`, 'has an invalid value', value, valueProblem, 'shorten or clean the value');
    }
  }
}

function checkAnnotationKeys(err: Err, prop: string, annotations: Record<string, string> | undefined) {
  for (const key of Object.keys(annotations ?? {})) {
    const problem = checkQualifiedName(key);
    if (problem) {
      err(prop, 'has an invalid key', key, problem, 'rename the annotation');
    }
  }
}

function checkNonNegativeInteger(err: Err, prop: string, value: unknown) {
  if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
    err(prop, 'must be a whole number >= 0', value, 'an integer >= 0', `set ${prop} to 0 or more`);
  }
}

function checkUpdateStrategy(err: Err, strategy: any, bindings: HostPortBinding[]) {
  if (strategy === undefined) {
    return;
  }
  if (strategy.type !== 'RollingUpdate' && strategy.type !== 'OnDelete') {
    err('updateStrategy.type', 'is not a DaemonSet update strategy', strategy.type, 'RollingUpdate, OnDelete',
      'use DaemonSetUpdateStrategy.rollingUpdate() or DaemonSetUpdateStrategy.onDelete()');
    return;
  }
  const rolling = strategy.rollingUpdate;
  if (strategy.type === 'OnDelete') {
    if (rolling !== undefined) {
      err('updateStrategy.rollingUpdate', 'is set with type OnDelete', rolling, 'no rollingUpdate with OnDelete', 'remove rollingUpdate');
    }
    return;
  }
  const surge = rolling?.maxSurge ?? 0;
  const unavailable = rolling?.maxUnavailable ?? 1;
  let valid = true;
  for (const [prop, value] of [['maxSurge', surge], ['maxUnavailable', unavailable]]) {
    const problem = checkIntOrPercent(value);
    if (problem) {
      valid = false;
      err(`updateStrategy.${prop}`, 'is not a valid value', value, problem,
        'use PercentOrAbsolute.absolute(n) with a whole n >= 0, or PercentOrAbsolute.percent(n) with a whole n from 0 to 100');
    }
  }
  if (!valid) {
    return;
  }
  if (isZero(surge) && isZero(unavailable) && bindings.length > 0) {
    const first = bindings[0];
    err('updateStrategy.maxUnavailable', `cannot be 0 while the pod binds host port ${first.port}/${first.protocol}: a surge pod could never bind the port next to the old one, so each node must let its old pod go first`,
      unavailable, 'maxUnavailable >= 1 when the pod binds host ports', 'set maxUnavailable: PercentOrAbsolute.absolute(1) (or a percentage above 0%)');
  } else if (isZero(surge) && isZero(unavailable)) {
    err('updateStrategy.maxUnavailable', 'cannot be 0 when maxSurge is 0: the rollout could never replace a pod', unavailable, 'maxUnavailable >= 1 or a maxSurge >= 1',
      'set maxUnavailable: PercentOrAbsolute.absolute(1)');
  } else if (!isZero(surge) && !isZero(unavailable)) {
    err('updateStrategy.maxSurge', 'may not be set when maxUnavailable is not 0 (the API server rejects the pair)', { maxSurge: surge, maxUnavailable: unavailable },
      'either a surge with maxUnavailable: 0, or maxUnavailable with no surge', 'set maxUnavailable: PercentOrAbsolute.absolute(0) to surge, or remove maxSurge');
  } else if (!isZero(surge) && bindings.length > 0) {
    const first = bindings[0];
    err('updateStrategy.maxSurge', `cannot be used while the pod binds host port ${first.port}/${first.protocol}: the surge pod can never bind the port next to the old pod on the same node, so the rollout hangs (kubernetes#106417)`,
      surge, 'no surge when the pod binds host ports (a hostPort, or hostNetwork with container ports)',
      'use DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(1) }) instead');
  }
}

function checkTolerations(err: Err, tolerations: any[]) {
  tolerations.forEach((t, i) => {
    const prop = `tolerations[${i}]`;
    const operator = t.operator ?? 'Equal';
    if (operator !== 'Equal' && operator !== 'Exists') {
      err(`${prop}.operator`, 'is not a toleration operator', operator, 'Equal, Exists', 'use NodeTaintQuery.is() or NodeTaintQuery.exists()');
    }
    if (!t.key && operator !== 'Exists') {
      err(`${prop}.key`, 'is empty with operator Equal', t, 'operator Exists when the key is empty', 'set a key, or use operator Exists to tolerate every taint');
    }
    if (t.key) {
      const problem = checkQualifiedName(t.key);
      if (problem) {
        err(`${prop}.key`, 'is not a valid taint key', t.key, problem, 'use the key of the taint to tolerate');
      }
    }
    if (operator === 'Exists' && t.value) {
      err(`${prop}.value`, 'must be empty with operator Exists', t.value, 'no value with Exists', 'remove the value, or use operator Equal');
    }
    if (t.effect !== undefined && t.effect !== '' && !EFFECTS.includes(t.effect)) {
      err(`${prop}.effect`, 'is not a taint effect', t.effect, EFFECTS.join(', '), 'use a TaintEffect value');
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      err(`${prop}.tolerationSeconds`, 'is only allowed with effect NoExecute', t.tolerationSeconds, 'tolerationSeconds with NoExecute', 'set effect NoExecute, or remove tolerationSeconds');
    }
  });
}

function checkPorts(err: Err, where: string, container: any, hostNetwork: boolean) {
  const names = new Set<string>();
  for (const port of container.ports ?? []) {
    const prop = `${where}.ports[${port.containerPort}]`;
    if (!(Number.isInteger(port.containerPort) && port.containerPort >= 1 && port.containerPort <= 65535)) {
      err(`${prop}.containerPort`, 'is out of range', port.containerPort, '1 to 65535', 'use a valid port number');
    }
    if (port.hostPort !== undefined && !(Number.isInteger(port.hostPort) && port.hostPort >= 0 && port.hostPort <= 65535)) {
      err(`${prop}.hostPort`, 'is out of range', port.hostPort, '1 to 65535', 'use a valid port number');
    }
    if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) {
      err(`${prop}.protocol`, 'is not a protocol', port.protocol, PROTOCOLS.join(', '), 'use a Protocol value');
    }
    if (port.name !== undefined) {
      const problem = checkPortName(port.name);
      if (problem) {
        err(`${prop}.name`, 'is not a valid port name', port.name, problem, 'shorten or clean the port name');
      }
      if (names.has(port.name)) {
        err(`${prop}.name`, 'is used by two ports of the container', port.name, 'unique port names', 'give each port its own name');
      }
      names.add(port.name);
    }
    if (hostNetwork && port.hostPort !== undefined && port.hostPort !== 0 && port.hostPort !== port.containerPort) {
      err(`${prop}.hostPort`, 'must equal containerPort when hostNetwork is true', port.hostPort, `${port.containerPort}`, `set hostPort to ${port.containerPort}, or remove it`);
    }
  }
}

function checkResources(err: Err, where: string, resources: any) {
  const requests = resources?.requests ?? {};
  const limits = resources?.limits ?? {};
  for (const [kind, values] of [['requests', requests], ['limits', limits]] as const) {
    for (const [resource, quantity] of Object.entries(values)) {
      if (parseQuantity(quantity as any) === undefined) {
        err(`${where}.resources.${kind}.${resource}`, 'is not a quantity', quantity, 'a Kubernetes quantity such as 100m, 64Mi, 1Gi', 'use Cpu.millis() and Size.mebibytes()');
      }
    }
  }
  for (const [resource, request] of Object.entries(requests)) {
    const limit = limits[resource];
    if (limit === undefined) {
      continue;
    }
    const r = parseQuantity(request as any);
    const l = parseQuantity(limit as any);
    if (r !== undefined && l !== undefined && r > l) {
      err(`${where}.resources.${resource}`, 'requests more than its limit', { request, limit }, 'request <= limit', `lower the ${resource} request or raise the limit`);
    }
  }
  for (const [kind, resource, values] of [['requests', 'cpu', requests], ['requests', 'memory', requests]] as const) {
    if (values[resource] === undefined) {
      err(`${where}.resources.${kind}.${resource}`, 'is missing', undefined, 'cpu and memory requests on every container',
        'set resources on the container, or keep the agent-sized defaults');
    }
  }
}

function checkProbes(err: Err, where: string, container: any) {
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = container[kind];
    if (!probe) {
      continue;
    }
    const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter(h => probe[h] !== undefined);
    if (handlers.length !== 1) {
      err(`${where}.${kind}`, 'must have exactly one handler', handlers, 'one of exec, httpGet, tcpSocket, grpc', 'keep one handler');
    }
    if (kind !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
      err(`${where}.${kind}.successThreshold`, 'must be 1', probe.successThreshold, '1', 'remove successThreshold');
    }
  }
}

function checkIds(err: Err, prefix: string, sc: any, fields: string[]) {
  for (const field of fields) {
    const value = sc[field];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= MAX_ID)) {
      err(`${prefix}.${field}`, 'is not a valid id', value, `0 to ${MAX_ID}`, 'use a valid uid/gid');
    }
  }
}

function checkSeccompProfile(err: Err, prop: string, profile: any) {
  if (!profile) {
    return;
  }
  if (!SECCOMP_TYPES.includes(profile.type)) {
    err(`${prop}.type`, 'is not a seccomp profile type', profile.type, SECCOMP_TYPES.join(', '), 'use SeccompProfileType.RUNTIME_DEFAULT');
  }
  if (profile.type === 'Localhost' && !profile.localhostProfile) {
    err(`${prop}.localhostProfile`, 'is required with type Localhost', undefined, 'the path of a profile on the node', 'set localhostProfile');
  }
}

function checkSecurityContext(err: Err, where: string, name: string, sc: any) {
  if (sc.privileged === true && sc.allowPrivilegeEscalation === false) {
    err(`${where}.securityContext.allowPrivilegeEscalation`, 'is false on a privileged container (the API server rejects the pair)', false,
      'allowPrivilegeEscalation true or unset with privileged', 'remove allowPrivilegeEscalation: false (the library sets it to true for privileged containers)');
  }
  const added: string[] = (sc.capabilities?.add ?? []).map((c: string) => String(c).replace(/^CAP_/, ''));
  if (added.includes('SYS_ADMIN') && sc.allowPrivilegeEscalation === false) {
    err(`${where}.securityContext.allowPrivilegeEscalation`, 'is false while adding SYS_ADMIN (the API server rejects the pair)', false,
      'allowPrivilegeEscalation true with SYS_ADMIN', `set allowPrivilegeEscalation: true with Relaxation.privilegeEscalation('${name}', '<why>')`);
  }
  checkIds(err, `${where}.securityContext`, sc, ['runAsUser', 'runAsGroup']);
  checkSeccompProfile(err, `${where}.securityContext.seccompProfile`, sc.seccompProfile);
}

