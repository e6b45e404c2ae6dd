import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  CsiFsGroupPolicy, CsiNodePluginDaemonSet, CsiNodePluginDaemonSetProps, CsiVolumeLifecycleMode, DaemonSetUpdateStrategy, Relaxation, ResourceLimit,
} from '../../src';
import { chart, onlyOfKind, synth, synthError } from '../util';

function plugin(props: Partial<CsiNodePluginDaemonSetProps> = {}, c: Chart = chart()) {
  const construct = new CsiNodePluginDaemonSet(c, 'HostPath', {
    driverName: 'hostpath.csi.k8s.io',
    image: 'registry.k8s.io/sig-storage/hostpathplugin:v1.17.1',
    args: ['--drivername=hostpath.csi.k8s.io', '--endpoint=$(CSI_ENDPOINT)', '--nodeid=$(KUBE_NODE_NAME)'],
    ...props,
  });
  return { c, csi: construct };
}

/** The synthesized objects (each validated against the Kubernetes schema), and lookups into the pod. */
function objects(c: Chart) {
  const manifests = synth(c);
  const daemonSet = onlyOfKind(manifests, 'DaemonSet');
  const pod = daemonSet.spec.template.spec;
  const container = (name: string) => pod.containers.find((x: any) => x.name === name);
  const volumeOf = (containerName: string, mountPath: string) => {
    const mount = container(containerName).volumeMounts.find((m: any) => m.mountPath === mountPath);
    return { mount, volume: pod.volumes.find((v: any) => v.name === mount?.name) };
  };
  return { manifests, daemonSet, pod, container, volumeOf };
}

describe('CsiNodePluginDaemonSet defaults', () => {
  const { manifests, daemonSet, pod, container, volumeOf } = objects(plugin().c);
  const driver = container('csi-driver');
  const registrar = container('node-driver-registrar');
  const probe = container('liveness-probe');
  const annotations = daemonSet.metadata.annotations;

  test('creates a DaemonSet, its ServiceAccount and NetworkPolicy in kube-system, and no CSIDriver', () => {
    expect(manifests.map(m => m.kind).sort()).toEqual(['DaemonSet', 'NetworkPolicy', 'ServiceAccount']);
    expect(daemonSet.metadata).toMatchObject({ name: 'host-path', namespace: 'kube-system' });
    expect(onlyOfKind(manifests, 'ServiceAccount')).toMatchObject({ metadata: { name: 'host-path', namespace: 'kube-system' }, automountServiceAccountToken: false });
    expect(pod.serviceAccountName).toBe('host-path');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(daemonSet.metadata.labels['app.kubernetes.io/component']).toBe('csi-node-plugin');
  });

  test('runs the driver, node-driver-registrar and livenessprobe, with the pinned sidecar images', () => {
    expect(pod.containers.map((c: any) => c.name)).toEqual(['csi-driver', 'node-driver-registrar', 'liveness-probe']);
    expect(registrar.image).toBe('registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0');
    expect(probe.image).toBe('registry.k8s.io/sig-storage/livenessprobe:v2.19.0');
    expect(CsiNodePluginDaemonSet.DEFAULT_REGISTRAR_IMAGE).toBe(registrar.image);
    expect(CsiNodePluginDaemonSet.DEFAULT_LIVENESS_PROBE_IMAGE).toBe(probe.image);
  });

  test('wires the socket into every container', () => {
    expect(driver.env).toEqual([
      { name: 'CSI_ENDPOINT', value: 'unix:///csi/csi.sock' },
      { name: 'KUBE_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ]);
    expect(driver.args).toEqual(['--drivername=hostpath.csi.k8s.io', '--endpoint=$(CSI_ENDPOINT)', '--nodeid=$(KUBE_NODE_NAME)']);
    expect(registrar.args).toEqual([
      '--csi-address=/csi/csi.sock',
      '--kubelet-registration-path=/var/lib/kubelet/plugins/hostpath.csi.k8s.io/csi.sock',
      '--http-endpoint=:9809',
    ]);
    expect(probe.args).toEqual(['--csi-address=/csi/csi.sock', '--health-port=9808']);
    for (const name of ['csi-driver', 'node-driver-registrar', 'liveness-probe']) {
      expect(volumeOf(name, '/csi').volume.hostPath).toEqual({ path: '/var/lib/kubelet/plugins/hostpath.csi.k8s.io', type: 'DirectoryOrCreate' });
    }
    expect(volumeOf('csi-driver', '/csi').mount.readOnly).toBe(false);
    expect(volumeOf('node-driver-registrar', '/csi').mount.readOnly).toBe(true);
    expect(volumeOf('liveness-probe', '/csi').mount.readOnly).toBe(true);
  });

  test('mounts the kubelet directory Bidirectional and /dev read-only in the privileged driver only', () => {
    expect(volumeOf('csi-driver', '/var/lib/kubelet')).toEqual({
      mount: { name: 'kubelet-dir', mountPath: '/var/lib/kubelet', mountPropagation: 'Bidirectional', readOnly: false },
      volume: { name: 'kubelet-dir', hostPath: { path: '/var/lib/kubelet', type: 'Directory' } },
    });
    expect(volumeOf('csi-driver', '/dev')).toEqual({
      mount: { name: 'dev-dir', mountPath: '/dev', readOnly: true },
      volume: { name: 'dev-dir', hostPath: { path: '/dev', type: 'Directory' } },
    });
    expect(driver.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, runAsUser: 0, readOnlyRootFilesystem: true });
    for (const sidecar of [registrar, probe]) {
      expect(sidecar.volumeMounts.some((m: any) => m.mountPropagation)).toBe(false);
    }
  });

  test('registers through the kubelet\'s plugins_registry, writable for the registrar alone', () => {
    expect(volumeOf('node-driver-registrar', '/registration')).toEqual({
      mount: { name: 'registration-dir', mountPath: '/registration', readOnly: false },
      volume: { name: 'registration-dir', hostPath: { path: '/var/lib/kubelet/plugins_registry', type: 'Directory' } },
    });
    expect(driver.volumeMounts.map((m: any) => m.name)).not.toContain('registration-dir');
  });

  test('runs the sidecars as uid 0 without privilege or capability, with a read-only root filesystem', () => {
    for (const sidecar of [registrar, probe]) {
      expect(sidecar.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsGroup: 0,
        runAsNonRoot: false,
        runAsUser: 0,
        seccompProfile: { type: 'RuntimeDefault' },
      });
    }
  });

  test('probes the driver through livenessprobe and its registration, and each sidecar on its own port', () => {
    expect(driver.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 9808, scheme: 'HTTP' });
    expect(driver.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 9809, scheme: 'HTTP' });
    expect(probe.ports).toEqual([{ name: 'healthz', containerPort: 9808 }]);
    expect(probe.livenessProbe.tcpSocket).toEqual({ port: 9808 });
    expect(probe.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 9808, scheme: 'HTTP' });
    expect(registrar.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 9809, scheme: 'HTTP' });
    expect(registrar.readinessProbe.tcpSocket).toEqual({ port: 9809 });
    expect(registrar.ports).toEqual([{ name: 'reg-healthz', containerPort: 9809 }]);
  });

  test('sizes the driver for mounting and formatting, and the sidecars small', () => {
    expect(driver.resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' },
    });
    for (const sidecar of [registrar, probe]) {
      expect(sidecar.resources).toEqual({
        requests: { 'cpu': '10m', 'memory': '20Mi', 'ephemeral-storage': '64Mi' },
        limits: { 'cpu': '100m', 'memory': '64Mi', 'ephemeral-storage': '256Mi' },
      });
    }
  });

  test('tolerates every taint, at system-node-critical on Linux nodes', () => {
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.hostNetwork).toBe(false);
  });

  test('rolls out one node at a time without surge', () => {
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('writes a reason for each relaxation', () => {
    expect(annotations['ignore-check.kube-linter.io/privileged-container']).toMatch(/^privileged for container 'csi-driver': mounts volumes into pods .*Bidirectional/);
    expect(annotations['ignore-check.kube-linter.io/writable-host-mount']).toContain('writableHostPath /var/lib/kubelet/plugins_registry: node-driver-registrar creates the registration socket');
    expect(annotations['ignore-check.kube-linter.io/sensitive-host-mounts']).toContain('hostPath /dev: the driver opens the block devices');
    expect(annotations['ignore-check.kube-linter.io/run-as-non-root']).toContain('runAsRoot for container \'liveness-probe\'');
    expect(annotations['ignore-check.kube-linter.io/no-read-only-root-fs']).toBeUndefined();
  });
});

describe('CsiNodePluginDaemonSet customised', () => {
  const c = chart();
  const { csi } = plugin({
    name: 'ebs',
    namespace: 'storage',
    containerName: 'ebs-plugin',
    driverName: 'ebs.csi.aws.com',
    kubeletDir: '/var/lib/k0s/kubelet/',
    registrarImage: 'example.com/registrar:2.17.0',
    livenessProbeImage: 'example.com/livenessprobe:2.19.0',
    healthPort: 9810,
    registrarHealthPort: 9811,
    env: { AWS_REGION: kplus.EnvValue.fromValue('eu-west-1') },
    resources: { memory: { limit: Size.mebibytes(512) } },
    csiDriver: {
      attachRequired: true,
      podInfoOnMount: false,
      fsGroupPolicy: CsiFsGroupPolicy.FILE,
      volumeLifecycleModes: [CsiVolumeLifecycleMode.PERSISTENT, CsiVolumeLifecycleMode.EPHEMERAL],
      seLinuxMount: true,
    },
    writableRootFilesystem: 'the driver writes its mount helpers\' state below /var/run',
    serviceAccountToken: 'reads its Node\'s topology labels',
    updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
    tolerateAllTaints: false,
    priorityClassName: 'storage-critical',
    nodeSelector: { storage: 'true' },
  }, c);
  const { manifests, daemonSet, pod, container, volumeOf } = objects(c);
  const driver = container('ebs-plugin');

  test('exposes the resolved names and the socket path', () => {
    expect(csi.name).toBe('ebs');
    expect(csi.namespace).toBe('storage');
    expect(csi.driverName).toBe('ebs.csi.aws.com');
    expect(csi.socketPath).toBe('/var/lib/k0s/kubelet/plugins/ebs.csi.aws.com/csi.sock');
    expect(CsiNodePluginDaemonSet.SOCKET_IN_POD).toBe('/csi/csi.sock');
  });

  test('emits the CSIDriver with only the fields given', () => {
    expect(onlyOfKind(manifests, 'CSIDriver')).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: { name: 'ebs.csi.aws.com', labels: { 'app.kubernetes.io/name': 'ebs', 'app.kubernetes.io/managed-by': 'cdk8s' } },
      spec: { attachRequired: true, podInfoOnMount: false, fsGroupPolicy: 'File', volumeLifecycleModes: ['Persistent', 'Ephemeral'], seLinuxMount: true },
    });
  });

  test('follows the kubelet directory and the ports everywhere', () => {
    expect(volumeOf('ebs-plugin', '/var/lib/k0s/kubelet').volume.hostPath.path).toBe('/var/lib/k0s/kubelet');
    expect(volumeOf('ebs-plugin', '/csi').volume.hostPath.path).toBe('/var/lib/k0s/kubelet/plugins/ebs.csi.aws.com');
    expect(volumeOf('node-driver-registrar', '/registration').volume.hostPath.path).toBe('/var/lib/k0s/kubelet/plugins_registry');
    expect(container('node-driver-registrar').args).toEqual([
      '--csi-address=/csi/csi.sock',
      '--kubelet-registration-path=/var/lib/k0s/kubelet/plugins/ebs.csi.aws.com/csi.sock',
      '--http-endpoint=:9811',
    ]);
    expect(container('liveness-probe').args).toEqual(['--csi-address=/csi/csi.sock', '--health-port=9810']);
    expect(driver.livenessProbe.httpGet.port).toBe(9810);
    expect(container('node-driver-registrar').image).toBe('example.com/registrar:2.17.0');
    expect(container('liveness-probe').image).toBe('example.com/livenessprobe:2.19.0');
  });

  test('keeps the environment, resources and writable root filesystem given', () => {
    expect(driver.env).toContainEqual({ name: 'AWS_REGION', value: 'eu-west-1' });
    expect(driver.resources.limits.memory).toBe('512Mi');
    expect(driver.resources.requests.memory).toBe('64Mi');
    expect(driver.securityContext.readOnlyRootFilesystem).toBe(false);
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/no-read-only-root-fs']).toContain('the driver writes its mount helpers');
  });

  test('mounts the token with its reason, and schedules as asked', () => {
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(daemonSet.metadata.annotations['checkov.io/skip1']).toBeDefined();
    expect(Object.values(daemonSet.metadata.annotations)).toContainEqual(expect.stringContaining('CKV_K8S_38=serviceAccountToken: reads its Node'));
    expect(pod.tolerations).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.priorityClassName).toBe('storage-critical');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'storage': 'true' });
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } });
  });

  test('accepts OnDelete', () => {
    const { daemonSet: onDelete } = objects(plugin({ updateStrategy: DaemonSetUpdateStrategy.onDelete() }).c);
    expect(onDelete.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });
});

describe('CsiNodePluginDaemonSet with the options of every typed construct', () => {
  const { daemonSet, pod, container } = objects(plugin({
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    imagePullSecrets: ['registry-credentials'],
    podLabels: { team: 'storage' },
    podAnnotations: { 'backup.example.com/exclude': 'true' },
    envFrom: [kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart(), 'Driver', 'driver-settings'))],
    extraTolerations: [kplus.NodeTaintQuery.exists('storage-only')],
    extraNodeAffinity: [kplus.NodeLabelQuery.exists('topology.kubernetes.io/zone')],
    revisionHistoryLimit: 3,
    relaxations: [
      Relaxation.imagePullPolicy('csi-driver', 'the node image caches the driver, so a registry outage never stops volume mounts'),
      Relaxation.imagePullPolicy('node-driver-registrar', 'the node image caches the sidecars'),
      Relaxation.imagePullPolicy('liveness-probe', 'the node image caches the sidecars'),
      Relaxation.noLimit('csi-driver', ResourceLimit.MEMORY, 'mkfs of a large volume needs more memory than any bound we could set'),
    ],
  }).c);

  test('pulls every image as asked, with the pull Secrets, each tag with its reason', () => {
    expect(pod.containers.map((c: any) => c.imagePullPolicy)).toEqual(['IfNotPresent', 'IfNotPresent', 'IfNotPresent']);
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
    expect(Object.values(daemonSet.metadata.annotations).join('\n')).toContain('imagePullPolicy for container \'csi-driver\': the node image caches the driver');
  });

  test('adds the pod labels and annotations, the environment sources, tolerations, affinity and revision limit', () => {
    expect(daemonSet.spec.template.metadata.labels.team).toBe('storage');
    expect(daemonSet.spec.template.metadata.annotations['backup.example.com/exclude']).toBe('true');
    expect(container('csi-driver').envFrom).toEqual([{ configMapRef: { name: 'driver-settings' } }]);
    expect(pod.tolerations).toContainEqual({ key: 'storage-only', operator: 'Exists' });
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'Exists' }] },
    ]);
    expect(daemonSet.spec.revisionHistoryLimit).toBe(3);
  });

  test('leaves out the driver\'s memory limit, with its reason', () => {
    expect(container('csi-driver').resources.limits.memory).toBeUndefined();
    expect(container('csi-driver').resources.requests.memory).toBe('64Mi');
    expect(Object.values(daemonSet.metadata.annotations).join('\n')).toContain('no memory limit for container \'csi-driver\': mkfs of a large volume');
  });
});

describe('CsiNodePluginDaemonSet errors', () => {
  test.each([
    ['an upper-case name', 'Hostpath.CSI.k8s.io'],
    ['a name longer than 63 characters', `${'a'.repeat(60)}.example.com`],
    ['a name with a slash', 'example.com/csi'],
  ])('throws on a driver name that is %s', (_, driverName) => {
    expect(() => plugin({ driverName })).toThrow(`test/HostPath: 'driverName' is not a valid CSI driver name (received '${driverName}')`);
  });

  test('throws on a surge: the socket is the driver\'s alone', () => {
    expect(() => plugin({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) }) }))
      .toThrow('test/HostPath: \'updateStrategy.maxSurge\' cannot be used: the agent holds its CSI socket /var/lib/kubelet/plugins/hostpath.csi.k8s.io/csi.sock, which the kubelet calls, on its node');
  });

  test('throws on maxUnavailable 0 without a surge', () => {
    expect(() => plugin({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }) }))
      .toThrow('test/HostPath: \'updateStrategy.maxUnavailable\' cannot be 0 without a surge');
  });

  test('throws on an unpinned image', () => {
    expect(() => plugin({ image: 'registry.k8s.io/sig-storage/hostpathplugin' })).toThrow(/^test\/HostPath: 'image' is not pinned/);
    expect(() => plugin({ registrarImage: 'example.com/registrar:latest' })).toThrow(/^test\/HostPath: 'registrarImage' is not pinned/);
  });

  test('throws on an environment variable the construct sets', () => {
    expect(() => plugin({ env: { CSI_ENDPOINT: kplus.EnvValue.fromValue('unix:///tmp/x.sock') } }))
      .toThrow('test/HostPath: \'env.CSI_ENDPOINT\' is set by the construct');
  });

  test('throws on one port for both health endpoints', () => {
    expect(() => plugin({ healthPort: 9809 })).toThrow('test/HostPath: \'registrarHealthPort\' is the same port as healthPort');
  });

  test.each([['healthPort', 0], ['registrarHealthPort', 70000]])('throws on %s out of range', (prop, port) => {
    expect(() => plugin({ [prop]: port })).toThrow(`test/HostPath: '${prop}' is not a port number (received ${port})`);
  });

  test.each(['var/lib/kubelet', '/', '/var/lib/../kubelet'])('throws on the kubelet directory %s', kubeletDir => {
    expect(() => plugin({ kubeletDir })).toThrow('test/HostPath: \'kubeletDir\' is not an absolute directory without \'..\'');
  });

  test('throws on a container name a sidecar has', () => {
    expect(() => plugin({ containerName: 'liveness-probe' })).toThrow('test/HostPath: \'containerName\' is the name of a sidecar');
  });

  test.each([['name', 'Host_Path'], ['namespace', 'kube system'], ['containerName', 'Driver']])('throws on an invalid %s', (prop, value) => {
    expect(() => plugin({ [prop]: value })).toThrow(`test/HostPath: '${prop}' is not a valid name (received '${value}')`);
  });

  test.each(['writableRootFilesystem', 'serviceAccountToken'])('throws on an empty reason for %s', prop => {
    expect(() => plugin({ [prop]: ' ' })).toThrow(`test/HostPath: '${prop}' gives no reason`);
  });

  test('rejects at synth a Bidirectional mount patched onto a sidecar', () => {
    const { c, csi } = plugin();
    ApiObject.of(csi.daemonSet).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/1/volumeMounts/0/mountPropagation', 'Bidirectional'));
    expect(synthError(c)).toContain('\'containers[node-driver-registrar].volumeMounts[/csi].mountPropagation\' is Bidirectional on a container that is not privileged');
  });
});
