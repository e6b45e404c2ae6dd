import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Relaxation } from '../../../../src';
import { agent, Case, patch } from '../case';

const family = 'security context';
const pod = '/spec/template/spec';
const c0 = `${pod}/containers/0`;
const podContext = (securityContext: kplus.PodSecurityContextProps, props: any = {}) => (ch: any) => agent(ch, { securityContext, ...props });
const sysctls = (...names: string[]) => names.map(name => ({ name, value: '1' }));
const container = (securityContext: kplus.ContainerSecurityContextProps, props: any = {}) => (ch: any) => agent(ch, props, { securityContext });
const withPatch = (path: string, value: any, props: any = {}) => (ch: any) => patch(agent(ch, props), JsonPatch.add(path, value));
const seccomp = (profile: any) => withPatch(`${c0}/securityContext/seccompProfile`, profile);

export const cases: Case[] = [
  { family, name: 'a pod fsGroup is valid', build: podContext({ fsGroup: 65534 }) },
  { family, name: 'a pod fsGroup of 2^31 is invalid', build: podContext({ fsGroup: 2 ** 31 }) },
  { family, name: 'a negative pod user is invalid', build: podContext({ user: -1 }) },
  { family, name: 'a negative pod group is invalid', build: podContext({ group: -2 }) },
  { family, name: 'supplemental groups are valid', build: withPatch(`${pod}/securityContext/supplementalGroups`, [1000, 2000]) },
  { family, name: 'a negative supplemental group is invalid', build: withPatch(`${pod}/securityContext/supplementalGroups`, [-1]) },
  { family, name: 'fsGroupChangePolicy OnRootMismatch is valid', build: podContext({ fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH }) },
  { family, name: 'an fsGroupChangePolicy of Never is invalid', build: withPatch(`${pod}/securityContext/fsGroupChangePolicy`, 'Never') },
  { family, name: 'a namespaced sysctl is valid', build: podContext({ sysctls: sysctls('net.ipv4.ip_local_port_range') }) },
  { family, name: 'a sysctl written with slashes is valid', build: podContext({ sysctls: sysctls('net/ipv4/ip_local_port_range') }) },
  { family, name: 'a sysctl name in upper case is invalid', build: podContext({ sysctls: sysctls('Net.IPv4.ip_forward') }) },
  { family, name: 'a sysctl name with an empty segment is invalid', build: podContext({ sysctls: sysctls('net..ipv4') }) },
  { family, name: 'one sysctl twice is invalid', build: podContext({ sysctls: sysctls('net.ipv4.ip_local_port_range', 'net.ipv4.ip_local_port_range') }) },
  {
    family,
    name: 'a net sysctl with hostNetwork is invalid',
    build: podContext({ sysctls: sysctls('net.ipv4.ip_local_port_range') }, { hostNetwork: true, relaxations: [Relaxation.hostNetwork('reads the node network')] }),
  },
  {
    family,
    name: 'a kernel sysctl with hostNetwork is valid',
    build: podContext({ sysctls: sysctls('kernel.shm_rmid_forced') }, { hostNetwork: true, relaxations: [Relaxation.hostNetwork('reads the node network')] }),
  },
  {
    family,
    name: 'an IPC sysctl with hostIPC is invalid',
    build: podContext({ sysctls: sysctls('kernel.shm_rmid_forced') }, { hostIpc: true, relaxations: [Relaxation.hostIpc('shares memory with a node daemon')] }),
  },
  {
    family,
    name: 'a message queue sysctl with hostIPC is invalid',
    build: podContext({ sysctls: sysctls('fs.mqueue.msg_max') }, { hostIpc: true, relaxations: [Relaxation.hostIpc('shares memory with a node daemon')] }),
  },
  {
    family,
    name: 'shareProcessNamespace with hostPID is invalid',
    build: withPatch(`${pod}/shareProcessNamespace`, true, { hostPid: true, relaxations: [Relaxation.hostPid('reads the node\'s processes')] }),
  },
  { family, name: 'shareProcessNamespace alone is valid', build: withPatch(`${pod}/shareProcessNamespace`, true) },
  { family, name: 'a Localhost seccomp profile is valid', build: seccomp({ type: 'Localhost', localhostProfile: 'profiles/agent.json' }) },
  { family, name: 'a Localhost seccomp profile without a profile is invalid', build: seccomp({ type: 'Localhost' }) },
  { family, name: 'a Localhost seccomp profile with an absolute path is invalid', build: seccomp({ type: 'Localhost', localhostProfile: '/var/lib/kubelet/seccomp/agent.json' }) },
  { family, name: 'a RuntimeDefault seccomp profile with a localhost profile is invalid', build: seccomp({ type: 'RuntimeDefault', localhostProfile: 'profiles/agent.json' }) },
  { family, name: 'a seccomp profile type Default is invalid', build: seccomp({ type: 'Default' }) },
  { family, name: 'an Unconfined seccomp profile is refused', build: container({ seccompProfile: { type: kplus.SeccompProfileType.UNCONFINED } }), stricter: 'hardened-container' },
  {
    family,
    name: 'privileged with allowPrivilegeEscalation false is invalid',
    build: ch => patch(agent(ch, { relaxations: [Relaxation.privileged('main', 'loads kernel modules')] }, { securityContext: { privileged: true } }),
      JsonPatch.replace(`${c0}/securityContext/allowPrivilegeEscalation`, false)),
  },
  { family, name: 'privileged with its relaxation is valid', build: container({ privileged: true }, { relaxations: [Relaxation.privileged('main', 'loads kernel modules')] }) },
  {
    family,
    name: 'CAP_SYS_ADMIN with allowPrivilegeEscalation false is invalid',
    build: withPatch(`${c0}/securityContext/capabilities/add`, ['CAP_SYS_ADMIN'], { relaxations: [Relaxation.capabilities('main', ['SYS_ADMIN'], 'mounts filesystems')] }),
  },
  {
    family,
    name: 'SYS_ADMIN with allowPrivilegeEscalation false is refused',
    build: withPatch(`${c0}/securityContext/capabilities/add`, ['SYS_ADMIN'], { relaxations: [Relaxation.capabilities('main', ['SYS_ADMIN'], 'mounts filesystems')] }),
    stricter: 'sys-admin-without-escalation',
  },
  {
    family,
    name: 'NET_ADMIN with its relaxation is valid',
    build: container({ capabilities: { add: [kplus.Capability.NET_ADMIN] } }, { relaxations: [Relaxation.capabilities('main', ['NET_ADMIN'], 'programs routes')] }),
  },
  { family, name: 'capabilities that do not drop ALL are refused', build: container({ capabilities: { drop: [kplus.Capability.NET_RAW] } }), stricter: 'hardened-container' },
  { family, name: 'a container user of 2^31 is invalid', build: container({ user: 2 ** 31 }) },
  { family, name: 'a negative container group is invalid', build: container({ group: -1 }) },
  { family, name: 'a container user of 1000 is valid', build: container({ user: 1000, group: 1000 }) },
  { family, name: 'uid 0 with runAsNonRoot is refused (the kubelet would not start it)', build: container({ user: 0 }), stricter: 'hardened-container' },
  { family, name: 'running as root with its relaxation is valid', build: container({ ensureNonRoot: false, user: 0 }, { relaxations: [Relaxation.runAsRoot('main', 'reads root-owned files')] }) },
  { family, name: 'procMount Default is valid', build: withPatch(`${c0}/securityContext/procMount`, 'Default') },
  { family, name: 'procMount Unmasked in the node\'s user namespace is invalid', build: withPatch(`${c0}/securityContext/procMount`, 'Unmasked') },
  { family, name: 'a procMount of Hidden is invalid', build: withPatch(`${c0}/securityContext/procMount`, 'Hidden') },
  { family, name: 'SELinux options are valid', build: withPatch(`${c0}/securityContext/seLinuxOptions`, { type: 'spc_t' }) },
  { family, name: 'Windows options on a Linux pod are invalid', build: ch => patch(agent(ch), JsonPatch.add(`${pod}/os`, { name: 'linux' }), JsonPatch.add(`${c0}/securityContext/windowsOptions`, { runAsUserName: 'agent' })) },
  {
    family,
    name: 'hostUsers false with hostNetwork is invalid',
    build: withPatch(`${pod}/hostUsers`, false, { hostNetwork: true, relaxations: [Relaxation.hostNetwork('reads the node network')] }),
  },
  { family, name: 'hostUsers false alone is valid', build: withPatch(`${pod}/hostUsers`, false) },
];
