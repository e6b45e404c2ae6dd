import { JsonPatch } from 'cdk8s';
import { Relaxation } from '../../../src';
import { chart, synthError } from '../../util';
import { agent, MAIN, patched, POD } from '../helpers';

// src/validation/pod/security-context.ts: validatePodSpecSecurityContext, ValidateSecurityContext.

const sysctls = (...names: string[]) => ({ securityContext: { sysctls: names.map(name => ({ name, value: '1' })) } });

test('rejects an invalid sysctl name and one sysctl twice', () => {
  const c = chart();
  agent(c, sysctls('Net.IPv4.ip_forward', 'net.core.somaxconn', 'net.core.somaxconn'));
  const error = synthError(c);
  expect(error).toMatch(/test\/Agent: 'securityContext\.sysctls\[0\]\.name' is not a valid sysctl name \(received 'Net\.IPv4\.ip_forward'\)/);
  expect(error).toMatch(/'securityContext\.sysctls\[2\]\.name' is set twice \(received 'net\.core\.somaxconn'\)/);
});

test('rejects a net sysctl with hostNetwork', () => {
  const c = chart();
  agent(c, { hostNetwork: true, relaxations: [Relaxation.hostNetwork('reads the node network')], ...sysctls('net.ipv4.ip_local_port_range') });
  expect(synthError(c)).toMatch(/'securityContext\.sysctls\[0\]\.name' is a network sysctl, which cannot be set when hostNetwork is true/);
});

test('rejects a negative supplemental group', () => {
  const c = chart();
  patched(agent(c), JsonPatch.add(`${POD}/securityContext/supplementalGroups`, [-1]));
  expect(synthError(c)).toMatch(/'securityContext\.supplementalGroups\[0\]' is not a valid id \(received -1\)/);
});

test('rejects an unknown fsGroupChangePolicy', () => {
  const c = chart();
  patched(agent(c), JsonPatch.add(`${POD}/securityContext/fsGroupChangePolicy`, 'Never'));
  expect(synthError(c)).toMatch(/'securityContext\.fsGroupChangePolicy' is not a supported value \(received 'Never'\)\. Allowed: OnRootMismatch, Always/);
});

test('rejects shareProcessNamespace with hostPID', () => {
  const c = chart();
  patched(agent(c, { hostPid: true, relaxations: [Relaxation.hostPid('reads the node\'s processes')] }), JsonPatch.add(`${POD}/shareProcessNamespace`, true));
  expect(synthError(c)).toMatch(/'shareProcessNamespace' cannot be used with hostPID/);
});

test('rejects a Localhost seccomp profile with an absolute path', () => {
  const c = chart();
  patched(agent(c), JsonPatch.add(`${MAIN}/securityContext/seccompProfile`, { type: 'Localhost', localhostProfile: '/var/lib/kubelet/seccomp/agent.json' }));
  expect(synthError(c)).toMatch(/'containers\[main\]\.securityContext\.seccompProfile\.localhostProfile' must be a relative path without '\.\.'/);
});

test('rejects a localhost profile with type RuntimeDefault set by a patch (cdk8s-plus refuses it at construction)', () => {
  const c = chart();
  patched(agent(c), JsonPatch.add(`${MAIN}/securityContext/seccompProfile/localhostProfile`, 'profiles/agent.json'));
  expect(synthError(c)).toMatch(/'containers\[main\]\.securityContext\.seccompProfile\.localhostProfile' can only be set with type Localhost/);
});

test('rejects procMount Unmasked in the node\'s user namespace', () => {
  const c = chart();
  patched(agent(c), JsonPatch.add(`${MAIN}/securityContext/procMount`, 'Unmasked'));
  expect(synthError(c)).toMatch(/'containers\[main\]\.securityContext\.procMount' is Unmasked in a pod that shares the node's user namespace/);
});

test('rejects hostUsers false with hostNetwork', () => {
  const c = chart();
  patched(agent(c, { hostNetwork: true, relaxations: [Relaxation.hostNetwork('reads the node network')] }), JsonPatch.add(`${POD}/hostUsers`, false));
  expect(synthError(c)).toMatch(/'hostNetwork' cannot be used with hostUsers: false/);
});
