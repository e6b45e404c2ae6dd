import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSet, DaemonSetProps, Relaxation } from '../../src';
import { chart, synthDaemonSet, synthError } from '../util';

// A container port's hostIP without a hostPort: the API server admits the DaemonSet with the warning
// `hostIP set without hostPort` (test/cluster/harness.test.ts shows it); the library refuses it at synth.

const IMAGE = 'quay.io/example/agent:v1.0.0';

function agent(port: kplus.ContainerPort, props: DaemonSetProps = {}) {
  const c = chart();
  const ds = new DaemonSet(c, 'Agent', { ...props });
  ds.addContainer({ name: 'main', image: IMAGE, ports: [port] });
  return { c, ds };
}

const HOST_NETWORK: DaemonSetProps = { hostNetwork: true, relaxations: [Relaxation.hostNetwork('reads the node\'s network statistics')] };

describe('a container port\'s hostIP', () => {
  test('rejects a hostIP without a hostPort in the pod network: it would do nothing', () => {
    const { c } = agent({ number: 8080, hostIp: '10.0.0.1' });
    expect(synthError(c)).toContain(
      'test/Agent: \'containers[main].ports[8080].hostIP\' is set without a hostPort: it only chooses the node address a hostPort binds, '
      + 'so it does nothing and the API server warns \'hostIP set without hostPort\' (received \'10.0.0.1\'). Allowed: hostIP together with a hostPort. '
      + 'Fix: remove hostIp (the port is reached on the pod IP), or bind it on the node with hostPort (and Relaxation.hostPort(<port>, \'<why>\'))',
    );
  });

  test('rejects a hostIP without a hostPort under hostNetwork, with the hostPort to declare', () => {
    const { c } = agent({ number: 9101, hostIp: '127.0.0.1' }, HOST_NETWORK);
    expect(synthError(c)).toContain(
      'test/Agent: \'containers[main].ports[9101].hostIP\' is set without a hostPort: the API server warns \'hostIP set without hostPort\' on the pod template '
      + '(with hostNetwork the pods bind 9101 on the node either way) (received \'127.0.0.1\'). Allowed: hostIP together with a hostPort. '
      + 'Fix: declare the port on the node: hostPort: 9101 next to hostIp \'127.0.0.1\' (with Relaxation.hostPort(9101, \'<why>\')), '
      + 'so the scheduler knows the address it binds; or remove hostIp',
    );
  });

  test('rejects a hostIp that a JSON patch adds', () => {
    const { c, ds } = agent({ number: 8080 });
    // Patches apply to cdk8s-plus's shape of the spec (hostIp), before it is written as hostIP.
    ApiObject.of(ds).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/ports/0/hostIp', '127.0.0.1'));
    expect(synthError(c)).toContain('test/Agent: \'containers[main].ports[8080].hostIP\' is set without a hostPort');
  });

  test('accepts the hostIP with its hostPort, and a port without either', () => {
    const withHostPort = agent({ number: 9101, hostPort: 9101, hostIp: '127.0.0.1' }, {
      ...HOST_NETWORK, relaxations: [...HOST_NETWORK.relaxations!, Relaxation.hostPort(9101, 'served on the node\'s loopback only')],
    });
    expect(synthDaemonSet(withHostPort.c).spec.template.spec.containers[0].ports).toEqual([{ containerPort: 9101, hostPort: 9101, hostIP: '127.0.0.1' }]);
    expect(synthDaemonSet(agent({ number: 8080 }).c).spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8080 }]);
  });
});
