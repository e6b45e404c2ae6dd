import { Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { chart, synthDaemonSet, synthError } from '../../util';
import { agent, MAIN, patched } from '../helpers';

// src/validation/pod/probes.ts: validateProbe, validateHandler, validateLifecycle, and the named
// port a probe uses declared by the container.

const { Probe, Handler } = kplus;
const ports = [{ number: 8080, name: 'metrics' }];

test('a liveness successThreshold of 0 is defaulted to 1 by the API server, so valid', () => {
  const c = chart();
  agent(c, {}, { ports, liveness: Probe.fromHttpGet('/healthz', { port: 8080, successThreshold: 0 }) });
  expect(synthDaemonSet(c).spec.template.spec.containers[0].livenessProbe.successThreshold).toBe(0);
});

test('rejects an HTTP probe on port 0', () => {
  const c = chart();
  agent(c, {}, { liveness: Probe.fromHttpGet('/healthz', { port: 0 }) });
  expect(synthError(c)).toMatch(/test\/Agent: 'containers\[main\]\.livenessProbe\.httpGet\.port' is out of range \(received 0\)\. Allowed: 1 to 65535/);
});

test('rejects an exec probe with an empty command', () => {
  const c = chart();
  agent(c, {}, { readiness: Probe.fromCommand([]) });
  expect(synthError(c)).toMatch(/'containers\[main\]\.readinessProbe\.exec\.command' is required \(received \[\]\)/);
});

test('rejects a negative failureThreshold', () => {
  const c = chart();
  agent(c, {}, { ports, liveness: Probe.fromHttpGet('/healthz', { port: 8080, failureThreshold: -1 }) });
  expect(synthError(c)).toMatch(/'containers\[main\]\.livenessProbe\.failureThreshold' must be a whole number >= 0 \(received -1\)/);
});

test('rejects a probe on a port name the container does not declare', () => {
  const c = chart();
  patched(agent(c, {}, { ports }), JsonPatch.add(`${MAIN}/livenessProbe`, { httpGet: { path: '/healthz', port: { value: 'admin' } } }));
  expect(synthError(c)).toMatch(
    /'containers\[main\]\.livenessProbe\.httpGet\.port' names a port the container does not declare: the kubelet cannot resolve it, so the check always fails \(received 'admin'\)\. Allowed: a port number, or the name of one of the container's ports \(metrics\)/,
  );
});

test('rejects a gRPC probe on port 0', () => {
  const c = chart();
  patched(agent(c), JsonPatch.add(`${MAIN}/livenessProbe`, { grpc: { port: 0 } }));
  expect(synthError(c)).toMatch(/'containers\[main\]\.livenessProbe\.grpc\.port' is out of range \(received 0\)/);
});

test('rejects terminationGracePeriodSeconds on a readiness probe, and 0 on a liveness probe', () => {
  const c = chart();
  patched(agent(c), JsonPatch.add(`${MAIN}/readinessProbe`, { exec: { command: ['true'] }, terminationGracePeriodSeconds: 10 }),
    JsonPatch.add(`${MAIN}/livenessProbe`, { exec: { command: ['true'] }, terminationGracePeriodSeconds: 0 }));
  const error = synthError(c);
  expect(error).toMatch(/'containers\[main\]\.readinessProbe\.terminationGracePeriodSeconds' must not be set on a readiness probe \(received 10\)/);
  expect(error).toMatch(/'containers\[main\]\.livenessProbe\.terminationGracePeriodSeconds' must be greater than 0 \(received 0\)/);
});

test('rejects a lifecycle hook with an empty command and one on port 0', () => {
  const c = chart();
  agent(c, {}, { lifecycle: { postStart: Handler.fromCommand([]), preStop: Handler.fromTcpSocket({ port: 0 }) } });
  const error = synthError(c);
  expect(error).toMatch(/'containers\[main\]\.lifecycle\.postStart\.exec\.command' is required/);
  expect(error).toMatch(/'containers\[main\]\.lifecycle\.preStop\.tcpSocket\.port' is out of range \(received 0\)/);
});

test('timings of 0 are defaulted by the API server, so valid', () => {
  const c = chart();
  agent(c, {}, { ports, liveness: Probe.fromHttpGet('/healthz', { port: 8080, periodSeconds: Duration.seconds(0), timeoutSeconds: Duration.seconds(0) }) });
  expect(() => synthDaemonSet(c)).not.toThrow();
});
