import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSet, DaemonSetProps, DaemonSetUpdateStrategy, Relaxation } from '../../src';
import { chart, synth, synthError } from '../util';

const IMAGE = 'quay.io/example/agent:v1.0.0';
const { absolute, percent } = kplus.PercentOrAbsolute;

/** Our DaemonSet at `test/Agent` with one hardened container named `main`. */
function agent(c: Chart, props: DaemonSetProps = {}): DaemonSet {
  return new DaemonSet(c, 'Agent', { containers: [{ name: 'main', image: IMAGE }], ...props });
}

/** A read-only hostPath volume of `path` mounted at `/host<path>` in the first container. */
function mountHostPath(ds: DaemonSet, path: string, options: kplus.MountOptions = { readOnly: true }) {
  const volume = kplus.Volume.fromHostPath(ds, `Host${path.replace(/[^a-z]/g, '')}`, 'host', { path });
  ds.containers[0].mount(`/host${path.startsWith('/') ? '' : '/'}${path}`, volume, options);
  return volume;
}

describe('the baseline used by these tests', () => {
  test('synthesizes without errors, so each failure below comes from its one change', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, portNumber: 9100 }] });
    expect(() => synth(c)).not.toThrow();
  });
});

describe('construction-time errors', () => {
  test('throws when select is true, because the selector would depend on the construct path', () => {
    const c = chart();
    expect(() => agent(c, { select: true })).toThrow(
      /^test\/Agent: 'select' would select pods by cdk8s-plus's construct-path hash.*immutable.*\(received true\)\. Allowed: .*Fix: remove select: true; use appName and instance/,
    );
  });

  test('throws when appName is longer than 63 characters', () => {
    const c = chart();
    const long = 'a'.repeat(70);
    expect(() => agent(c, { appName: long })).toThrow(
      new RegExp(`^test/Agent: 'appName' is not a valid value for label app\\.kubernetes\\.io/name \\(received '${long}'\\)\\. Allowed: a label value: .*at most 63 characters.*Fix: set appName to a valid label value`),
    );
  });

  test('throws when instance starts and ends with a hyphen', () => {
    const c = chart();
    expect(() => agent(c, { instance: '-bad-' })).toThrow(
      /^test\/Agent: 'instance' is not a valid value for label app\.kubernetes\.io\/instance \(received '-bad-'\)\. Allowed: a label value: .*starting and ending with a letter or digit.*Fix: set instance to a valid label value/,
    );
  });

  test('throws when a relaxation has an empty reason', () => {
    const c = chart();
    expect(() => agent(c, { hostNetwork: true, relaxations: [Relaxation.hostNetwork('')] })).toThrow(
      /^test\/Agent: 'relaxations' gives no reason for hostNetwork \(received ''\)\. Allowed: a sentence saying why the agent needs it\. Fix: write the reason/,
    );
  });

  test('throws when a relaxation has a whitespace-only reason', () => {
    const c = chart();
    expect(() => agent(c, { relaxations: [Relaxation.privileged('main', '   ')] })).toThrow(
      /^test\/Agent: 'relaxations' gives no reason for privileged for container 'main' \(received ' {3}'\)\. Allowed: a sentence saying why the agent needs it\. Fix: write the reason/,
    );
  });

  test('throws when addRelaxation is called with an empty reason', () => {
    const ds = agent(chart());
    expect(() => ds.addRelaxation(Relaxation.hostPath('/proc', ''))).toThrow(
      /^test\/Agent: 'relaxations' gives no reason for hostPath \/proc \(received ''\)\..*Fix: write the reason/,
    );
  });

  test('throws when a reason contains \'=\', which would stop checkov\'s whole scan', () => {
    const c = chart();
    expect(() => agent(c, { hostPid: true, relaxations: [Relaxation.hostPid('runs as with --pid=host')] })).toThrow(
      /^test\/Agent: 'relaxations' has an '=' in the reason for hostPID \(received 'runs as with --pid=host'\)\. Allowed: a reason without '='.*checkov.*Fix: reword it without '='/,
    );
  });

  test('throws when maxSurge is a percentage above 100', () => {
    const c = chart();
    const updateStrategy = DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: percent(150), maxUnavailable: absolute(0) });
    expect(() => agent(c, { updateStrategy })).toThrow(
      /^test\/Agent: 'updateStrategy\.maxSurge' is not a valid value \(received '150%'\)\. Allowed: an integer >= 0, or a percentage 'N%' with an integer N from 0 to 100\. Fix: use PercentOrAbsolute\.absolute\(n\) .*PercentOrAbsolute\.percent\(n\)/,
    );
  });

  test('throws when maxSurge is a fractional percentage', () => {
    const c = chart();
    const updateStrategy = DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: percent(12.5) });
    expect(() => agent(c, { updateStrategy })).toThrow(
      /^test\/Agent: 'updateStrategy\.maxSurge' is not a valid value \(received '12\.5%'\)\. Allowed: .*integer N from 0 to 100\. Fix: use PercentOrAbsolute/,
    );
  });

  test('throws when maxSurge is a negative number', () => {
    const c = chart();
    const updateStrategy = DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(-1) });
    expect(() => agent(c, { updateStrategy })).toThrow(
      /^test\/Agent: 'updateStrategy\.maxSurge' is not a valid value \(received -1\)\. Allowed: an integer >= 0.*Fix: use PercentOrAbsolute\.absolute\(n\) with a whole n >= 0/,
    );
  });

  test('throws when maxSurge is a fractional number', () => {
    const c = chart();
    const updateStrategy = DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(1.5) });
    expect(() => agent(c, { updateStrategy })).toThrow(
      /^test\/Agent: 'updateStrategy\.maxSurge' is not a valid value \(received 1\.5\)\. Allowed: an integer >= 0.*Fix: use PercentOrAbsolute\.absolute\(n\) with a whole n >= 0/,
    );
  });

  test('throws when maxUnavailable is a percentage above 100', () => {
    const c = chart();
    const updateStrategy = DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: percent(150) });
    expect(() => agent(c, { updateStrategy })).toThrow(
      /^test\/Agent: 'updateStrategy\.maxUnavailable' is not a valid value \(received '150%'\)\. Allowed: .*Fix: use PercentOrAbsolute/,
    );
  });

  test('throws when maxSurge and maxUnavailable are both zero', () => {
    const c = chart();
    const updateStrategy = DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(0), maxUnavailable: percent(0) });
    expect(() => agent(c, { updateStrategy })).toThrow(
      /^test\/Agent: 'updateStrategy\.maxUnavailable' cannot be 0 when maxSurge is 0: the rollout could never replace a pod \(received '0%'\)\. Allowed: .*Fix: set maxUnavailable: PercentOrAbsolute\.absolute\(1\)/,
    );
  });

  test('throws when maxSurge and maxUnavailable are both non-zero', () => {
    const c = chart();
    const updateStrategy = DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(1), maxUnavailable: percent(10) });
    expect(() => agent(c, { updateStrategy })).toThrow(
      /^test\/Agent: 'updateStrategy\.maxSurge' may not be set when maxUnavailable is not 0 \(the API server rejects the pair\) \(received \{"maxSurge":1,"maxUnavailable":"10%"\}\)\. Allowed: .*Fix: set maxUnavailable: PercentOrAbsolute\.absolute\(0\) to surge, or remove maxSurge/,
    );
  });
});

describe('synth-time errors: host namespaces and host paths', () => {
  test('rejects hostNetwork without Relaxation.hostNetwork', () => {
    const c = chart();
    agent(c, { hostNetwork: true });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'hostNetwork' relaxes a best practice without a reason \(received true\)\. Fix: if this is intended, add Relaxation\.hostNetwork\('<why>'\) to 'relaxations'/,
    );
  });

  test('rejects hostPid without Relaxation.hostPid', () => {
    const c = chart();
    agent(c, { hostPid: true });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'hostPid' relaxes a best practice without a reason \(received true\)\. Fix: if this is intended, add Relaxation\.hostPid\('<why>'\) to 'relaxations'/,
    );
  });

  test('rejects hostIpc without Relaxation.hostIpc', () => {
    const c = chart();
    agent(c, { hostIpc: true });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'hostIpc' relaxes a best practice without a reason \(received true\)\. Fix: if this is intended, add Relaxation\.hostIpc\('<why>'\) to 'relaxations'/,
    );
  });

  test('rejects hostPid set by a JSON patch without Relaxation.hostPid', () => {
    const c = chart();
    const ds = agent(c);
    ApiObject.of(ds).addJsonPatch(JsonPatch.add('/spec/template/spec/hostPid', true));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'hostPid' relaxes a best practice without a reason \(received true\)\. Fix: .*Relaxation\.hostPid\('<why>'\)/,
    );
  });

  test('rejects a hostPath volume without Relaxation.hostPath', () => {
    const c = chart();
    mountHostPath(agent(c), '/proc');
    expect(synthError(c)).toMatch(
      /test\/Agent: 'volumes\[host\]\.hostPath' relaxes a best practice without a reason \(received '\/proc'\)\. Fix: if this is intended, add Relaxation\.hostPath\('\/proc', '<why>'\) to 'relaxations'/,
    );
  });

  test('rejects a writable hostPath mount made with plain cdk8s-plus mount() without Relaxation.writableHostPath', () => {
    const c = chart();
    const ds = agent(c, { relaxations: [Relaxation.hostPath('/var/log', 'reads the node logs')] });
    mountHostPath(ds, '/var/log', { readOnly: false });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.volumeMounts\[\/host\/var\/log\]\.readOnly' mounts host path \/var\/log writable without a reason \(received false\)\. Allowed: .*Fix: mount it read-only \(readOnly: true\), or declare it with Relaxation\.writableHostPath\('\/var\/log', '<why>'\)/,
    );
  });

  test('rejects a hostPath mount made writable by a JSON patch without Relaxation.writableHostPath', () => {
    const c = chart();
    const ds = agent(c, { relaxations: [Relaxation.hostPath('/var/log', 'reads the node logs')] });
    mountHostPath(ds, '/var/log');
    ApiObject.of(ds).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/0/readOnly', false));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.volumeMounts\[\/host\/var\/log\]\.readOnly' mounts host path \/var\/log writable without a reason \(received false\)\..*Fix: .*Relaxation\.writableHostPath\('\/var\/log', '<why>'\)/,
    );
  });

  test('rejects a hostPath volume with a relative path', () => {
    const c = chart();
    const ds = agent(c);
    mountHostPath(ds, 'var/log');
    expect(synthError(c)).toMatch(
      /test\/Agent: 'volumes\[host\]\.hostPath\.path' is not an absolute path without '\.\.' \(received 'var\/log'\)\. Allowed: an absolute path such as \/var\/log\. Fix: give the full path on the node/,
    );
  });

  test('rejects a hostPath volume whose path contains ..', () => {
    const c = chart();
    const ds = agent(c);
    mountHostPath(ds, '/var/../etc');
    expect(synthError(c)).toMatch(
      /test\/Agent: 'volumes\[host\]\.hostPath\.path' is not an absolute path without '\.\.' \(received '\/var\/\.\.\/etc'\)\. Allowed: .*Fix: give the full path on the node/,
    );
  });

  test('rejects Bidirectional mount propagation on a container that is not privileged', () => {
    const c = chart();
    const ds = agent(c, { relaxations: [Relaxation.hostPath('/sys/fs/bpf', 'pins eBPF maps')] });
    mountHostPath(ds, '/sys/fs/bpf', { readOnly: true, propagation: kplus.MountPropagation.BIDIRECTIONAL });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.volumeMounts\[\/host\/sys\/fs\/bpf\]\.mountPropagation' is Bidirectional on a container that is not privileged \(the API server rejects it\) \(received 'Bidirectional'\)\. Allowed: .*Fix: use MountPropagation\.HOST_TO_CONTAINER, or make container 'main' privileged with Relaxation\.privileged\('main', '<why>'\)/,
    );
  });
});

describe('synth-time errors: container security', () => {
  test('rejects a privileged container without Relaxation.privileged', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, securityContext: { privileged: true } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.privileged' relaxes a best practice without a reason \(received true\)\. Fix: if this is intended, add Relaxation\.privileged\('main', '<why>'\) to 'relaxations'/,
    );
  });

  test('rejects a privileged container with allowPrivilegeEscalation: false, which the API server rejects', () => {
    const c = chart();
    agent(c, {
      containers: [{ name: 'main', image: IMAGE, securityContext: { privileged: true, allowPrivilegeEscalation: false } }],
      relaxations: [Relaxation.privileged('main', 'loads eBPF programs')],
    });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.allowPrivilegeEscalation' is false on a privileged container \(the API server rejects the pair\) \(received false\)\. Allowed: .*Fix: remove allowPrivilegeEscalation: false/,
    );
  });

  test('rejects allowPrivilegeEscalation: true without Relaxation.privilegeEscalation', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, securityContext: { allowPrivilegeEscalation: true } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.allowPrivilegeEscalation' relaxes a best practice without a reason \(received true\)\. Fix: .*Relaxation\.privilegeEscalation\('main', '<why>'\)/,
    );
  });

  test('rejects added capabilities without Relaxation.capabilities', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, securityContext: { capabilities: { add: [kplus.Capability.SYS_TIME] } } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.capabilities\.add' adds capabilities without a reason: SYS_TIME \(received \["SYS_TIME"\]\)\. Fix: if this is intended, add Relaxation\.capabilities\('main', \['SYS_TIME'\], '<why>'\) to 'relaxations'/,
    );
  });

  test('rejects added capabilities that the relaxation does not list', () => {
    const c = chart();
    agent(c, {
      containers: [{ name: 'main', image: IMAGE, securityContext: { capabilities: { add: [kplus.Capability.NET_ADMIN, kplus.Capability.NET_RAW] } } }],
      relaxations: [Relaxation.capabilities('main', ['NET_ADMIN'], 'programs routes')],
    });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.capabilities\.add' adds capabilities without a reason: NET_RAW \(received \["NET_ADMIN","NET_RAW"\]\)\. Fix: .*Relaxation\.capabilities\('main', \['NET_ADMIN', 'NET_RAW'\], '<why>'\)/,
    );
  });

  test('rejects running as root (ensureNonRoot: false) without Relaxation.runAsRoot', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, securityContext: { ensureNonRoot: false } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.runAsNonRoot' relaxes a best practice without a reason \(received false\)\. Fix: if this is intended, add Relaxation\.runAsRoot\('main', '<why>'\) to 'relaxations'/,
    );
  });

  test('rejects user 0 while runAsNonRoot is true, which the kubelet refuses to start', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, securityContext: { user: 0 } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.runAsUser' is 0 \(root\) while runAsNonRoot is true: the kubelet refuses to start the container \(received 0\)\. Allowed: a non-zero uid\. Fix: set a non-zero user, or run as root with ensureNonRoot: false and Relaxation\.runAsRoot\('main', '<why>'\)/,
    );
  });

  test('rejects a writable root filesystem without Relaxation.writableRootFilesystem', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, securityContext: { readOnlyRootFilesystem: false } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.readOnlyRootFilesystem' relaxes a best practice without a reason \(received false\)\. Fix: if this is intended, add Relaxation\.writableRootFilesystem\('main', '<why>'\) to 'relaxations'/,
    );
  });

  test('rejects a container seccomp profile of Unconfined', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, securityContext: { seccompProfile: { type: kplus.SeccompProfileType.UNCONFINED } } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.seccompProfile' is not RuntimeDefault or Localhost \(received 'Unconfined'\)\. Allowed: .*Fix: remove the override \(the default is RuntimeDefault\)/,
    );
  });

  test('rejects a relaxation that the pod does not use', () => {
    const c = chart();
    agent(c, { relaxations: [Relaxation.hostNetwork('scrapes node metrics')] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'relaxations' declares hostNetwork, which the pod does not use \(received 'scrapes node metrics'\)\. Allowed: .*Fix: remove the relaxation, so the exemption annotations stay honest/,
    );
  });
});

describe('synth-time errors: host ports and update strategy', () => {
  test('rejects a hostPort without Relaxation.hostPort', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, hostPort: 9100 }] }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.ports\[9100\]\.hostPort' relaxes a best practice without a reason \(received 9100\)\. Fix: if this is intended, add Relaxation\.hostPort\(9100, '<why>'\) to 'relaxations'/,
    );
  });

  test('rejects the same hostPort and protocol in two containers of one pod', () => {
    const c = chart();
    agent(c, {
      containers: [
        { name: 'main', image: IMAGE, ports: [{ number: 9100, hostPort: 9100 }] },
        { name: 'sidecar', image: IMAGE, ports: [{ number: 9101, hostPort: 9100 }] },
      ],
      relaxations: [Relaxation.hostPort(9100, 'scraped on the node IP')],
    });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[sidecar\]\.ports' binds host port 9100\/TCP, which container 'main' of the same pod already binds \(received 9100\)\. Allowed: .*Fix: use another port for one of the containers/,
    );
  });

  test('rejects a hostPort that differs from its containerPort under hostNetwork', () => {
    const c = chart();
    agent(c, {
      hostNetwork: true,
      containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, hostPort: 9200 }] }],
      relaxations: [Relaxation.hostNetwork('reads node network stats'), Relaxation.hostPort(9200, 'scraped on the node IP')],
    });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.ports\[9100\]\.hostPort' must equal containerPort when hostNetwork is true \(received 9200\)\. Allowed: 9100\. Fix: set hostPort to 9100, or remove it/,
    );
  });

  test('rejects an explicit maxSurge when the pod binds a hostPort, because the rollout would hang', () => {
    const c = chart();
    agent(c, {
      containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, hostPort: 9100 }] }],
      relaxations: [Relaxation.hostPort(9100, 'scraped on the node IP')],
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(1) }),
    });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'updateStrategy\.maxSurge' cannot be used while the pod binds host port 9100\/TCP: the surge pod can never bind the port next to the old pod on the same node, so the rollout hangs \(kubernetes#106417\) \(received 1\)\. Allowed: .*Fix: use DaemonSetUpdateStrategy\.rollingUpdate\(\{ maxUnavailable: PercentOrAbsolute\.absolute\(1\) \}\) instead/,
    );
  });

  test('rejects an explicit maxSurge when the pod writes a host path, naming the path and the way to declare it shared', () => {
    const c = chart();
    const ds = agent(c, {
      relaxations: [Relaxation.writableHostPath('/var/lib/agent', 'keeps its position database across restarts')],
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: absolute(1) }),
    });
    mountHostPath(ds, '/var/lib/agent', { readOnly: false });
    expect(synthError(c)).toContain(
      'test/Agent: \'updateStrategy.maxSurge\' cannot be used while the pod writes host path /var/lib/agent, written by container \'main\': the surge pod would run next to '
      + 'the old pod on the same node, and what one pod writes on its node is its own (a database or lock file the old pod holds keeps the new one from starting, '
      + 'so the rollout hangs; a position file written by both ships lines twice; a socket or a watched configuration file is replaced under the old pod) (received 1). '
      + 'Allowed: no surge while the pod holds something exclusive on its node (a host port, or a host path it writes that is not declared with '
      + 'Relaxation.sharedWritableHostPath). Fix: use DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(1) }) instead; '
      + 'or, if two pods may write /var/lib/agent at once, declare it with Relaxation.sharedWritableHostPath(\'/var/lib/agent\', \'<why sharing is safe>\') '
      + 'in place of Relaxation.writableHostPath',
    );
  });

  test('rejects maxUnavailable 0 on a pod that writes a host path, explaining that the path rules out a surge', () => {
    const c = chart();
    const ds = agent(c, {
      relaxations: [Relaxation.writableHostPath('/var/lib/agent', 'keeps its position database across restarts')],
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: absolute(0) }),
    });
    mountHostPath(ds, '/var/lib/agent', { readOnly: false });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'updateStrategy\.maxUnavailable' cannot be 0 while the pod writes host path \/var\/lib\/agent, written by container 'main': a surge pod must not write it next to the old one, so each node must let its old pod go first \(received 0\)\..*Fix: set maxUnavailable: PercentOrAbsolute\.absolute\(1\)/,
    );
  });

  test('rejects a surge set by a JSON patch on a pod that writes a host path', () => {
    const c = chart();
    const ds = agent(c, { relaxations: [Relaxation.writableHostPath('/var/lib/agent', 'keeps its position database across restarts')] });
    mountHostPath(ds, '/var/lib/agent', { readOnly: false });
    ApiObject.of(ds).addJsonPatch(
      JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', { value: 1 }),
      JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxUnavailable', { value: 0 }),
    );
    expect(synthError(c)).toMatch(/test\/Agent: 'updateStrategy\.maxSurge' cannot be used while the pod writes host path \/var\/lib\/agent/);
  });

  test('rejects a shared writable host path that is only mounted read-only, as an unused relaxation', () => {
    const c = chart();
    const ds = agent(c, { relaxations: [Relaxation.sharedWritableHostPath('/var/lib/agent', 'each pod writes only files named after its own pod UID')] });
    mountHostPath(ds, '/var/lib/agent');
    expect(synthError(c)).toMatch(
      /test\/Agent: 'relaxations' declares sharedWritableHostPath \/var\/lib\/agent, which the pod does not use \(received 'each pod writes only files named after its own pod UID'\)\./,
    );
  });

  test('rejects an explicit maxSurge when the pod uses hostNetwork with a container port', () => {
    const c = chart();
    agent(c, {
      hostNetwork: true,
      containers: [{ name: 'main', image: IMAGE, portNumber: 9100 }],
      relaxations: [Relaxation.hostNetwork('reads node network stats')],
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: percent(10), maxUnavailable: absolute(0) }),
    });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'updateStrategy\.maxSurge' cannot be used while the pod binds host port 9100\/TCP: .*the rollout hangs.*\(received '10%'\)\..*Fix: use DaemonSetUpdateStrategy\.rollingUpdate\(\{ maxUnavailable/,
    );
  });
});

describe('synth-time errors: resources', () => {
  test('rejects a cpu request above its limit', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(100) } } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.resources\.cpu' requests more than its limit \(received \{"request":"500m","limit":"100m"\}\)\. Allowed: request <= limit\. Fix: lower the cpu request or raise the limit/,
    );
  });

  test('rejects a memory request above its limit', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(128) } } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.resources\.memory' requests more than its limit \(received \{"request":"512Mi","limit":"128Mi"\}\)\. Allowed: request <= limit\. Fix: lower the memory request or raise the limit/,
    );
  });

  test('rejects a quantity that does not parse, set by a JSON patch', () => {
    const c = chart();
    const ds = agent(c);
    ApiObject.of(ds).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/resources/requests/cpu', { value: 'lots' }));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.resources\.requests\.cpu' is not a quantity \(received 'lots'\)\. Allowed: a Kubernetes quantity such as 100m, 64Mi, 1Gi\. Fix: use Cpu\.millis\(\) and Size\.mebibytes\(\)/,
    );
  });
});

describe('synth-time errors: names and ports', () => {
  test('rejects a container name that is not a DNS-1123 label', () => {
    const c = chart();
    new DaemonSet(c, 'Agent', { containers: [{ name: 'Main_1', image: IMAGE }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[Main_1\]\.name' is not a valid name \(received 'Main_1'\)\. Allowed: a DNS-1123 label: .*Fix: give the container a valid name/,
    );
  });

  test('rejects the same name on a container and an init container', () => {
    const c = chart();
    agent(c, { initContainers: [{ name: 'main', image: IMAGE }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.name' is used by two containers \(received 'main'\)\. Allowed: names unique across containers and init containers\. Fix: give each container its own name/,
    );
  });

  test('rejects the same name on two containers', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE }, { name: 'main', image: IMAGE }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.name' is used by two containers \(received 'main'\)\..*Fix: give each container its own name/,
    );
  });

  test('rejects a port name longer than 15 characters', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, name: 'metrics-exporter' }] }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.ports\[9100\]\.name' is not a valid port name \(received 'metrics-exporter'\)\. Allowed: a port name: at most 15 characters.*Fix: shorten or clean the port name/,
    );
  });

  test('rejects a port name with a double hyphen', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, name: 'http--metrics' }] }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.ports\[9100\]\.name' is not a valid port name \(received 'http--metrics'\)\. Allowed: .*no '--'.*Fix: shorten or clean the port name/,
    );
  });

  test('rejects a container port above 65535', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, portNumber: 70000 }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.ports\[70000\]\.containerPort' is out of range \(received 70000\)\. Allowed: 1 to 65535\. Fix: use a valid port number/,
    );
  });

  test('rejects a namespace that is not a DNS-1123 label', () => {
    const c = chart();
    agent(c, { metadata: { namespace: 'Bad_NS' } });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'metadata\.namespace' is not a valid name \(received 'Bad_NS'\)\. Allowed: a DNS-1123 label: .*Fix: use a valid namespace name/,
    );
  });

  test('rejects a DaemonSet name that is not a DNS-1123 subdomain', () => {
    const c = chart();
    agent(c, { metadata: { name: 'Bad_Name' } });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'metadata\.name' is not a valid name \(received 'Bad_Name'\)\. Allowed: a DNS-1123 subdomain: .*Fix: set metadata\.name to a valid DaemonSet name/,
    );
  });

  test('rejects an invalid label key in podMetadata', () => {
    const c = chart();
    agent(c, { podMetadata: { labels: { 'bad key!': 'x' } } });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'podMetadata\.labels' has an invalid key \(received 'bad key!'\)\. Allowed: a qualified name: .*Fix: rename the label/,
    );
  });

  test('rejects a selector that no longer matches the template labels after a JSON patch', () => {
    const c = chart();
    const ds = agent(c);
    ApiObject.of(ds).addJsonPatch(JsonPatch.replace('/spec/template/metadata/labels/app.kubernetes.io~1name', 'other'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'spec\.selector\.matchLabels\.app\.kubernetes\.io\/name' does not match the pod template labels \(received 'agent'\)\. Allowed: .*Fix: add the label app\.kubernetes\.io\/name=agent to podMetadata, or do not select on it/,
    );
  });
});

describe('synth-time errors: pod spec fields', () => {
  test('rejects tolerationSeconds on a toleration whose effect is not NoExecute', () => {
    const c = chart();
    const ds = agent(c);
    expect(() => ds.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.is('k', 'v', { effect: kplus.TaintEffect.NO_SCHEDULE, evictAfter: Duration.seconds(10) }))))
      .toThrow(/Only 'NO_EXECUTE' effects can specify 'evictAfter'/);
    ds.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.is('k', 'v', { effect: kplus.TaintEffect.NO_EXECUTE, evictAfter: Duration.seconds(10) })));
    ApiObject.of(ds).addJsonPatch(JsonPatch.replace('/spec/template/spec/tolerations/1/effect', 'NoSchedule'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'tolerations\[1\]\.tolerationSeconds' is only allowed with effect NoExecute \(received 10\)\. Allowed: tolerationSeconds with NoExecute\. Fix: set effect NoExecute, or remove tolerationSeconds/,
    );
  });

  test('rejects a toleration with operator Exists and a value', () => {
    const c = chart();
    const ds = agent(c);
    ApiObject.of(ds).addJsonPatch(JsonPatch.add('/spec/template/spec/tolerations/0/value', 'true'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'tolerations\[0\]\.value' must be empty with operator Exists \(received 'true'\)\. Allowed: no value with Exists\. Fix: remove the value, or use operator Equal/,
    );
  });

  test('rejects a restartPolicy other than Always', () => {
    const c = chart();
    agent(c, { restartPolicy: kplus.RestartPolicy.NEVER });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'restartPolicy' is not allowed for a DaemonSet \(received 'Never'\)\. Allowed: 'Always'\. Fix: remove restartPolicy or set it to RestartPolicy\.ALWAYS/,
    );
  });

  test('rejects a negative minReadySeconds', () => {
    const c = chart();
    agent(c, { minReadySeconds: -1 });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'minReadySeconds' must be a whole number >= 0 \(received -1\)\. Allowed: an integer >= 0\. Fix: set minReadySeconds to 0 or more/,
    );
  });

  test('rejects a negative revisionHistoryLimit', () => {
    const c = chart();
    agent(c, { revisionHistoryLimit: -1 });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'revisionHistoryLimit' must be a whole number >= 0 \(received -1\)\. Allowed: an integer >= 0\. Fix: set revisionHistoryLimit to 0 or more/,
    );
  });

  test('rejects a priorityClassName that is not a DNS-1123 subdomain', () => {
    const c = chart();
    agent(c, { priorityClassName: 'Not_Valid' });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'priorityClassName' is not a valid name \(received 'Not_Valid'\)\. Allowed: a DNS-1123 subdomain: .*Fix: use the name of an existing PriorityClass/,
    );
  });

  test('rejects dns policy None without nameservers', () => {
    const refused = chart();
    agent(refused, { dns: { policy: kplus.DnsPolicy.NONE } });
    expect(synthError(refused)).toMatch(/test\/Agent: 'dns\.policy' is 'None' without nameservers \(received 'None'\)\. Allowed: dnsConfig with at least one nameserver\. Fix: add dns nameservers, or choose another DNS policy/);
    const c = chart();
    const ds = agent(c, { dns: { policy: kplus.DnsPolicy.NONE, nameservers: ['10.0.0.10'] } });
    ApiObject.of(ds).addJsonPatch(JsonPatch.remove('/spec/template/spec/dnsConfig/nameservers'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'dns\.policy' is 'None' without nameservers \(received 'None'\)\. Allowed: dnsConfig with at least one nameserver\. Fix: add dns nameservers, or choose another DNS policy/,
    );
  });

  test('rejects a liveness probe with successThreshold 2', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, portNumber: 9100, liveness: kplus.Probe.fromHttpGet('/healthz', { successThreshold: 2 }) }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.livenessProbe\.successThreshold' must be 1 \(received 2\)\. Allowed: 1\. Fix: remove successThreshold/,
    );
  });
});

describe('synth-time errors: the other rules of the manifest', () => {
  test('rejects a DaemonSet without containers in the library\'s message style', () => {
    const c = chart();
    new DaemonSet(c, 'Agent');
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers' is empty \(received \[\]\)\. Allowed: at least one container\. Fix: add a container with addContainer\(\)/,
    );
  });

  test('rejects a pod whose containers were all removed by a JSON patch', () => {
    const c = chart();
    const ds = agent(c);
    ApiObject.of(ds).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers', []));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers' is empty \(received \[\]\)\. Allowed: at least one container\. Fix: add a container with addContainer\(\)/,
    );
  });

  test('rejects a container with an empty image at synth, as the API server does', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: '' }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.image' is required \(received ''\)\. Allowed: a container image reference\. Fix: set image, e\.g\. 'quay\.io\/prometheus\/node-exporter:v1\.12\.1'/,
    );
  });

  test('throws for a container image with a space in it', () => {
    expect(() => agent(chart(), { containers: [{ name: 'main', image: 'registry.example.com/agent :1.0.0' }] })).toThrow(
      /^test\/Agent: 'containers\[main\]\.image' is not an image reference \(received 'registry\.example\.com\/agent :1\.0\.0'\)\. Allowed: an image with a release tag \(e\.g\. :v1\.12\.1\) or a digest \(@sha256:\.\.\.\)\. Fix: pin a release/,
    );
  });

  test('rejects activeDeadlineSeconds, set by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.add('/spec/template/spec/activeDeadlineSeconds', 60));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'activeDeadlineSeconds' is forbidden for a DaemonSet pod \(received 60\)\. Allowed: unset\. Fix: remove activeDeadlineSeconds/,
    );
  });

  test('rejects a dnsPolicy that is not a DNS policy, set by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace('/spec/template/spec/dnsPolicy', 'Cluster'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'dns\.policy' is not a DNS policy \(received 'Cluster'\)\. Allowed: ClusterFirst, ClusterFirstWithHostNet, Default, None\. Fix: choose one of the allowed policies/,
    );
  });

  test('rejects a nodeSelector key that is not a qualified name', () => {
    const c = chart();
    agent(c, { nodeSelector: { 'bad key': 'x' } });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'nodeSelector' has an invalid key \(received 'bad key'\)\. Allowed: a qualified name: .*Fix: use a valid node label key/,
    );
  });

  test('rejects a nodeSelector value that is not a label value', () => {
    const c = chart();
    agent(c, { nodeSelector: { 'kubernetes.io/os': 'linux os' } });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'nodeSelector\.kubernetes\.io\/os' has an invalid value \(received 'linux os'\)\. Allowed: a label value: .*Fix: use a valid node label value/,
    );
  });

  test('rejects an invalid label value in metadata', () => {
    const c = chart();
    agent(c, { metadata: { labels: { team: '-x-' } } });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'metadata\.labels\.team' has an invalid value \(received '-x-'\)\. Allowed: a label value: .*Fix: shorten or clean the value/,
    );
  });

  test('rejects an invalid annotation key in metadata', () => {
    const c = chart();
    agent(c, { metadata: { annotations: { 'bad key': 'x' } } });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'metadata\.annotations' has an invalid key \(received 'bad key'\)\. Allowed: a qualified name: .*Fix: rename the annotation/,
    );
  });

  test('rejects an invalid annotation key in podMetadata', () => {
    const c = chart();
    agent(c, { podMetadata: { annotations: { 'a/b/c': 'x' } } });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'podMetadata\.annotations' has an invalid key \(received 'a\/b\/c'\)\. Allowed: a qualified name: .*Fix: rename the annotation/,
    );
  });

  test('rejects an empty selector, set by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace('/spec/selector', {}));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'spec\.selector' is empty \(received \{\}\)\. Allowed: a non-empty label selector\. Fix: do not remove the selector/,
    );
  });

  test('rejects a volume name that is not a DNS-1123 label', () => {
    const c = chart();
    const ds = agent(c);
    ds.containers[0].mount('/data', kplus.Volume.fromEmptyDir(ds, 'Data', 'Bad_Vol'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'volumes\[\]\.name' is not a valid name \(received 'Bad_Vol'\)\. Allowed: a DNS-1123 label: .*Fix: give the volume a valid name/,
    );
  });

  test('rejects two volumes with the same name, the second added by a JSON patch', () => {
    const c = chart();
    const ds = agent(c);
    ds.containers[0].mount('/data', kplus.Volume.fromEmptyDir(ds, 'Data', 'data'));
    ApiObject.of(ds).addJsonPatch(JsonPatch.add('/spec/template/spec/volumes/-', { name: 'data', emptyDir: {} }));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'volumes' has a duplicate name \(received 'data'\)\. Allowed: unique volume names\. Fix: give each volume its own name/,
    );
  });

  test('rejects a hostPath type that does not exist, set by a JSON patch', () => {
    const c = chart();
    const ds = agent(c, { relaxations: [Relaxation.hostPath('/proc', 'reads process stats')] });
    mountHostPath(ds, '/proc');
    ApiObject.of(ds).addJsonPatch(JsonPatch.add('/spec/template/spec/volumes/0/hostPath/type', 'Dir'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'volumes\[host\]\.hostPath\.type' is not a hostPath type \(received 'Dir'\)\. Allowed: Directory, DirectoryOrCreate, File, FileOrCreate, Socket, CharDevice, BlockDevice\. Fix: use a HostPathVolumeType value/,
    );
  });

  test('rejects a volume mount that names a volume the pod does not have, added by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts', [{ name: 'missing', mountPath: '/data' }]));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.volumeMounts\[\/data\]' names a volume the pod does not have \(received 'missing'\)\. Allowed: the name of a pod volume\. Fix: add the volume to the pod/,
    );
  });

  test('rejects two volumes mounted at the same path in one container', () => {
    const c = chart();
    const ds = agent(c);
    ds.containers[0].mount('/data', kplus.Volume.fromEmptyDir(ds, 'A', 'a'));
    ds.containers[0].mount('/data', kplus.Volume.fromEmptyDir(ds, 'B', 'b'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.volumeMounts\[\/data\]\.mountPath' mounts two volumes at the same path \(received '\/data'\)\. Allowed: unique mount paths per container\. Fix: mount each volume at its own path/,
    );
  });

  test('rejects a subPath that climbs out with ..', () => {
    const c = chart();
    const ds = agent(c);
    ds.containers[0].mount('/data', kplus.Volume.fromEmptyDir(ds, 'A', 'a'), { subPath: '../etc' });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.volumeMounts\[\/data\]\.subPath' must be a relative path without '\.\.' \(received '\.\.\/etc'\)\. Allowed: a relative path\. Fix: remove the leading '\/' and any '\.\.'/,
    );
  });

  test('rejects an absolute subPathExpr', () => {
    const c = chart();
    const ds = agent(c);
    ds.containers[0].mount('/data', kplus.Volume.fromEmptyDir(ds, 'A', 'a'), { subPathExpr: '/$(POD_NAME)' });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.volumeMounts\[\/data\]\.subPathExpr' must be a relative path without '\.\.' \(received '\/\$\(POD_NAME\)'\)\..*Fix: remove the leading '\/'/,
    );
  });

  test('rejects a mount propagation that does not exist, set by a JSON patch', () => {
    const c = chart();
    const ds = agent(c);
    ds.containers[0].mount('/data', kplus.Volume.fromEmptyDir(ds, 'A', 'a'));
    ApiObject.of(ds).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/0/mountPropagation', 'Shared'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.volumeMounts\[\/data\]\.mountPropagation' is not a propagation mode \(received 'Shared'\)\. Allowed: None, HostToContainer, Bidirectional\. Fix: use a MountPropagation value/,
    );
  });

  test('rejects Relaxation.writableHostPath when every mount of that path is read-only', () => {
    const c = chart();
    const ds = agent(c, { relaxations: [Relaxation.writableHostPath('/var/log', 'writes read positions')] });
    mountHostPath(ds, '/var/log', { readOnly: true });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'relaxations' declares writableHostPath \/var\/log, which the pod does not use \(received 'writes read positions'\)\..*Fix: remove the relaxation/,
    );
  });

  test('rejects adding SYS_ADMIN while allowPrivilegeEscalation is false, naming the container in the fix', () => {
    const c = chart();
    agent(c, {
      containers: [{ name: 'main', image: IMAGE, securityContext: { capabilities: { add: [kplus.Capability.SYS_ADMIN] } } }],
      relaxations: [Relaxation.capabilities('main', ['SYS_ADMIN'], 'mounts filesystems')],
    });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.allowPrivilegeEscalation' is false while adding SYS_ADMIN \(the API server rejects the pair\) \(received false\)\..*Fix: set allowPrivilegeEscalation: true with Relaxation\.privilegeEscalation\('main', '<why>'\)/,
    );
  });

  test('rejects a container runAsUser that is not a valid id', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, securityContext: { user: -1 } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.runAsUser' is not a valid id \(received -1\)\. Allowed: 0 to 2147483647\. Fix: use a valid uid\/gid/,
    );
  });

  test('rejects a pod runAsUser that is not a valid id, naming the pod field', () => {
    const c = chart();
    agent(c, { securityContext: { user: 2147483648 } });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'securityContext\.(runAsUser|user)' is not a valid id \(received 2147483648\)\. Allowed: 0 to 2147483647\. Fix: use a valid uid\/gid/,
    );
  });

  test('rejects a seccomp profile type that does not exist, set by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/seccompProfile/type', 'Default'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.seccompProfile\.type' is not a seccomp profile type \(received 'Default'\)\. Allowed: RuntimeDefault, Localhost, Unconfined\. Fix: use SeccompProfileType\.RUNTIME_DEFAULT/,
    );
  });

  test('rejects a Localhost seccomp profile without localhostProfile', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, securityContext: { seccompProfile: { type: kplus.SeccompProfileType.LOCALHOST } } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.seccompProfile\.localhostProfile' is required with type Localhost\. Allowed: the path of a profile on the node\. Fix: set localhostProfile/,
    );
  });

  test('rejects capabilities.drop without ALL', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, securityContext: { capabilities: { drop: [kplus.Capability.NET_RAW] } } }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.securityContext\.capabilities\.drop' does not drop ALL capabilities \(received \["NET_RAW"\]\)\..*Fix: drop ALL and add the capabilities the agent needs, with Relaxation\.capabilities\(\)/,
    );
  });

  test('rejects a hostPort above 65535', () => {
    const c = chart();
    agent(c, {
      containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, hostPort: 70000 }] }],
      relaxations: [Relaxation.hostPort(70000, 'scraped on the node IP')],
    });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.ports\[9100\]\.hostPort' is out of range \(received 70000\)\. Allowed: 1 to 65535\. Fix: use a valid port number/,
    );
  });

  test('rejects a port protocol that does not exist, set by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c, { containers: [{ name: 'main', image: IMAGE, portNumber: 9100 }] }))
      .addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/ports/0/protocol', 'HTTP'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.ports\[9100\]\.protocol' is not a protocol \(received 'HTTP'\)\. Allowed: TCP, UDP, SCTP\. Fix: use a Protocol value/,
    );
  });

  test('rejects two ports of a container with the same name, the second renamed by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c, { containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, name: 'metrics' }, { number: 9101, name: 'other' }] }] }))
      .addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/ports/1/name', 'metrics'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.ports\[9101\]\.name' is used by two ports of the container \(received 'metrics'\)\. Allowed: unique port names\. Fix: give each port its own name/,
    );
  });

  test('rejects a probe with two handlers, the second added by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c, { containers: [{ name: 'main', image: IMAGE, portNumber: 9100, liveness: kplus.Probe.fromHttpGet('/healthz') }] }))
      .addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/livenessProbe/exec', { command: ['true'] }));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.livenessProbe' must have exactly one handler \(received \["exec","httpGet"\]\)\. Allowed: one of exec, httpGet, tcpSocket, grpc\. Fix: keep one handler/,
    );
  });

  test('rejects a startup probe with successThreshold 2', () => {
    const c = chart();
    agent(c, { containers: [{ name: 'main', image: IMAGE, startup: kplus.Probe.fromTcpSocket({ port: 9100, successThreshold: 2 }) }] });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'containers\[main\]\.startupProbe\.successThreshold' must be 1 \(received 2\)\. Allowed: 1\. Fix: remove successThreshold/,
    );
  });

  test('rejects an update strategy type that does not exist, set by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace('/spec/updateStrategy/type', 'Recreate'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'updateStrategy\.type' is not a DaemonSet update strategy \(received 'Recreate'\)\. Allowed: RollingUpdate, OnDelete\. Fix: use DaemonSetUpdateStrategy\.rollingUpdate\(\) or DaemonSetUpdateStrategy\.onDelete\(\)/,
    );
  });

  test('rejects rollingUpdate values with type OnDelete, added by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c, { updateStrategy: DaemonSetUpdateStrategy.onDelete() }))
      .addJsonPatch(JsonPatch.add('/spec/updateStrategy/rollingUpdate', { maxUnavailable: { value: 1 } }));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'updateStrategy\.rollingUpdate' is set with type OnDelete \(received \{"maxUnavailable":1\}\)\. Allowed: no rollingUpdate with OnDelete\. Fix: remove rollingUpdate/,
    );
  });

  test('rejects a maxSurge above 100% set by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', { value: '150%' }));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'updateStrategy\.maxSurge' is not a valid value \(received '150%'\)\. Allowed: .*Fix: use PercentOrAbsolute\.absolute\(n\)/,
    );
  });

  test('rejects maxSurge and maxUnavailable both zero, set by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', { value: 0 }));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'updateStrategy\.maxUnavailable' cannot be 0 when maxSurge is 0: the rollout could never replace a pod \(received 0\)\..*Fix: set maxUnavailable: PercentOrAbsolute\.absolute\(1\)/,
    );
  });

  test('rejects maxSurge and maxUnavailable both non-zero, set by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxUnavailable', { value: '10%' }));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'updateStrategy\.maxSurge' may not be set when maxUnavailable is not 0 \(the API server rejects the pair\) \(received \{"maxSurge":1,"maxUnavailable":"10%"\}\)\..*Fix: set maxUnavailable: PercentOrAbsolute\.absolute\(0\) to surge, or remove maxSurge/,
    );
  });

  test('rejects maxUnavailable 0 on a pod with a hostPort, explaining that the host port rules out a surge', () => {
    const c = chart();
    agent(c, {
      containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, hostPort: 9100 }] }],
      relaxations: [Relaxation.hostPort(9100, 'scraped on the node IP')],
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: absolute(0) }),
    });
    const message = synthError(c);
    expect(message).toMatch(
      /test\/Agent: 'updateStrategy\.maxUnavailable' cannot be 0 .*host port 9100\/TCP.*\(received 0\)\..*Fix: set maxUnavailable: PercentOrAbsolute\.absolute\(1\)/,
    );
    expect(message).not.toMatch(/or a maxSurge >= 1/);
  });

  test('rejects a toleration operator that does not exist, set by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace('/spec/template/spec/tolerations/0/operator', 'In'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'tolerations\[0\]\.operator' is not a toleration operator \(received 'In'\)\. Allowed: Equal, Exists\. Fix: use NodeTaintQuery\.is\(\) or NodeTaintQuery\.exists\(\)/,
    );
  });

  test('rejects a toleration with an empty key and operator Equal, set by a JSON patch', () => {
    const c = chart();
    const ds = agent(c);
    ds.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.is('dedicated', 'agents')));
    ApiObject.of(ds).addJsonPatch(JsonPatch.remove('/spec/template/spec/tolerations/1/key'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'tolerations\[1\]\.key' is empty with operator Equal \(received \{.*"operator":"Equal".*\}\)\. Allowed: operator Exists when the key is empty\. Fix: set a key, or use operator Exists to tolerate every taint/,
    );
  });

  test('rejects a toleration key that is not a qualified name', () => {
    const c = chart();
    agent(c).scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.is('bad key!', 'v')));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'tolerations\[1\]\.key' is not a valid taint key \(received 'bad key!'\)\. Allowed: a qualified name: .*Fix: use the key of the taint to tolerate/,
    );
  });

  test('rejects a toleration effect that does not exist, set by a JSON patch', () => {
    const c = chart();
    ApiObject.of(agent(c)).addJsonPatch(JsonPatch.replace('/spec/template/spec/tolerations/0/effect', 'Never'));
    expect(synthError(c)).toMatch(
      /test\/Agent: 'tolerations\[0\]\.effect' is not a taint effect \(received 'Never'\)\. Allowed: NoSchedule, PreferNoSchedule, NoExecute\. Fix: use a TaintEffect value/,
    );
  });
});

describe('cdk8s-plus-28 accepts what this library rejects', () => {
  const plain = (props: kplus.DaemonSetProps) => {
    const c = chart();
    new kplus.DaemonSet(c, 'Agent', { ...props });
    return c;
  };

  test('rejects hostNetwork without a relaxation, which kplus.DaemonSet accepts silently', () => {
    const props = { hostNetwork: true, containers: [{ name: 'main', image: IMAGE }] };
    expect(() => Testing.synth(plain(props))).not.toThrow();
    const c = chart();
    agent(c, props);
    expect(synthError(c)).toMatch(/test\/Agent: 'hostNetwork' relaxes a best practice without a reason \(received true\)\. Fix: .*Relaxation\.hostNetwork/);
  });

  test('rejects a privileged container that kplus.DaemonSet emits with allowPrivilegeEscalation: false', () => {
    const props = { containers: [{ name: 'main', image: IMAGE, securityContext: { privileged: true, allowPrivilegeEscalation: false } }] };
    const manifest = Testing.synth(plain(props))[0];
    expect(manifest.spec.template.spec.containers[0].securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: false });
    const c = chart();
    agent(c, { ...props, relaxations: [Relaxation.privileged('main', 'loads eBPF programs')] });
    expect(synthError(c)).toMatch(/test\/Agent: 'containers\[main\]\.securityContext\.allowPrivilegeEscalation' is false on a privileged container .*\(received false\)\..*Fix: remove allowPrivilegeEscalation: false/);
  });

  test('rejects a cpu request above its limit, which kplus.DaemonSet accepts', () => {
    const props = { containers: [{ name: 'main', image: IMAGE, resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(100) } } }] };
    expect(() => Testing.synth(plain(props))).not.toThrow();
    const c = chart();
    agent(c, props);
    expect(synthError(c)).toMatch(/test\/Agent: 'containers\[main\]\.resources\.cpu' requests more than its limit \(received \{"request":"500m","limit":"100m"\}\)\..*Fix: lower the cpu request/);
  });

  test('rejects restartPolicy Never, which kplus.DaemonSet accepts', () => {
    const props = { restartPolicy: kplus.RestartPolicy.NEVER, containers: [{ name: 'main', image: IMAGE }] };
    expect(() => Testing.synth(plain(props))).not.toThrow();
    const c = chart();
    agent(c, props);
    expect(synthError(c)).toMatch(/test\/Agent: 'restartPolicy' is not allowed for a DaemonSet \(received 'Never'\)\..*Fix: remove restartPolicy/);
  });

  test('rejects a container name that is not a DNS-1123 label, which kplus.DaemonSet accepts', () => {
    const props = { containers: [{ name: 'Main_1', image: IMAGE }] };
    expect(() => Testing.synth(plain(props))).not.toThrow();
    const c = chart();
    agent(c, props);
    expect(synthError(c)).toMatch(/test\/Agent: 'containers\[Main_1\]\.name' is not a valid name \(received 'Main_1'\)\..*Fix: give the container a valid name/);
  });

  test('rejects a port name longer than 15 characters, which kplus.DaemonSet accepts', () => {
    const props = { containers: [{ name: 'main', image: IMAGE, ports: [{ number: 9100, name: 'metrics-exporter' }] }] };
    expect(() => Testing.synth(plain(props))).not.toThrow();
    const c = chart();
    agent(c, props);
    expect(synthError(c)).toMatch(/test\/Agent: 'containers\[main\]\.ports\[9100\]\.name' is not a valid port name \(received 'metrics-exporter'\)\..*Fix: shorten or clean the port name/);
  });

  test('rejects a namespace that is not a DNS-1123 label, which kplus.DaemonSet accepts', () => {
    const props = { metadata: { namespace: 'Bad_NS' }, containers: [{ name: 'main', image: IMAGE }] };
    expect(() => Testing.synth(plain(props))).not.toThrow();
    const c = chart();
    agent(c, props);
    expect(synthError(c)).toMatch(/test\/Agent: 'metadata\.namespace' is not a valid name \(received 'Bad_NS'\)\..*Fix: use a valid namespace name/);
  });

  test('rejects a negative minReadySeconds, which kplus.DaemonSet accepts', () => {
    const props = { minReadySeconds: -1, containers: [{ name: 'main', image: IMAGE }] };
    expect(() => Testing.synth(plain(props))).not.toThrow();
    const c = chart();
    agent(c, props);
    expect(synthError(c)).toMatch(/test\/Agent: 'minReadySeconds' must be a whole number >= 0 \(received -1\)\..*Fix: set minReadySeconds to 0 or more/);
  });

  test('rejects Bidirectional propagation on a non-privileged container, which kplus.DaemonSet accepts', () => {
    const k = chart();
    const plainDs = new kplus.DaemonSet(k, 'Agent', { containers: [{ name: 'main', image: IMAGE }] });
    plainDs.containers[0].mount('/host/sys/fs/bpf', kplus.Volume.fromHostPath(plainDs, 'Bpf', 'host', { path: '/sys/fs/bpf' }), { propagation: kplus.MountPropagation.BIDIRECTIONAL });
    expect(() => Testing.synth(k)).not.toThrow();
    const c = chart();
    const ds = agent(c, { relaxations: [Relaxation.hostPath('/sys/fs/bpf', 'pins eBPF maps')] });
    mountHostPath(ds, '/sys/fs/bpf', { readOnly: true, propagation: kplus.MountPropagation.BIDIRECTIONAL });
    expect(synthError(c)).toMatch(/test\/Agent: 'containers\[main\]\.volumeMounts\[\/host\/sys\/fs\/bpf\]\.mountPropagation' is Bidirectional on a container that is not privileged/);
  });
});
