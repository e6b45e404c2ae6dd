import { checkFormat, Err, isInteger, list, notSupported } from '../field';
import { checkSysctlName } from '../names';

/**
 * Security contexts, as k8s.io/kubernetes pkg/apis/core/validation v1.34 checks them:
 * `validatePodSpecSecurityContext` (ids, `shareProcessNamespace` with hostPID, `validateSysctls`
 * and `ValidateHostSysctl`, `validateFSGroupChangePolicy`, `validateSeccompProfileField`),
 * `ValidateSecurityContext` for each container (ids, `ValidateProcMountType`, seccomp, privilege
 * escalation with privileged or CAP_SYS_ADMIN), `validateHostUsers`, and the OS-specific
 * `validateLinux` and `validateWindows`.
 */

export const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost', 'Unconfined'];
const MAX_ID = 2147483647;
const FS_GROUP_CHANGE_POLICIES = ['OnRootMismatch', 'Always'];
/** The IPC-namespaced sysctls (k8s.io/component-helpers node/util/sysctl). */
const IPC_SYSCTLS = ['kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced', 'kernel.shm', 'kernel.msgmax',
  'kernel.msgmnb', 'kernel.msgmni', 'kernel.msg'];

/** `validatePodSpecSecurityContext` and `validateHostUsers`. */
export function validatePodSecurityContext(err: Err, pod: any): void {
  const sc = pod.securityContext;
  if (sc && typeof sc === 'object') {
    checkIds(err, 'securityContext', sc, ['runAsUser', 'runAsGroup', 'fsGroup']);
    list(sc.supplementalGroups).forEach((gid, i) => checkId(err, `securityContext.supplementalGroups[${i}]`, gid));
    list(sc.sysctls).forEach((sysctl, i) => validateSysctl(err, `securityContext.sysctls[${i}].name`, sysctl?.name, pod, list(sc.sysctls).slice(0, i)));
    if (sc.fsGroupChangePolicy !== undefined && sc.fsGroupChangePolicy !== null && !FS_GROUP_CHANGE_POLICIES.includes(sc.fsGroupChangePolicy)) {
      notSupported(err, 'securityContext.fsGroupChangePolicy', sc.fsGroupChangePolicy, FS_GROUP_CHANGE_POLICIES, 'use OnRootMismatch or Always');
    }
    checkSeccompProfile(err, 'securityContext.seccompProfile', sc.seccompProfile);
  }
  if (pod.shareProcessNamespace === true && pod.hostPID === true) {
    err('shareProcessNamespace', 'cannot be used with hostPID', true, 'shareProcessNamespace or hostPID', 'remove shareProcessNamespace: with hostPID the containers see every process of the node');
  }
  if (pod.hostUsers === false) {
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (pod[field] === true) {
        err(field, 'cannot be used with hostUsers: false', true, `hostUsers: true (the default) with ${field}`, `remove hostUsers: false, or turn ${field} off`);
      }
    }
    for (const container of [...list(pod.containers), ...list(pod.initContainers)]) {
      if (list(container?.volumeDevices).length > 0) {
        err(`containers[${container.name}].volumeDevices`, 'cannot be used with hostUsers: false', container.volumeDevices, 'no volume devices in a user namespace',
          'remove hostUsers: false, or the volume devices');
      }
    }
  }
}

/** `validateSysctls` and `ValidateHostSysctl`. */
function validateSysctl(err: Err, prop: string, name: unknown, pod: any, earlier: any[]): void {
  if (typeof name !== 'string' || name === '') {
    err(prop, 'is required', name, 'a sysctl name such as net.ipv4.ip_local_port_range', 'name the sysctl');
    return;
  }
  checkFormat(err, prop, name, checkSysctlName, 'is not a valid sysctl name', 'use the sysctl\'s name, e.g. net.ipv4.tcp_keepalive_time');
  if (earlier.some(s => s?.name === name)) {
    err(prop, 'is set twice', name, 'each sysctl once', 'remove the duplicate');
  }
  const normalized = normalizeSysctl(name);
  if (pod.hostNetwork === true && normalized.startsWith('net.')) {
    err(prop, 'is a network sysctl, which cannot be set when hostNetwork is true (it would change the node\'s own network)', name,
      'no net.* sysctls with hostNetwork', 'remove the sysctl, or turn hostNetwork off');
  }
  if (pod.hostIPC === true && (IPC_SYSCTLS.includes(normalized) || normalized.startsWith('fs.mqueue.'))) {
    err(prop, 'is an IPC sysctl, which cannot be set when hostIPC is true', name, 'no IPC sysctls with hostIPC', 'remove the sysctl, or turn hostIPC off');
  }
}

/** `NormalizeName`: a sysctl written with '/' separators, as with '.'. */
function normalizeSysctl(name: string): string {
  const slash = name.indexOf('/');
  const dot = name.indexOf('.');
  if (slash < 0 || (dot >= 0 && dot < slash)) {
    return name;
  }
  return name.replace(/[./]/g, c => c === '/' ? '.' : '/');
}

/** `ValidateSecurityContext` of one container. */
export function validateSecurityContext(err: Err, where: string, name: string, sc: any, pod: any): void {
  if (sc.privileged === true && sc.allowPrivilegeEscalation === false) {
    err(`${where}.securityContext.allowPrivilegeEscalation`, 'is false on a privileged container (the API server rejects the pair)', false,
      'allowPrivilegeEscalation true or unset with privileged', 'remove allowPrivilegeEscalation: false (the library sets it to true for privileged containers)');
  }
  // The API server rejects CAP_SYS_ADMIN; the library also SYS_ADMIN, the spelling runtimes accept for the same capability.
  const added: string[] = list(sc.capabilities?.add).map((c: string) => String(c).replace(/^CAP_/, ''));
  if (added.includes('SYS_ADMIN') && sc.allowPrivilegeEscalation === false) {
    err(`${where}.securityContext.allowPrivilegeEscalation`, 'is false while adding SYS_ADMIN (the API server rejects the pair)', false,
      'allowPrivilegeEscalation true with SYS_ADMIN', `set allowPrivilegeEscalation: true with Relaxation.privilegeEscalation('${name}', '<why>')`);
  }
  checkIds(err, `${where}.securityContext`, sc, ['runAsUser', 'runAsGroup']);
  checkSeccompProfile(err, `${where}.securityContext.seccompProfile`, sc.seccompProfile);
  if (sc.procMount !== undefined && sc.procMount !== null) {
    if (!['Default', 'Unmasked'].includes(sc.procMount)) {
      notSupported(err, `${where}.securityContext.procMount`, sc.procMount, ['Default', 'Unmasked'], 'use Default');
    } else if (sc.procMount === 'Unmasked' && pod.hostUsers !== false) {
      err(`${where}.securityContext.procMount`, 'is Unmasked in a pod that shares the node\'s user namespace', 'Unmasked', 'Unmasked only with hostUsers: false',
        'use procMount Default');
    }
  }
}

function checkIds(err: Err, prefix: string, sc: any, fields: string[]): void {
  for (const field of fields) {
    if (sc[field] !== undefined && sc[field] !== null) {
      checkId(err, `${prefix}.${field}`, sc[field]);
    }
  }
}

function checkId(err: Err, prop: string, value: unknown): void {
  if (!(isInteger(value) && value >= 0 && value <= MAX_ID)) {
    err(prop, 'is not a valid id', value, `0 to ${MAX_ID}`, 'use a valid uid/gid');
  }
}

/** `validateSeccompProfileField`. */
function checkSeccompProfile(err: Err, prop: string, profile: any): void {
  if (profile === undefined || profile === null) {
    return;
  }
  if (!SECCOMP_TYPES.includes(profile.type)) {
    err(`${prop}.type`, 'is not a seccomp profile type', profile.type, SECCOMP_TYPES.join(', '), 'use SeccompProfileType.RUNTIME_DEFAULT');
  }
  if (profile.type === 'Localhost') {
    if (profile.localhostProfile === undefined || profile.localhostProfile === null) {
      err(`${prop}.localhostProfile`, 'is required with type Localhost', undefined, 'the path of a profile on the node', 'set localhostProfile');
    } else if (typeof profile.localhostProfile !== 'string' || profile.localhostProfile.startsWith('/') || profile.localhostProfile.split('/').includes('..')) {
      err(`${prop}.localhostProfile`, 'must be a relative path without \'..\'', profile.localhostProfile,
        'a path relative to the kubelet\'s seccomp directory, e.g. profiles/agent.json', 'remove the leading \'/\' and any \'..\'');
    }
  } else if (profile.localhostProfile !== undefined && profile.localhostProfile !== null) {
    err(`${prop}.localhostProfile`, 'can only be set with type Localhost', profile.localhostProfile, 'localhostProfile with type Localhost', 'remove localhostProfile, or use type Localhost');
  }
}

/** `validateLinux` and `validateWindows`: the OS-specific fields the pod's `os.name` forbids. */
export function validateOsSpecificFields(err: Err, pod: any): void {
  const os = pod.os?.name;
  const containers = [...list(pod.containers), ...list(pod.initContainers)];
  if (os === 'linux') {
    if (pod.securityContext?.windowsOptions) {
      err('securityContext.windowsOptions', 'cannot be set for a linux pod', pod.securityContext.windowsOptions, 'no windowsOptions with os.name linux', 'remove windowsOptions');
    }
    for (const c of containers) {
      if (c?.securityContext?.windowsOptions) {
        err(`containers[${c.name}].securityContext.windowsOptions`, 'cannot be set for a linux pod', c.securityContext.windowsOptions, 'no windowsOptions with os.name linux', 'remove windowsOptions');
      }
    }
  }
  if (os !== 'windows') {
    return;
  }
  // Pointer fields count as set whatever their value; the host namespaces only when true.
  const forbid = (prop: string, value: unknown) => {
    if (value !== undefined && value !== null) {
      err(prop, 'cannot be set for a windows pod', value, 'no Linux-only settings with os.name windows', `remove ${prop} (the library's hardening sets Linux settings: run Windows agents without them)`);
    }
  };
  const sc = pod.securityContext ?? {};
  for (const field of ['seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'runAsUser', 'runAsGroup']) {
    forbid(`securityContext.${field}`, sc[field]);
  }
  forbid('securityContext.sysctls', list(sc.sysctls).length ? sc.sysctls : undefined);
  forbid('securityContext.supplementalGroups', list(sc.supplementalGroups).length ? sc.supplementalGroups : undefined);
  forbid('hostUsers', pod.hostUsers);
  forbid('hostPID', pod.hostPID || undefined);
  forbid('hostIPC', pod.hostIPC || undefined);
  forbid('shareProcessNamespace', pod.shareProcessNamespace);
  for (const c of containers) {
    const csc = c?.securityContext ?? {};
    for (const field of ['seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup']) {
      forbid(`containers[${c.name}].securityContext.${field}`, csc[field]);
    }
  }
}
