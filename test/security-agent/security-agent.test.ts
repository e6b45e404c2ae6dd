import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSetUpdateStrategy, Relaxation, SecurityAgentDaemonSet, SecurityAgentDaemonSetProps, SecurityAgentDriver } from '../../src';
import { chart, onlyOfKind, synth } from '../util';

function agent(props: SecurityAgentDaemonSetProps = {}, c: Chart = chart()) {
  return { c, agent: new SecurityAgentDaemonSet(c, 'Falco', props) };
}

function objects(c: Chart) {
  const manifests = synth(c);
  const daemonSet = onlyOfKind(manifests, 'DaemonSet');
  const pod = daemonSet.spec.template.spec;
  const hostMounts = (container: any) => Object.fromEntries(container.volumeMounts
    .map((m: any) => [m, pod.volumes.find((v: any) => v.name === m.name)])
    .filter(([, v]: any) => v.hostPath)
    .map(([m, v]: any) => [v.hostPath.path, { mountPath: m.mountPath, readOnly: m.readOnly, type: v.hostPath.type }]));
  return { manifests, daemonSet, pod, container: pod.containers[0], hostMounts };
}

const READ_ONLY_HOST = {
  '/proc': { mountPath: '/host/proc', readOnly: true, type: 'Directory' },
  '/etc': { mountPath: '/host/etc', readOnly: true, type: 'Directory' },
  '/boot': { mountPath: '/host/boot', readOnly: true, type: 'DirectoryOrCreate' },
  '/lib/modules': { mountPath: '/host/lib/modules', readOnly: true, type: 'Directory' },
  '/usr/src': { mountPath: '/host/usr/src', readOnly: true, type: 'DirectoryOrCreate' },
};

describe('SecurityAgentDaemonSet defaults', () => {
  const { c, agent: construct } = agent();
  const { manifests, daemonSet, pod, container, hostMounts } = objects(c);
  const annotations = daemonSet.metadata.annotations;

  test('creates a DaemonSet, its ServiceAccount without a token and its NetworkPolicy, in kube-system', () => {
    expect(manifests.map(m => m.kind).sort()).toEqual(['DaemonSet', 'NetworkPolicy', 'ServiceAccount']);
    expect(daemonSet.metadata).toMatchObject({ name: 'falco', namespace: 'kube-system' });
    expect(onlyOfKind(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(daemonSet.metadata.labels['app.kubernetes.io/component']).toBe('security-agent');
  });

  test('runs Falco 0.44.1 with the modern eBPF engine', () => {
    expect(container.image).toBe('docker.io/falcosecurity/falco:0.44.1');
    expect(SecurityAgentDaemonSet.DEFAULT_IMAGE).toBe(container.image);
    expect(container.args).toEqual(['/usr/bin/falco', '-o', 'engine.kind=modern_ebpf']);
    expect(container.env).toEqual([
      { name: 'HOST_ROOT', value: '/host' },
      { name: 'FALCO_K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ]);
    expect(construct.driver.kind).toBe('modern_ebpf');
    expect(pod.initContainers).toBeUndefined();
  });

  test('adds exactly BPF, PERFMON, SYS_RESOURCE and SYS_PTRACE, unprivileged, as uid 0', () => {
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { add: ['BPF', 'PERFMON', 'SYS_RESOURCE', 'SYS_PTRACE'], drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 0,
      runAsNonRoot: false,
      runAsUser: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('uses the node\'s PID namespace and reads its directories read-only, /sys/kernel but not /dev', () => {
    expect(pod.hostPID).toBe(true);
    expect(pod.hostNetwork).toBe(false);
    expect(hostMounts(container)).toEqual({
      ...READ_ONLY_HOST,
      '/sys/kernel': { mountPath: '/sys/kernel', readOnly: true, type: 'Directory' },
    });
    expect(container.volumeMounts).toContainEqual({ name: 'root-falco-fs', mountPath: '/root/.falco' });
    expect(pod.volumes).toContainEqual({ name: 'root-falco-fs', emptyDir: {} });
  });

  test('probes the web server: startup and readiness on /healthz, liveness on the port', () => {
    expect(container.ports).toEqual([{ name: 'web', containerPort: 8765 }]);
    expect(container.startupProbe).toMatchObject({ httpGet: { path: '/healthz', port: 8765 }, failureThreshold: 20, periodSeconds: 5 });
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 8765 }, periodSeconds: 15 });
    expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 8765 }, periodSeconds: 15 });
  });

  test('takes Falco\'s resources, tolerates every taint and rolls out one node at a time', () => {
    expect(container.resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '512Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '1', 'memory': '1024Mi', 'ephemeral-storage': '256Mi' },
    });
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('writes a reason for hostPID, each host directory and the capabilities', () => {
    expect(annotations['ignore-check.kube-linter.io/host-pid']).toMatch(/^hostPID: sees the node's processes/);
    for (const path of ['/proc', '/etc', '/boot', '/lib/modules', '/usr/src', '/sys/kernel']) {
      expect(annotations['ignore-check.kube-linter.io/sensitive-host-mounts']).toContain(`hostPath ${path}: `);
    }
    expect(annotations['ignore-check.kube-linter.io/privilege-escalation-container'])
      .toMatch(/^capabilities BPF,PERFMON,SYS_RESOURCE,SYS_PTRACE for container 'falco': the modern eBPF probe loads its programs/);
    expect(annotations['ignore-check.kube-linter.io/privileged-container']).toBeUndefined();
    expect(annotations['ignore-check.kube-linter.io/writable-host-mount']).toBeUndefined();
  });
});

describe('SecurityAgentDaemonSet with the kernel module', () => {
  const { c, agent: construct } = agent({ driver: SecurityAgentDriver.kernelModule() });
  const { daemonSet, pod, container, hostMounts } = objects(c);
  const [loader] = pod.initContainers;

  test('loads the module in a privileged init container that reads the kernel\'s files', () => {
    expect(loader).toMatchObject({
      name: 'falco-driver-loader',
      image: 'docker.io/falcosecurity/falco-driver-loader:0.44.1',
      args: ['kmod'],
      env: [{ name: 'HOST_ROOT', value: '/host' }],
    });
    expect(loader.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, runAsUser: 0, readOnlyRootFilesystem: false });
    expect(hostMounts(loader)).toEqual(READ_ONLY_HOST);
    expect(loader.volumeMounts).toContainEqual({ name: 'root-falco-fs', mountPath: '/root/.falco' });
    expect(construct.loader).toBeDefined();
  });

  test('runs the agent privileged with the kmod engine, reading /dev and no /sys/kernel', () => {
    expect(container.args).toEqual(['/usr/bin/falco', '-o', 'engine.kind=kmod']);
    expect(container.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, runAsUser: 0, readOnlyRootFilesystem: true });
    // Privileged: every capability and no seccomp filter, so neither a capability list nor a profile is written.
    expect(container.securityContext.capabilities).toBeUndefined();
    expect(container.securityContext.seccompProfile).toBeUndefined();
    expect(hostMounts(container)).toEqual({ ...READ_ONLY_HOST, '/dev': { mountPath: '/host/dev', readOnly: true, type: 'Directory' } });
  });

  test('writes a reason for each privileged container and the loader\'s writable root filesystem', () => {
    const annotations = daemonSet.metadata.annotations;
    expect(annotations['ignore-check.kube-linter.io/privileged-container']).toContain('privileged for container \'falco\': reads system calls from the kernel module\'s devices');
    expect(annotations['ignore-check.kube-linter.io/privileged-container']).toContain('privileged for container \'falco-driver-loader\': loads the kernel module');
    expect(annotations['ignore-check.kube-linter.io/no-read-only-root-fs']).toMatch(/^writableRootFilesystem for container 'falco-driver-loader': builds the module with dkms/);
  });

  test('takes the loader image and arguments given', () => {
    const { pod: custom } = objects(agent({ driver: SecurityAgentDriver.kernelModule({ loaderImage: 'example.com/loader:1.0.0', loaderArgs: ['kmod', '--compile'] }) }).c);
    expect(custom.initContainers[0]).toMatchObject({ image: 'example.com/loader:1.0.0', args: ['kmod', '--compile'] });
  });
});

describe('SecurityAgentDaemonSet customised', () => {
  const { c } = agent({
    name: 'tetragon',
    namespace: 'security',
    containerName: 'agent',
    image: 'quay.io/cilium/tetragon:v1.5.0',
    args: ['--bpf-lib', '/var/lib/tetragon/'],
    env: { TETRAGON_EXPORT_FILENAME: kplus.EnvValue.fromValue('/var/run/tetragon/tetragon.log') },
    port: 6789,
    healthPath: '/v1/health',
    resources: { memory: { limit: Size.gibibytes(2) } },
    containerRuntimeSocket: '/run/containerd/containerd.sock',
    tolerateAllTaints: false,
    updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) }),
    priorityClassName: 'security-critical',
    nodeSelector: { 'node-role.kubernetes.io/worker': '' },
  });
  const { daemonSet, pod, container, hostMounts } = objects(c);

  test('keeps the image, arguments, environment, port, health path and resources given', () => {
    expect(daemonSet.metadata).toMatchObject({ name: 'tetragon', namespace: 'security' });
    expect(container).toMatchObject({ name: 'agent', image: 'quay.io/cilium/tetragon:v1.5.0', args: ['--bpf-lib', '/var/lib/tetragon/'] });
    expect(container.env).toContainEqual({ name: 'TETRAGON_EXPORT_FILENAME', value: '/var/run/tetragon/tetragon.log' });
    expect(container.ports).toEqual([{ name: 'web', containerPort: 6789 }]);
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/v1/health', port: 6789 });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 6789 });
    expect(container.resources.limits.memory).toBe('2048Mi');
  });

  test('mounts the runtime socket read-only below /host, with its reason', () => {
    expect(hostMounts(container)['/run/containerd/containerd.sock']).toEqual({ mountPath: '/host/run/containerd/containerd.sock', readOnly: true, type: 'Socket' });
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/sensitive-host-mounts'])
      .toContain('hostPath /run/containerd/containerd.sock: asks the container runtime which container and pod each event comes from');
  });

  test('allows a surge with the modern eBPF probe, and schedules as asked', () => {
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(pod.tolerations).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.priorityClassName).toBe('security-critical');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/worker': '' });
  });
});

describe('SecurityAgentDaemonSet with the options of every typed construct', () => {
  const { daemonSet, pod, container } = objects(agent({
    driver: SecurityAgentDriver.kernelModule(),
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    podAnnotations: { 'container.apparmor.security.beta.kubernetes.io/falco': 'unconfined' },
    extraTolerations: [kplus.NodeTaintQuery.exists('dedicated')],
    envFrom: [kplus.Env.fromSecret(kplus.Secret.fromSecretName(chart(), 'Outputs', 'falco-outputs'))],
    relaxations: [
      Relaxation.imagePullPolicy('falco', 'the nodes pull through a caching mirror of the tag'),
      Relaxation.imagePullPolicy('falco-driver-loader', 'the nodes pull through a caching mirror of the tag'),
    ],
  }).c);

  test('pulls the agent and the loader as asked, and adds the pod annotations, environment sources and tolerations', () => {
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(pod.initContainers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(daemonSet.spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/falco']).toBe('unconfined');
    expect(container.envFrom).toEqual([{ secretRef: { name: 'falco-outputs' } }]);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }, { key: 'dedicated', operator: 'Exists' }]);
  });
});

describe('SecurityAgentDaemonSet errors', () => {
  test('throws on an environment variable the construct sets', () => {
    expect(() => agent({ env: { HOST_ROOT: kplus.EnvValue.fromValue('/') } })).toThrow('test/Falco: \'env.HOST_ROOT\' is set by the construct');
  });

  test('throws on an unpinned image', () => {
    expect(() => agent({ image: 'docker.io/falcosecurity/falco:latest' })).toThrow(/^test\/Falco: 'image' is not pinned/);
    expect(() => agent({ driver: SecurityAgentDriver.kernelModule({ loaderImage: 'docker.io/falcosecurity/falco-driver-loader' }) }))
      .toThrow(/^test\/Falco: 'driver.loaderImage' is not pinned/);
  });


  test('throws on a surge with the kernel module', () => {
    expect(() => agent({
      driver: SecurityAgentDriver.kernelModule(),
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) }),
    })).toThrow('test/Falco: \'updateStrategy.maxSurge\' cannot be used: the agent holds the kernel module, which the new pod\'s loader cannot replace while the old agent uses it, on its node');
  });

  test('throws on the loader\'s container name with the kernel module', () => {
    expect(() => agent({ driver: SecurityAgentDriver.kernelModule(), containerName: 'falco-driver-loader' }))
      .toThrow('test/Falco: \'containerName\' is the name of the kernel module\'s loader');
  });

  test.each([0, 65536, 1.5])('throws on port %s', port => {
    expect(() => agent({ port })).toThrow(`test/Falco: 'port' is not a port number (received ${port})`);
  });

  test('throws on a relative health path', () => {
    expect(() => agent({ healthPath: 'healthz' })).toThrow('test/Falco: \'healthPath\' is not an absolute URL path (received \'healthz\')');
  });

  test.each(['run/containerd/containerd.sock', '/run/containerd/', '/run/../containerd.sock'])('throws on the runtime socket %s', socket => {
    expect(() => agent({ containerRuntimeSocket: socket })).toThrow('test/Falco: \'containerRuntimeSocket\' is not an absolute path to a socket');
  });

  test.each([['name', 'Falco'], ['namespace', 'falco system'], ['containerName', 'FALCO']])('throws on an invalid %s', (prop, value) => {
    expect(() => agent({ [prop]: value })).toThrow(`test/Falco: '${prop}' is not a valid name (received '${value}')`);
  });
});
