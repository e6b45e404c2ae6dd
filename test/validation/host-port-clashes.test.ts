import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { DaemonSet, Relaxation } from '../../src';
import { synth, synthError } from '../util';

const IMAGE = 'quay.io/example/agent:v1.0.0';

/** An app with two charts, `a` and `b`. */
function twoCharts(): [App, Chart, Chart] {
  const app = Testing.app();
  return [app, new Chart(app, 'a'), new Chart(app, 'b')];
}

interface HostPortOptions {
  readonly protocol?: kplus.Protocol;
  readonly hostIp?: string;
  readonly nodeSelector?: Record<string, string>;
}

/** Our DaemonSet at `<chart>/Agent` binding `port` (TCP unless given) on `hostIp` (all interfaces unless given). */
function hostPortAgent(scope: Chart, port: number, options: HostPortOptions = {}) {
  return new DaemonSet(scope, 'Agent', {
    containers: [{ name: 'main', image: IMAGE, ports: [{ number: port, hostPort: port, protocol: options.protocol, hostIp: options.hostIp }] }],
    nodeSelector: options.nodeSelector,
    relaxations: [Relaxation.hostPort(port, 'scraped on the node IP')],
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The app-level conflict message, in either order: one DaemonSet's path, the port, the other's path,
 * why it cannot work and the fix.
 */
function conflictBetween(first: string, second: string, key: string): RegExp {
  const line = (reported: string, other: string) =>
    `${escape(reported)}: 'containers\\[[a-z0-9-]+\\]\\.ports' binds host port ${escape(key)}, which DaemonSet ${escape(other)} also binds: `
    + 'DaemonSet pods run on every node, so one of the two agents could never start \\(received \\d+\\)\\. '
    + 'Allowed: each protocol/port bound by one DaemonSet per node\\. '
    + 'Fix: give one of the agents another port \\(for hostNetwork pods, the container port\\), or select disjoint nodes with nodeSelector';
  return new RegExp(`(${line(first, second)}|${line(second, first)})`);
}

describe('host ports across the DaemonSets of an app', () => {
  test('rejects two of our DaemonSets in two charts that bind the same hostPort/TCP, naming both paths', () => {
    const [, a, b] = twoCharts();
    hostPortAgent(a, 9100);
    hostPortAgent(b, 9100);
    expect(synthError(a)).toMatch(conflictBetween('a/Agent', 'b/Agent', '9100/TCP'));
  });

  test('rejects two of our hostNetwork DaemonSets in two charts with the same container port', () => {
    const [, a, b] = twoCharts();
    for (const scope of [a, b]) {
      new DaemonSet(scope, 'Agent', {
        hostNetwork: true,
        containers: [{ name: 'main', image: IMAGE, portNumber: 9100 }],
        relaxations: [Relaxation.hostNetwork('reads node network stats')],
      });
    }
    expect(synthError(b)).toMatch(conflictBetween('a/Agent', 'b/Agent', '9100/TCP'));
  });

  test('rejects a hostNetwork container port that another DaemonSet binds as a hostPort', () => {
    const [, a, b] = twoCharts();
    hostPortAgent(a, 9100);
    new DaemonSet(b, 'Agent', {
      hostNetwork: true,
      containers: [{ name: 'main', image: IMAGE, portNumber: 9100 }],
      relaxations: [Relaxation.hostNetwork('reads node network stats')],
    });
    expect(synthError(a)).toMatch(conflictBetween('a/Agent', 'b/Agent', '9100/TCP'));
  });

  test('rejects our DaemonSet and a plain kplus.DaemonSet that bind the same hostPort', () => {
    const [, a, b] = twoCharts();
    new kplus.DaemonSet(a, 'Plain', { containers: [{ name: 'plain', image: IMAGE, ports: [{ number: 9100, hostPort: 9100 }] }] });
    hostPortAgent(b, 9100);
    expect(synthError(b)).toMatch(conflictBetween('a/Plain', 'b/Agent', '9100/TCP'));
  });

  test('rejects our DaemonSet and a raw KubeDaemonSet that bind the same hostPort, naming the raw object\'s path', () => {
    const [, a, b] = twoCharts();
    hostPortAgent(a, 9100);
    new k8s.KubeDaemonSet(b, 'Raw', {
      spec: {
        selector: { matchLabels: { app: 'raw' } },
        template: {
          metadata: { labels: { app: 'raw' } },
          spec: { containers: [{ name: 'raw', image: IMAGE, ports: [{ containerPort: 9100, hostPort: 9100 }] }] },
        },
      },
    });
    expect(synthError(a)).toMatch(conflictBetween('a/Agent', 'b/Raw', '9100/TCP'));
  });

  test('rejects a hostPort on one specific hostIP when another DaemonSet binds it on all interfaces', () => {
    const [, a, b] = twoCharts();
    hostPortAgent(a, 9100);
    hostPortAgent(b, 9100, { hostIp: '127.0.0.1' });
    expect(synthError(a)).toMatch(conflictBetween('a/Agent', 'b/Agent', '9100/TCP'));
  });

  test('accepts the same port number with different protocols (TCP and UDP)', () => {
    const [, a, b] = twoCharts();
    hostPortAgent(a, 9100, { protocol: kplus.Protocol.TCP });
    hostPortAgent(b, 9100, { protocol: kplus.Protocol.UDP });
    const ports = [...synth(a), ...synth(b)].filter(m => m.kind === 'DaemonSet').map(m => m.spec.template.spec.containers[0].ports[0]);
    expect(ports).toEqual([
      expect.objectContaining({ hostPort: 9100, protocol: 'TCP' }),
      expect.objectContaining({ hostPort: 9100, protocol: 'UDP' }),
    ]);
  });

  test('accepts the same hostPort on disjoint nodes (kubernetes.io/os linux and windows)', () => {
    const [, a, b] = twoCharts();
    hostPortAgent(a, 9100, { nodeSelector: { 'kubernetes.io/os': 'linux' } });
    hostPortAgent(b, 9100, { nodeSelector: { 'kubernetes.io/os': 'windows' } });
    const selectors = [...synth(a), ...synth(b)].filter(m => m.kind === 'DaemonSet').map(m => m.spec.template.spec.nodeSelector);
    expect(selectors).toEqual([{ 'kubernetes.io/os': 'linux' }, { 'kubernetes.io/os': 'windows' }]);
  });

  test('accepts the same hostPort on two different specific hostIPs', () => {
    const [, a, b] = twoCharts();
    hostPortAgent(a, 9100, { hostIp: '127.0.0.1' });
    hostPortAgent(b, 9100, { hostIp: '127.0.0.2' });
    const ports = [...synth(a), ...synth(b)].filter(m => m.kind === 'DaemonSet').map(m => m.spec.template.spec.containers[0].ports[0]);
    expect(ports).toEqual([
      expect.objectContaining({ hostPort: 9100, hostIP: '127.0.0.1' }),
      expect.objectContaining({ hostPort: 9100, hostIP: '127.0.0.2' }),
    ]);
  });

  test('accepts two containers of one pod on the same hostPort with different specific hostIPs, as the API server does', () => {
    const app = Testing.app();
    const c = new Chart(app, 'test');
    new DaemonSet(c, 'Agent', {
      containers: [
        { name: 'main', image: IMAGE, ports: [{ number: 9100, hostPort: 9100, hostIp: '127.0.0.1' }] },
        { name: 'proxy', image: IMAGE, ports: [{ number: 9101, hostPort: 9100, hostIp: '10.0.0.1' }] },
      ],
      relaxations: [Relaxation.hostPort(9100, 'scraped on the node IP')],
    });
    const ports = synth(c)[0].spec.template.spec.containers.map((container: any) => container.ports[0].hostIP);
    expect(ports).toEqual(['127.0.0.1', '10.0.0.1']);
  });
});
