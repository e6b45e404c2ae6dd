import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSet, DaemonSetProps, DaemonSetUpdateStrategy, Relaxation } from '../../src';
import { chart, onlyOfKind, synth, synthDaemonSet, synthError } from '../util';

// JSON patches are first-class: they apply to cdk8s-plus's typed object (before it converts keys
// to Kubernetes'), the defaults that depend on the pod follow the patched pod, and a patched key
// that cdk8s-plus would drop fails synth naming the key to use.

const IMAGE = 'quay.io/example/agent:v1.0.0';
const POD = '/spec/template/spec';

function agent(c: Chart, props: DaemonSetProps = {}, ports: number[] = []): DaemonSet {
  return new DaemonSet(c, 'Agent', { containers: [{ name: 'main', image: IMAGE, ports: ports.map(number => ({ number })) }], ...props });
}

describe('defaults that depend on the pod are decided after the JSON patches', () => {
  test('a patch that adds a host port, with its relaxation, gets one node at a time instead of a surge', () => {
    const c = chart();
    ApiObject.of(agent(c, { relaxations: [Relaxation.hostPort(9100, 'serves metrics on the node address')] }))
      .addJsonPatch(JsonPatch.add(`${POD}/containers/0/ports`, [{ containerPort: 9100, hostPort: 9100 }]));
    const ds = synthDaemonSet(c);
    expect(ds.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 9100, hostPort: 9100 }]);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('a patch that mounts a host path writable, with its relaxation, gets one node at a time instead of a surge', () => {
    const c = chart();
    ApiObject.of(agent(c, { relaxations: [Relaxation.writableHostPath('/var/lib/agent', 'keeps its position database across restarts')] })).addJsonPatch(
      JsonPatch.add(`${POD}/volumes`, [{ name: 'state', hostPath: { path: '/var/lib/agent', type: 'Directory' } }]),
      JsonPatch.add(`${POD}/containers/0/volumeMounts`, [{ name: 'state', mountPath: '/var/lib/agent', readOnly: false }]),
    );
    const ds = synthDaemonSet(c);
    expect(ds.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'state', mountPath: '/var/lib/agent', readOnly: false }]);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('a patch that turns on hostNetwork, with its relaxation, gets ClusterFirstWithHostNet and one node at a time', () => {
    const c = chart();
    ApiObject.of(agent(c, { networkPolicy: false, relaxations: [Relaxation.hostNetwork('serves on the node address')] }, [9100]))
      .addJsonPatch(JsonPatch.replace(`${POD}/hostNetwork`, true));
    const ds = synthDaemonSet(c);
    expect(ds.spec.template.spec.hostNetwork).toBe(true);
    expect(ds.spec.template.spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(ds.spec.updateStrategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  test('rejects a requested maxUnavailable of 0 once a patch makes the pod bind a host port', () => {
    const c = chart();
    ApiObject.of(agent(c, {
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      networkPolicy: false,
      relaxations: [Relaxation.hostNetwork('serves on the node address')],
    }, [9100])).addJsonPatch(JsonPatch.replace(`${POD}/hostNetwork`, true));
    // maxUnavailable 0 was asked for, and the patched pod binds a host port: refused, naming the port.
    expect(synthError(c)).toMatch(/'updateStrategy\.maxUnavailable' cannot be 0 while the pod binds host port 9100\/TCP/);
  });

  test('an update strategy set by a patch is kept as the patch wrote it', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', { value: '25%' }));
    expect(synthDaemonSet(c).spec.updateStrategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
  });

  test('a DNS policy set by a patch is kept with hostNetwork', () => {
    const c = chart();
    ApiObject.of(agent(c, { hostNetwork: true, relaxations: [Relaxation.hostNetwork('reads the node network')] }))
      .addJsonPatch(JsonPatch.replace(`${POD}/dnsPolicy`, 'Default'));
    expect(synthDaemonSet(c).spec.template.spec.dnsPolicy).toBe('Default');
  });

  test('the NetworkPolicy admits a port that a patch adds', () => {
    const c = chart();
    ApiObject.of(agent(c, {}, [8080])).addJsonPatch(JsonPatch.add(`${POD}/containers/0/ports/-`, { containerPort: 9090, protocol: 'UDP' }));
    const policy = onlyOfKind(synth(c), 'NetworkPolicy');
    expect(policy.spec.ingress).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'UDP' }] }]);
  });

  test('rejects a patch that turns on hostNetwork while the NetworkPolicy is emitted by default', () => {
    const c = chart();
    ApiObject.of(agent(c, { relaxations: [Relaxation.hostNetwork('serves on the node address')] })).addJsonPatch(JsonPatch.replace(`${POD}/hostNetwork`, true));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'networkPolicy' is emitted, but a JSON patch turned hostNetwork on: .*\(received true\)\..*Fix: set hostNetwork: true as a prop \(then no NetworkPolicy is emitted\), or networkPolicy: false/,
    );
  });
});

describe('a patched key that cdk8s-plus would drop fails synth, naming the key to use', () => {
  test('rejects hostPID (Kubernetes\' casing), naming hostPid', () => {
    const c = chart();
    ApiObject.of(agent(c, { relaxations: [Relaxation.hostPid('reads the node\'s processes')] })).addJsonPatch(JsonPatch.add(`${POD}/hostPID`, true));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'spec\.template\.spec\.hostPID' is dropped by cdk8s-plus: .*\(received true\)\. Allowed: \/spec\/template\/spec\/hostPid = true in cdk8s-plus's shape\. Fix: patch \/spec\/template\/spec\/hostPid with true instead of \/spec\/template\/spec\/hostPID/,
    );
  });

  test('accepts hostPid (cdk8s-plus\'s casing), which reaches the manifest as hostPID', () => {
    const c = chart();
    ApiObject.of(agent(c, { relaxations: [Relaxation.hostPid('reads the node\'s processes')] })).addJsonPatch(JsonPatch.add(`${POD}/hostPid`, true));
    expect(synthDaemonSet(c).spec.template.spec.hostPID).toBe(true);
  });

  test('rejects a port\'s hostIP, naming hostIp', () => {
    const c = chart();
    ApiObject.of(agent(c, {}, [9100])).addJsonPatch(JsonPatch.add(`${POD}/containers/0/ports/0/hostIP`, '127.0.0.1'));
    expect(synthError(c)).toMatch(/'spec\.template\.spec\.containers\[0\]\.ports\[0\]\.hostIP' is dropped by cdk8s-plus: .*Fix: patch \/spec\/template\/spec\/containers\/0\/ports\/0\/hostIp with "127\.0\.0\.1"/);
  });

  test('rejects maxSurge \'25%\' in Kubernetes\' shape, naming { value: \'25%\' }', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', '25%'));
    const error = synthError(c);
    expect(error).toMatch(/'spec\.updateStrategy\.rollingUpdate\.maxSurge' is dropped by cdk8s-plus: .*\(received '25%'\)\..*Fix: patch \/spec\/updateStrategy\/rollingUpdate\/maxSurge with \{"value":"25%"\}/);
    // Only the dropped key: what follows from its absence is not reported.
    expect(error).not.toMatch(/cannot be 0 when maxSurge is 0/);
  });

  test('rejects a cpu limit given as a plain string, naming { value }', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace(`${POD}/containers/0/resources/limits/cpu`, '500m'));
    expect(synthError(c)).toMatch(/'spec\.template\.spec\.containers\[0\]\.resources\.limits\.cpu' is dropped by cdk8s-plus: .*Fix: patch \/spec\/template\/spec\/containers\/0\/resources\/limits\/cpu with \{"value":"500m"\}/);
  });

  test('rejects a field that cdk8s-plus-28\'s Kubernetes 1.28 types lack', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.add(`${POD}/containers/0/securityContext/appArmorProfile`, { type: 'RuntimeDefault' }));
    expect(synthError(c)).toMatch(
      /'spec\.template\.spec\.containers\[0\]\.securityContext\.appArmorProfile' is dropped by cdk8s-plus: .*Allowed: a field of cdk8s-plus-28's Kubernetes 1\.28 types\. Fix: remove the patch/,
    );
  });

  test('the manifest written without validation (ApiObject.toJson) leaves the dropped key out, as cdk8s-plus does', () => {
    const c = chart();
    const ds = agent(c);
    ApiObject.of(ds).addJsonPatch(JsonPatch.add(`${POD}/hostPID`, true));
    expect(ApiObject.of(ds).toJson().spec.template.spec).not.toHaveProperty('hostPID');
  });
});
