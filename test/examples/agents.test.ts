import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { linkSelf, synthExample } from '../../scripts/synth-examples';
import { onlyOfKind } from '../util';

// The examples run against the compiled library (lib/), which `npm test` builds first. What each
// test asserts is a row of the example's README table of differences from its upstream manifest.
linkSelf();

function synthesize(name: string): any[] {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  return synthExample(name, outDir)
    .flatMap(file => parseAllDocuments(fs.readFileSync(path.join(outDir, file), 'utf-8')).map(d => d.toJS()))
    .filter(m => m);
}

describe('example glusterfs runs the guides\' GlusterFS DaemonSet', () => {
  const manifests = synthesize('glusterfs');
  const daemonSet = onlyOfKind(manifests, 'DaemonSet');
  const pod = daemonSet.spec.template.spec;
  const [glusterfs] = pod.containers;

  test('keeps the names, the namespace and the storage node selector', () => {
    expect(daemonSet.metadata).toMatchObject({ name: 'glusterfs-client', namespace: 'storage' });
    expect(glusterfs.name).toBe('glusterfs');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'storage': 'true' });
    expect(daemonSet.spec.template.metadata.labels.app).toBe('glusterfs-client');
    expect(onlyOfKind(manifests, 'Namespace').metadata).toEqual({ name: 'storage', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } });
  });

  test('pins a release instead of :latest', () => {
    expect(glusterfs.image).toBe('docker.io/gluster/gluster-centos:gluster4u0_centos7');
  });

  test('runs privileged with /var/lib/glusterd writable from the node, each with its reason', () => {
    expect(glusterfs.securityContext).toMatchObject({ privileged: true, runAsUser: 0, readOnlyRootFilesystem: false });
    expect(glusterfs.volumeMounts).toEqual([{ name: 'glusterfs-client', mountPath: '/var/lib/glusterd', readOnly: false }]);
    expect(pod.volumes).toEqual([{ name: 'glusterfs-client', hostPath: { path: '/var/lib/glusterd', type: 'DirectoryOrCreate' } }]);
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/writable-host-mount']).toMatch(/^writableHostPath \/var\/lib\/glusterd: glusterd keeps its peers/);
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/privileged-container']).toMatch(/^privileged for container 'glusterfs': glusterd mounts bricks/);
  });

  test('adds resources, the image\'s status probes, no surge and an ingress-closed NetworkPolicy', () => {
    expect(glusterfs.resources).toMatchObject({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1024Mi' } });
    expect(glusterfs.readinessProbe.exec.command).toEqual(['/usr/local/bin/status-probe.sh', 'readiness']);
    expect(glusterfs.livenessProbe.exec.command).toEqual(['/usr/local/bin/status-probe.sh', 'liveness']);
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(onlyOfKind(manifests, 'NetworkPolicy').spec.ingress).toEqual([]);
    expect(pod.automountServiceAccountToken).toBe(false);
  });
});

describe('example device-plugin runs NVIDIA\'s device plugin on the GPU nodes only', () => {
  const manifests = synthesize('device-plugin');
  const daemonSet = onlyOfKind(manifests, 'DaemonSet');
  const pod = daemonSet.spec.template.spec;
  const [plugin] = pod.containers;

  test('keeps the static manifest\'s names, image, toleration, priority and directory', () => {
    expect(daemonSet.metadata).toMatchObject({ name: 'nvidia-device-plugin-daemonset', namespace: 'kube-system' });
    expect(plugin).toMatchObject({ name: 'nvidia-device-plugin-ctr', image: 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0' });
    expect(pod.tolerations).toContainEqual({ key: 'nvidia.com/gpu', operator: 'Exists' });
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.volumes).toEqual([{ name: 'device-plugins', hostPath: { path: '/var/lib/kubelet/device-plugins', type: 'Directory' } }]);
    expect(daemonSet.spec.template.metadata.labels.name).toBe('nvidia-device-plugin-ds');
  });

  test('requires a GPU node label, as NVIDIA\'s Helm chart does', () => {
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.map((t: any) => t.matchExpressions)).toEqual([
      [{ key: 'feature.node.kubernetes.io/pci-10de.present', operator: 'In', values: ['true'] }],
      [{ key: 'feature.node.kubernetes.io/cpu-model.vendor_id', operator: 'In', values: ['NVIDIA'] }],
      [{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }],
    ]);
  });

  test('runs unprivileged as uid 0 with a read-only root filesystem, no surge and no token', () => {
    expect(plugin.securityContext).toMatchObject({
      privileged: false,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsUser: 0,
      readOnlyRootFilesystem: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(pod.automountServiceAccountToken).toBe(false);
  });
});

describe('example falco runs Falco with the modern eBPF probe', () => {
  const manifests = synthesize('falco');
  const daemonSet = onlyOfKind(manifests, 'DaemonSet');
  const pod = daemonSet.spec.template.spec;
  const [falco] = pod.containers;
  const hostPaths = pod.volumes.filter((v: any) => v.hostPath).map((v: any) => v.hostPath.path).sort();

  test('keeps the chart\'s image, arguments, environment, port and resources', () => {
    expect(falco.image).toBe('docker.io/falcosecurity/falco:0.44.1');
    expect(falco.args).toEqual(['/usr/bin/falco', '-o', 'engine.kind=modern_ebpf']);
    expect(falco.env.map((e: any) => e.name)).toEqual(['HOST_ROOT', 'FALCO_K8S_NODE_NAME']);
    expect(falco.ports).toEqual([{ name: 'web', containerPort: 8765 }]);
    expect(falco.resources).toMatchObject({ requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1', memory: '1024Mi' } });
  });

  test('replaces privileged with the four capabilities of the least-privileged mode', () => {
    expect(falco.securityContext).toMatchObject({ privileged: false, capabilities: { add: ['BPF', 'PERFMON', 'SYS_RESOURCE', 'SYS_PTRACE'], drop: ['ALL'] } });
  });

  test('reads the node read-only, in its PID namespace, with containerd\'s socket', () => {
    expect(pod.hostPID).toBe(true);
    expect(hostPaths).toEqual(['/boot', '/etc', '/lib/modules', '/proc', '/run/containerd/containerd.sock', '/sys/kernel', '/usr/src']);
    expect(falco.volumeMounts.filter((m: any) => m.name !== 'root-falco-fs').every((m: any) => m.readOnly === true)).toBe(true);
  });

  test('tolerates every taint in its own privileged namespace', () => {
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(daemonSet.metadata.namespace).toBe('falco');
    expect(onlyOfKind(manifests, 'Namespace').metadata.labels).toEqual({ 'pod-security.kubernetes.io/enforce': 'privileged' });
  });
});

describe('example filebeat runs the guides\' Filebeat DaemonSet as a log collector', () => {
  const manifests = synthesize('filebeat');
  const daemonSet = onlyOfKind(manifests, 'DaemonSet');
  const pod = daemonSet.spec.template.spec;
  const [filebeat] = pod.containers;
  const config = parse(onlyOfKind(manifests, 'ConfigMap').data['filebeat.yml']);
  const mount = (mountPath: string) => filebeat.volumeMounts.find((m: any) => m.mountPath === mountPath);

  test('keeps the names, namespace, arguments, node name and resources', () => {
    expect(daemonSet.metadata).toMatchObject({ name: 'filebeat', namespace: 'logging' });
    expect(onlyOfKind(manifests, 'ConfigMap').metadata.name).toBe('filebeat-config');
    expect(pod.serviceAccountName).toBe('filebeat');
    expect(filebeat.args).toEqual(['-c', '/etc/filebeat/filebeat.yml', '-e']);
    expect(filebeat.env).toEqual([
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'OUTPUT0_USERNAME', valueFrom: { secretKeyRef: { name: 'elasticsearch-credentials', key: 'username' } } },
      { name: 'OUTPUT0_PASSWORD', valueFrom: { secretKeyRef: { name: 'elasticsearch-credentials', key: 'password' } } },
    ]);
    expect(filebeat.resources).toMatchObject({ requests: { cpu: '100m', memory: '100Mi' }, limits: { memory: '200Mi' } });
    expect(daemonSet.spec.template.metadata.labels.app).toBe('filebeat');
  });

  test('reads /var/log and Docker\'s containers read-only and writes only its data directory', () => {
    expect(mount('/var/log').readOnly).toBe(true);
    expect(mount('/var/lib/docker/containers').readOnly).toBe(true);
    expect(mount('/var/lib/filebeat-data').readOnly).toBe(false);
    expect(pod.volumes).toContainEqual({ name: 'state', hostPath: { path: '/var/lib/filebeat-data', type: 'DirectoryOrCreate' } });
    expect(config['path.data']).toBe('/var/lib/filebeat-data');
  });

  test('ships to the guide\'s Elasticsearch, as uid 0 without privilege', () => {
    expect(config['output.elasticsearch']).toEqual({
      hosts: ['http://elasticsearch.logging.svc.cluster.local:9200'], index: 'logs-%{+yyyy.MM.dd}', username: '${OUTPUT0_USERNAME}', password: '${OUTPUT0_PASSWORD}',
    });
    expect(filebeat.imagePullPolicy).toBe('Always');
    expect(config['filebeat.inputs'][0].parsers).toEqual([{ container: { stream: 'all', format: 'auto' } }]);
    expect(filebeat.image).toBe('docker.elastic.co/beats/filebeat-wolfi:9.5.2');
    expect(filebeat.securityContext).toMatchObject({ privileged: false, runAsUser: 0, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
  });
});

describe('example calico runs the guides\' calico-node as a CniDaemonSet', () => {
  const manifests = synthesize('calico');
  const daemonSet = onlyOfKind(manifests, 'DaemonSet');
  const pod = daemonSet.spec.template.spec;
  const [installCni, installConfig] = pod.initContainers;
  const [agent] = pod.containers;
  const hostPath = (container: any, mountPath: string) => {
    const mount = container.volumeMounts.find((m: any) => m.mountPath === mountPath);
    return { readOnly: mount.readOnly, ...pod.volumes.find((v: any) => v.name === mount.name).hostPath };
  };

  test('runs calico\'s installer before the library\'s config install, both filling in calico\'s template for the node', () => {
    expect(installCni).toMatchObject({ name: 'install-cni', image: 'quay.io/calico/cni:v3.32.1', command: ['/opt/cni/bin/install'], imagePullPolicy: 'IfNotPresent' });
    expect(installCni.env).toContainEqual({ name: 'CNI_NETWORK_CONFIG', valueFrom: { configMapKeyRef: { name: 'calico-node-cfg', key: 'cni-conf.json' } } });
    expect(installCni.env).toContainEqual({ name: 'CNI_NET_DIR', value: '/etc/cni/net.d' });
    expect(hostPath(installCni, '/host/opt/cni/bin')).toEqual({ readOnly: false, path: '/opt/cni/bin', type: 'DirectoryOrCreate' });
    expect(hostPath(installCni, '/host/etc/cni/net.d')).toEqual({ readOnly: false, path: '/etc/cni/net.d', type: 'DirectoryOrCreate' });
    expect(installCni.securityContext).toMatchObject({ privileged: false, runAsUser: 0, capabilities: { drop: ['ALL'] } });
    // The ConfigMap holds calico.yaml's template; the library's installer fills it in and renames it into place.
    const template = onlyOfKind(manifests, 'ConfigMap').data['cni-conf.json'];
    expect(template).toContain('"nodename": "__KUBERNETES_NODE_NAME__"');
    expect(template).toContain('"mtu": __CNI_MTU__');
    expect(template).toContain('"kubeconfig": "__KUBECONFIG_FILEPATH__"');
    expect(JSON.parse(template.replace('__CNI_MTU__', '0')).plugins.map((p: any) => p.type)).toEqual(['calico', 'portmap', 'bandwidth']);
    expect(installConfig.name).toBe('install-cni-config');
    expect(installConfig.env).toEqual(expect.arrayContaining([
      { name: 'CNI_MTU', value: '0' },
      { name: 'KUBECONFIG_FILEPATH', value: '/etc/cni/net.d/calico-kubeconfig' },
      { name: 'KUBERNETES_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ]));
    expect(installConfig.command[2]).toContain('mv -f "/etc/cni/net.d/.10-calico.conflist.tmp" "/etc/cni/net.d/10-calico.conflist"');
  });

  test('runs calico-node privileged on the host network with the guide\'s mounts', () => {
    expect(daemonSet.metadata).toMatchObject({ name: 'calico-node', namespace: 'kube-system' });
    expect(agent).toMatchObject({ name: 'calico-node', image: 'quay.io/calico/node:v3.32.1' });
    expect(agent.securityContext).toMatchObject({ privileged: true });
    expect(pod.hostNetwork).toBe(true);
    expect(hostPath(agent, '/lib/modules')).toEqual({ readOnly: true, path: '/lib/modules', type: 'Directory' });
    for (const dir of ['/var/run/calico', '/var/lib/calico', '/var/run/nodeagent']) {
      expect(hostPath(agent, dir)).toEqual({ readOnly: false, path: dir, type: 'DirectoryOrCreate' });
    }
    expect(hostPath(agent, '/host/etc/cni/net.d')).toMatchObject({ readOnly: false, path: '/etc/cni/net.d' });
    expect(agent.env).toContainEqual({ name: 'DATASTORE_TYPE', value: 'kubernetes' });
    expect(agent.resources.requests).toMatchObject({ cpu: '250m', memory: '128Mi' });
    expect(agent.resources.limits.cpu).toBe('1');
    expect(agent.resources.limits.memory).toBeUndefined();
    expect(Object.values(daemonSet.metadata.annotations).join('\n')).toContain('no memory limit for container \'calico-node\'');
    expect([...pod.initContainers, ...pod.containers].map((c: any) => c.imagePullPolicy)).toEqual(['IfNotPresent', 'IfNotPresent', 'IfNotPresent']);
  });

  test('probes felix and bird with calico\'s own commands', () => {
    expect(agent.livenessProbe.exec.command).toEqual(['/bin/calico-node', '-felix-live', '-bird-live']);
    expect(agent.readinessProbe.exec.command).toEqual(['/bin/calico-node', '-felix-ready', '-bird-ready']);
  });

  test('creates no ClusterRole of its own, tolerates every taint, and rolls one node at a time', () => {
    expect(manifests.map(m => m.kind).sort()).toEqual(['ConfigMap', 'DaemonSet', 'ServiceAccount']);
    expect(pod.serviceAccountName).toBe('calico-node');
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(daemonSet.spec.template.metadata.labels['k8s-app']).toBe('calico-node');
  });
});
