import { PodSecurityLevel } from './pod-security-level';
import { PodSecurityFinding } from './types';

/**
 * The Pod Security Standards checks (Kubernetes pod-security-admission, policy version `latest`)
 * evaluated on a pod spec, as the admission controller evaluates the pods a DaemonSet creates.
 *
 * Baseline checks (a failure leaves the pod `privileged`): host namespaces, privileged containers,
 * capabilities beyond the baseline set, hostPath volumes, hostPorts, a host in a probe or lifecycle
 * handler, Windows HostProcess, AppArmor `unconfined`, SELinux types, users and roles, `procMount`
 * other than Default, seccomp `Unconfined`, sysctls outside the safe set.
 *
 * Restricted checks (a failure leaves the pod `baseline`): volume types other than configMap, csi,
 * downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret;
 * `allowPrivilegeEscalation: false` on every container; `runAsNonRoot: true`; no uid 0; seccomp
 * `RuntimeDefault` or `Localhost`; `capabilities.drop: [ALL]` and nothing added but
 * NET_BIND_SERVICE. Pods with `spec.os.name: windows` are exempt from the Linux-only restricted
 * checks (privilege escalation, seccomp, capabilities), as in Kubernetes.
 */

/** Capabilities the baseline level allows a container to add (the container runtimes' defaults). */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** Namespaced sysctls the baseline level allows (the safe set of policy version `latest`, Kubernetes 1.32). */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
];

const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

const RESTRICTED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** The result of evaluating one pod spec. */
export interface PodSecurityEvaluation {
  /** The strictest level the pod satisfies. */
  readonly level: PodSecurityLevel;
  /** Every check the pod fails, baseline checks first. */
  readonly findings: PodSecurityFinding[];
}

/**
 * Evaluates a pod spec (and the pod template's annotations, for AppArmor) against the baseline and
 * restricted levels. Returns the strictest level the pod satisfies and the checks that lower it.
 */
export function evaluatePodSecurity(pod: any, annotations: Record<string, string> = {}): PodSecurityEvaluation {
  pod = pod ?? {};
  const findings: PodSecurityFinding[] = [];
  const baseline = (check: string, detail: string) => findings.push({ check, lowersTo: PodSecurityLevel.PRIVILEGED, detail });
  const restricted = (check: string, detail: string) => findings.push({ check, lowersTo: PodSecurityLevel.BASELINE, detail });
  const containers: any[] = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
  const podSc = pod.securityContext ?? {};
  const sc = (c: any) => c.securityContext ?? {};
  const names = (list: any[]) => list.map(c => `'${c.name}'`).join(', ');
  const windows = pod.os?.name === 'windows';

  // ---- baseline
  if (podSc.windowsOptions?.hostProcess === true || containers.some(c => sc(c).windowsOptions?.hostProcess === true)) {
    baseline('hostProcess', 'Windows HostProcess containers');
  }
  const namespaces = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter(field => pod[field] === true);
  if (namespaces.length > 0) {
    baseline('hostNamespaces', namespaces.map(field => `${field}: true`).join(', '));
  }
  const privileged = containers.filter(c => sc(c).privileged === true);
  if (privileged.length > 0) {
    baseline('privileged', `privileged containers ${names(privileged)}`);
  }
  const extraCaps = new Set<string>();
  for (const c of containers) {
    for (const cap of sc(c).capabilities?.add ?? []) {
      if (!BASELINE_CAPABILITIES.includes(cap)) {
        extraCaps.add(cap);
      }
    }
  }
  if (extraCaps.size > 0) {
    baseline('capabilities_baseline', `adds capabilities ${[...extraCaps].join(', ')}`);
  }
  const hostPaths = (pod.volumes ?? []).filter((v: any) => v.hostPath);
  if (hostPaths.length > 0) {
    baseline('hostPathVolumes', `hostPath volumes ${hostPaths.map((v: any) => `'${v.name}' (${v.hostPath.path})`).join(', ')}`);
  }
  const hostPorts = new Set<number>();
  for (const c of containers) {
    for (const port of c.ports ?? []) {
      // With hostNetwork, the API server defaults hostPort to containerPort before admission.
      const hostPort = port.hostPort ?? (pod.hostNetwork === true ? port.containerPort : undefined);
      if (typeof hostPort === 'number' && hostPort !== 0) {
        hostPorts.add(hostPort);
      }
    }
  }
  if (hostPorts.size > 0) {
    baseline('hostPorts', `hostPorts ${[...hostPorts].join(', ')}`);
  }
  // Policy version 1.34 on: a probe or lifecycle handler may not name a host (the kubelet would
  // send its request there instead of to the pod).
  const handlerHosts = (c: any) => [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop]
    .flatMap(handler => [handler?.httpGet?.host, handler?.tcpSocket?.host])
    .filter(host => typeof host === 'string' && host !== '');
  const withHosts = containers.filter(c => handlerHosts(c).length > 0);
  if (withHosts.length > 0) {
    baseline('hostProbesAndHostLifecycle', `probe or lifecycle hosts ${[...new Set(withHosts.flatMap(handlerHosts))].map(h => `'${h}'`).join(', ')} in ${names(withHosts)}`);
  }
  const unconfinedAppArmor = Object.entries(annotations)
    .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !String(value).startsWith('localhost/'))
    .map(([key]) => key.slice(APPARMOR_ANNOTATION.length));
  if (podSc.appArmorProfile?.type === 'Unconfined') {
    unconfinedAppArmor.push('(pod)');
  }
  unconfinedAppArmor.push(...containers.filter(c => sc(c).appArmorProfile?.type === 'Unconfined').map(c => c.name));
  if (unconfinedAppArmor.length > 0) {
    baseline('appArmorProfile', `AppArmor unconfined for ${[...new Set(unconfinedAppArmor)].join(', ')}`);
  }
  const seLinux = [podSc, ...containers.map(sc)].map(s => s.seLinuxOptions).filter(o => o !== undefined);
  if (seLinux.some(o => !SELINUX_TYPES.includes(o.type ?? '') || o.user || o.role)) {
    baseline('seLinuxOptions', 'SELinux options set a type outside container_t/container_init_t/container_kvm_t/container_engine_t, or a user or role');
  }
  const procMount = containers.filter(c => sc(c).procMount !== undefined && sc(c).procMount !== 'Default');
  if (procMount.length > 0) {
    baseline('procMount', `procMount other than Default in ${names(procMount)}`);
  }
  const unconfined = containers.filter(c => sc(c).seccompProfile?.type === 'Unconfined');
  if (podSc.seccompProfile?.type === 'Unconfined' || unconfined.length > 0) {
    baseline('seccompProfile_baseline', `seccomp Unconfined on ${podSc.seccompProfile?.type === 'Unconfined' ? 'the pod' : names(unconfined)}`);
  }
  const unsafeSysctls = (podSc.sysctls ?? []).map((s: any) => s.name).filter((n: string) => !SAFE_SYSCTLS.includes(n));
  if (unsafeSysctls.length > 0) {
    baseline('sysctls', `unsafe sysctls ${unsafeSysctls.join(', ')}`);
  }

  // ---- restricted
  const otherVolumes = (pod.volumes ?? []).filter((v: any) => !v.hostPath && !Object.keys(v).some(key => RESTRICTED_VOLUME_SOURCES.includes(key)));
  if (otherVolumes.length > 0) {
    const kind = (v: any) => Object.keys(v).find(key => key !== 'name') ?? 'unknown';
    restricted('restrictedVolumes', `volume types outside the restricted set: ${otherVolumes.map((v: any) => `'${v.name}' (${kind(v)})`).join(', ')}`);
  }
  if (!windows) {
    const escalating = containers.filter(c => sc(c).allowPrivilegeEscalation !== false);
    if (escalating.length > 0) {
      restricted('allowPrivilegeEscalation', `allowPrivilegeEscalation not false in ${names(escalating)}`);
    }
  }
  const rootAllowed = containers.filter(c => sc(c).runAsNonRoot === false || (sc(c).runAsNonRoot !== true && podSc.runAsNonRoot !== true));
  if (rootAllowed.length > 0) {
    restricted('runAsNonRoot', `runAsNonRoot not true for ${names(rootAllowed)}`);
  }
  const rootUser = containers.filter(c => sc(c).runAsUser === 0);
  if (podSc.runAsUser === 0 || rootUser.length > 0) {
    restricted('runAsUser', `runAsUser 0 on ${podSc.runAsUser === 0 ? 'the pod' : names(rootUser)}`);
  }
  if (!windows) {
    const valid = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';
    const podValid = valid(podSc.seccompProfile?.type);
    // An explicit Unconfined is a baseline finding already.
    const unset = containers.filter(c => !valid(sc(c).seccompProfile?.type) && sc(c).seccompProfile?.type !== 'Unconfined' && !podValid);
    if (unset.length > 0) {
      restricted('seccompProfile_restricted', `seccompProfile not RuntimeDefault or Localhost for ${names(unset)}`);
    }
    const keepsCaps = containers.filter(c => !(sc(c).capabilities?.drop ?? []).includes('ALL'));
    if (keepsCaps.length > 0) {
      restricted('capabilities_restricted', `capabilities not dropped with drop: [ALL] in ${names(keepsCaps)}`);
    }
    const added = new Set<string>();
    for (const c of containers) {
      for (const cap of sc(c).capabilities?.add ?? []) {
        // Capabilities outside the baseline set are a baseline finding already.
        if (cap !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.includes(cap)) {
          added.add(cap);
        }
      }
    }
    if (added.size > 0) {
      restricted('capabilities_restricted', `adds capabilities other than NET_BIND_SERVICE: ${[...added].join(', ')}`);
    }
  }

  const level = findings.some(f => f.lowersTo === PodSecurityLevel.PRIVILEGED) ? PodSecurityLevel.PRIVILEGED
    : findings.length > 0 ? PodSecurityLevel.BASELINE : PodSecurityLevel.RESTRICTED;
  return { level, findings };
}
