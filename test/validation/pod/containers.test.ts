import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { chart, synthDaemonSet, synthError } from '../../util';
import { agent, IMAGE, MAIN, patched, POD } from '../helpers';

// src/validation/pod/containers.ts and ports.ts: validateContainers, validateInitContainers,
// validateContainerCommon, validateContainerPorts.

test('rejects an unknown imagePullPolicy and terminationMessagePolicy', () => {
  const c = chart();
  patched(agent(c), JsonPatch.replace(`${MAIN}/imagePullPolicy`, 'Sometimes'), JsonPatch.add(`${MAIN}/terminationMessagePolicy`, 'Stdout'));
  const error = synthError(c);
  expect(error).toMatch(/test\/Agent: 'containers\[main\]\.imagePullPolicy' is not a supported value \(received 'Sometimes'\)\. Allowed: Always, IfNotPresent, Never/);
  expect(error).toMatch(/'containers\[main\]\.terminationMessagePolicy' is not a supported value \(received 'Stdout'\)\. Allowed: File, FallbackToLogsOnError/);
});

test('rejects restartPolicy on a regular container, which the API server would drop, in the library\'s message style', () => {
  const c = chart();
  agent(c, {}, { restartPolicy: kplus.ContainerRestartPolicy.ALWAYS });
  expect(synthError(c)).toMatch(
    /'containers\[main\]\.restartPolicy' may not be set on a regular container \(the API server drops it: container restart rules are an alpha feature\)/,
  );
});

test('rejects an init container restartPolicy other than Always, which the API server would drop', () => {
  const c = chart();
  const ds = agent(c);
  ds.addInitContainer({ name: 'setup', image: IMAGE });
  patched(ds, JsonPatch.add(`${POD}/initContainers/0/restartPolicy`, 'Never'));
  expect(synthError(c)).toMatch(/'containers\[setup\]\.restartPolicy' is not Always \(the API server drops any other value/);
});

test('rejects a probe on an init container that is not a sidecar', () => {
  const c = chart();
  const ds = agent(c);
  ds.addInitContainer({ name: 'setup', image: IMAGE });
  patched(ds, JsonPatch.add(`${POD}/initContainers/0/livenessProbe`, { exec: { command: ['true'] } }));
  expect(synthError(c)).toMatch(/'containers\[setup\]\.livenessProbe' is not allowed on an init container unless restartPolicy is Always \(a sidecar\)/);
});

test('a sidecar init container with probes is valid', () => {
  const c = chart();
  const probe = kplus.Probe.fromCommand(['true']);
  agent(c).addInitContainer({ name: 'proxy', image: IMAGE, restartPolicy: kplus.ContainerRestartPolicy.ALWAYS, liveness: probe, readiness: probe });
  expect(synthDaemonSet(c).spec.template.spec.initContainers[0].restartPolicy).toBe('Always');
});

test('rejects one init container binding the same host port twice', () => {
  const c = chart();
  const ds = agent(c);
  ds.addInitContainer({ name: 'setup', image: IMAGE });
  patched(ds, JsonPatch.add(`${POD}/initContainers/0/ports`, [{ containerPort: 8080, hostPort: 9000 }, { containerPort: 8081, hostPort: 9000 }]));
  expect(synthError(c)).toMatch(/'containers\[setup\]\.ports\[8081\]\.hostPort' binds TCP\/\/9000 twice/);
});

test('rejects one containerPort and protocol declared twice in a container', () => {
  const c = chart();
  patched(agent(c, {}, { ports: [{ number: 8080 }] }), JsonPatch.add(`${MAIN}/ports/-`, { containerPort: 8080, protocol: 'TCP', name: 'again' }));
  expect(synthError(c)).toMatch(/'containers\[main\]\.ports\[8080\]' declares 8080\/TCP twice in the container/);
});
