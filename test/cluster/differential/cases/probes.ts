import { Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { agent, Case, patch } from '../case';

const family = 'probes and lifecycle';
const c0 = '/spec/template/spec/containers/0';
const { Probe, Handler } = kplus;
const http = (port: number, more: Partial<kplus.HttpGetProbeOptions> = {}) => Probe.fromHttpGet('/healthz', { port, ...more });
const withPort = { ports: [{ number: 8080, name: 'metrics' }] };
/** The agent (declaring port 8080 `metrics`) with a probe or hook set by a patch, in cdk8s-plus's typed shape. */
const patched = (field: string, value: any) => (ch: any) => patch(agent(ch, {}, withPort), JsonPatch.add(`${c0}/${field}`, value));

export const cases: Case[] = [
  { family, name: 'an HTTP liveness probe is valid', build: ch => agent(ch, {}, { ...withPort, liveness: http(8080) }) },
  { family, name: 'an HTTPS readiness probe is valid', build: ch => agent(ch, {}, { ...withPort, readiness: http(8080, { scheme: kplus.ConnectionScheme.HTTPS }) }) },
  { family, name: 'an HTTP probe on port 0 is invalid', build: ch => agent(ch, {}, { liveness: http(0) }) },
  { family, name: 'an HTTP probe on port 65536 is invalid', build: ch => agent(ch, {}, { liveness: http(65536) }) },
  { family, name: 'a TCP probe on port 70000 is invalid', build: ch => agent(ch, {}, { readiness: Probe.fromTcpSocket({ port: 70000 }) }) },
  { family, name: 'a TCP probe on a declared port is valid', build: ch => agent(ch, {}, { ...withPort, startup: Probe.fromTcpSocket({ port: 8080 }) }) },
  { family, name: 'a command probe is valid', build: ch => agent(ch, {}, { liveness: Probe.fromCommand(['cat', '/tmp/healthy']) }) },
  { family, name: 'a command probe with an empty command is invalid', build: ch => agent(ch, {}, { liveness: Probe.fromCommand([]) }) },
  { family, name: 'a liveness successThreshold of 2 is invalid', build: ch => agent(ch, {}, { ...withPort, liveness: http(8080, { successThreshold: 2 }) }) },
  { family, name: 'a liveness successThreshold of 1 is valid', build: ch => agent(ch, {}, { ...withPort, liveness: http(8080, { successThreshold: 1 }) }) },
  { family, name: 'a liveness successThreshold of 0 is defaulted to 1 and valid', build: ch => agent(ch, {}, { ...withPort, liveness: http(8080, { successThreshold: 0 }) }) },
  { family, name: 'a startup successThreshold of 3 is invalid', build: ch => agent(ch, {}, { ...withPort, startup: http(8080, { successThreshold: 3 }) }) },
  { family, name: 'a readiness successThreshold of 3 is valid', build: ch => agent(ch, {}, { ...withPort, readiness: http(8080, { successThreshold: 3 }) }) },
  { family, name: 'a failureThreshold of 0 is defaulted and valid', build: ch => agent(ch, {}, { ...withPort, liveness: http(8080, { failureThreshold: 0 }) }) },
  { family, name: 'a negative failureThreshold is invalid', build: ch => agent(ch, {}, { ...withPort, liveness: http(8080, { failureThreshold: -1 }) }) },
  { family, name: 'timings of 0 are defaulted and valid', build: ch => agent(ch, {}, { ...withPort, liveness: http(8080, { periodSeconds: Duration.seconds(0), timeoutSeconds: Duration.seconds(0) }) }) },
  {
    family,
    name: 'a negative periodSeconds is refused at construction',
    build: ch => agent(ch, {}, { liveness: Probe.fromCommand(['true'], { periodSeconds: Duration.seconds(-1) }) }),
    raw: m => { m.spec.template.spec.containers[0].livenessProbe = { exec: { command: ['true'] }, periodSeconds: -1 }; },
  },
  { family, name: 'a negative initialDelaySeconds is invalid', build: patched('livenessProbe', { exec: { command: ['true'] }, initialDelaySeconds: -5 }) },
  { family, name: 'a probe with two handlers is invalid', build: patched('livenessProbe', { exec: { command: ['true'] }, tcpSocket: { port: { value: 8080 } } }) },
  { family, name: 'a probe without a handler is invalid', build: patched('readinessProbe', { periodSeconds: 10 }) },
  { family, name: 'a probe on a declared port name is valid', build: patched('livenessProbe', { httpGet: { path: '/healthz', port: { value: 'metrics' } } }) },
  { family, name: 'a probe on a port name the container does not declare is refused', build: patched('livenessProbe', { httpGet: { path: '/healthz', port: { value: 'admin' } } }), stricter: 'probe-port-declared' },
  { family, name: 'a probe on an invalid port name is invalid', build: patched('livenessProbe', { tcpSocket: { port: { value: 'Metrics' } } }) },
  { family, name: 'a probe on a port given as a numeric string is invalid', build: patched('livenessProbe', { tcpSocket: { port: { value: '8080' } } }) },
  { family, name: 'a gRPC probe is valid', build: patched('livenessProbe', { grpc: { port: 8080 } }) },
  { family, name: 'a gRPC probe on port 0 is invalid', build: patched('livenessProbe', { grpc: { port: 0 } }) },
  { family, name: 'an HTTP probe with scheme FTP is invalid', build: patched('livenessProbe', { httpGet: { path: '/', port: { value: 8080 }, scheme: 'FTP' } }) },
  { family, name: 'an HTTP probe with an empty path is defaulted to / and valid', build: patched('livenessProbe', { httpGet: { path: '', port: { value: 8080 } } }) },
  { family, name: 'an HTTP probe header with a space in its name is invalid', build: patched('livenessProbe', { httpGet: { path: '/', port: { value: 8080 }, httpHeaders: [{ name: 'X Bad', value: '1' }] } }) },
  { family, name: 'an HTTP probe header with a valid name is valid', build: patched('livenessProbe', { httpGet: { path: '/', port: { value: 8080 }, httpHeaders: [{ name: 'X-Probe', value: '1' }] } }) },
  { family, name: 'a readiness probe with terminationGracePeriodSeconds is invalid', build: patched('readinessProbe', { exec: { command: ['true'] }, terminationGracePeriodSeconds: 10 }) },
  { family, name: 'a liveness probe with terminationGracePeriodSeconds 10 is valid', build: patched('livenessProbe', { exec: { command: ['true'] }, terminationGracePeriodSeconds: 10 }) },
  { family, name: 'a liveness probe with terminationGracePeriodSeconds 0 is invalid', build: patched('livenessProbe', { exec: { command: ['true'] }, terminationGracePeriodSeconds: 0 }) },
  { family, name: 'a postStart command hook is valid', build: ch => agent(ch, {}, { lifecycle: { postStart: Handler.fromCommand(['touch', '/tmp/started']) } }) },
  { family, name: 'a postStart hook with an empty command is invalid', build: ch => agent(ch, {}, { lifecycle: { postStart: Handler.fromCommand([]) } }) },
  { family, name: 'a preStop HTTP hook is valid', build: ch => agent(ch, {}, { ...withPort, lifecycle: { preStop: Handler.fromHttpGet('/quit', { port: 8080 }) } }) },
  { family, name: 'a preStop TCP hook on port 0 is invalid', build: ch => agent(ch, {}, { lifecycle: { preStop: Handler.fromTcpSocket({ port: 0 }) } }) },
  { family, name: 'a preStop hook with two actions is invalid', build: patched('lifecycle', { preStop: { exec: { command: ['true'] }, httpGet: { path: '/', port: { value: 8080 } } } }) },
  { family, name: 'a preStop hook without an action is invalid', build: patched('lifecycle', { preStop: {} }) },
];
