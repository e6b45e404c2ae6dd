import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { linkSelf, synthExample } from '../../scripts/synth-examples';
import { onlyOfKind, validateSchema } from '../util';

// The example runs against the compiled library (lib/), which `npm test` builds first.
linkSelf();

/** The flannel example, synthesized with the real `cdk8s synth`. */
function synthesizeFlannel(): any[] {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-flannel-'));
  return synthExample('flannel', outDir)
    .flatMap(file => parseAllDocuments(fs.readFileSync(path.join(outDir, file), 'utf-8')).map(d => d.toJS()))
    .filter(m => m);
}

describe('example flannel reproduces kube-flannel.yml', () => {
  const manifests = synthesizeFlannel();
  const one = (kind: string) => onlyOfKind(manifests, kind);
  const daemonSet = one('DaemonSet');
  const pod = daemonSet.spec.template.spec;
  const flanneld = pod.containers[0];
  const [installPlugin, installConfig] = pod.initContainers;
  const volume = (hostPath: string) => pod.volumes.find((v: any) => v.hostPath?.path === hostPath);
  const mountOf = (container: any, mountPath: string) => container.volumeMounts.find((m: any) => m.mountPath === mountPath);

  test('emits valid Kubernetes objects', () => {
    expect(manifests.map(m => m.kind).sort())
      .toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet', 'Namespace', 'ResourceQuota', 'ServiceAccount']);
    for (const manifest of manifests) {
      expect(() => validateSchema(manifest)).not.toThrow();
    }
  });

  test('admits system-node-critical in kube-flannel with a quota, where the cluster limits the class (GKE)', () => {
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(one('ResourceQuota')).toMatchObject({
      metadata: { name: 'flannel-critical-pods', namespace: 'kube-flannel' },
      spec: { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['system-node-critical'] }] } },
    });
  });

  test('creates the kube-flannel namespace with the privileged Pod Security level', () => {
    expect(one('Namespace').metadata).toEqual({
      name: 'kube-flannel',
      labels: { 'k8s-app': 'flannel', 'pod-security.kubernetes.io/enforce': 'privileged' },
    });
    for (const kind of ['DaemonSet', 'ConfigMap', 'ServiceAccount']) {
      expect(one(kind).metadata.namespace).toBe('kube-flannel');
    }
  });

  test('grants the flannel ClusterRole: pods get, nodes get/list/watch, nodes/status patch', () => {
    expect(one('ClusterRole').metadata.name).toBe('flannel');
    expect(one('ClusterRole').rules.map(({ apiGroups, resources, verbs }: any) => ({ apiGroups, resources, verbs }))).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
    ]);
    expect(one('ClusterRoleBinding').roleRef.name).toBe('flannel');
    expect(one('ClusterRoleBinding').subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'flannel', namespace: 'kube-flannel' }]);
    expect(pod.serviceAccountName).toBe('flannel');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('holds the flannel conflist and net-conf.json in the ConfigMap', () => {
    const data = one('ConfigMap').data;
    expect(JSON.parse(data['cni-conf.json'])).toEqual({
      name: 'cbr0',
      cniVersion: '0.3.1',
      plugins: [
        { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    });
    expect(JSON.parse(data['net-conf.json'])).toEqual({ Network: '10.244.0.0/16', EnableNFTables: false, Backend: { Type: 'vxlan' } });
  });

  test('copies the flannel CNI plugin into /opt/cni/bin first, then the conflist into /etc/cni/net.d', () => {
    expect(installPlugin).toMatchObject({
      name: 'install-cni-plugin',
      image: 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3',
      command: ['cp'],
      args: ['-f', '/flannel', '/opt/cni/bin/flannel'],
      volumeMounts: [{ name: 'cni-bin-dir', mountPath: '/opt/cni/bin', readOnly: false }],
    });
    expect(installConfig).toMatchObject({
      name: 'install-cni',
      image: 'ghcr.io/flannel-io/flannel:v0.28.9',
      imagePullPolicy: 'IfNotPresent',
      command: ['sh', '-c', [
        'set -eu',
        'rm -f "/etc/cni/net.d/.10-flannel.conflist.tmp"',
        'cp "/etc/kube-flannel/cni-conf.json" "/etc/cni/net.d/.10-flannel.conflist.tmp"',
        'mv -f "/etc/cni/net.d/.10-flannel.conflist.tmp" "/etc/cni/net.d/10-flannel.conflist"',
      ].join('\n')],
    });
    expect(mountOf(installConfig, '/etc/cni/net.d').readOnly).toBe(false);
    expect(mountOf(installConfig, '/etc/kube-flannel').readOnly).toBe(true);
    expect(volume('/opt/cni/bin').hostPath.type).toBe('DirectoryOrCreate');
    expect(volume('/etc/cni/net.d').hostPath.type).toBe('DirectoryOrCreate');
  });

  test('runs flanneld with --ip-masq --kube-subnet-mgr and kube-flannel\'s environment', () => {
    expect(flanneld).toMatchObject({
      name: 'kube-flannel',
      image: 'ghcr.io/flannel-io/flannel:v0.28.9',
      imagePullPolicy: 'IfNotPresent',
      command: ['/opt/bin/flanneld'],
      args: ['--ip-masq', '--kube-subnet-mgr', '--healthz-ip=127.0.0.1', '--healthz-port=8081'],
    });
    expect(flanneld.env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'EVENT_QUEUE_DEPTH', value: '5000' },
      { name: 'CONT_WHEN_CACHE_NOT_READY', value: 'false' },
    ]);
    expect(flanneld.resources.requests).toMatchObject({ cpu: '100m', memory: '50Mi' });
    // No memory limit, as kube-flannel.yml: an OOM-killed flanneld leaves the node's new pods without network.
    expect(flanneld.resources.limits.memory).toBeUndefined();
  });

  test('probes flanneld as kube-flannel.yml does, on the loopback: alive while /healthz answers, ready when /readyz does', () => {
    // On the node's loopback, as a declared host port (a hostIP without hostPort draws the API server's warning).
    expect(flanneld.ports).toEqual([{ name: 'healthz', containerPort: 8081, hostPort: 8081, hostIP: '127.0.0.1' }]);
    expect(Object.values(daemonSet.metadata.annotations)).toContain(
      'CKV_K8S_26=hostPort 8081: flanneld serves its health endpoint on the node\'s loopback only (127.0.0.1), where the kubelet probes it');
    expect(daemonSet.metadata.annotations['polaris.fairwinds.com/hostPortSet-exempt']).toBe('true');
    expect(flanneld.livenessProbe).toEqual({
      httpGet: { host: '127.0.0.1', path: '/healthz', port: 8081, scheme: 'HTTP' }, failureThreshold: 3, initialDelaySeconds: 10, periodSeconds: 30,
    });
    expect(flanneld.readinessProbe).toEqual({
      httpGet: { host: '127.0.0.1', path: '/readyz', port: 8081, scheme: 'HTTP' }, failureThreshold: 3, initialDelaySeconds: 5, periodSeconds: 10,
    });
  });

  test('gives flanneld NET_ADMIN and NET_RAW, not privileged, as root', () => {
    expect(flanneld.securityContext).toMatchObject({
      privileged: false,
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
      runAsUser: 0,
    });
  });

  test('mounts /run/flannel writable, the xtables lock and the config, and no /lib/modules', () => {
    expect(mountOf(flanneld, '/run/flannel')).toMatchObject({ readOnly: false });
    expect(mountOf(flanneld, '/run/xtables.lock')).toMatchObject({ readOnly: false });
    expect(mountOf(flanneld, '/etc/kube-flannel')).toMatchObject({ readOnly: true });
    expect(volume('/run/xtables.lock').hostPath.type).toBe('FileOrCreate');
    expect(volume('/lib/modules')).toBeUndefined();
    expect(volume('/sys/fs/bpf')).toBeUndefined();
  });

  test('runs on the host network of every Linux node at system-node-critical priority', () => {
    expect(pod.hostNetwork).toBe(true);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('keeps kube-flannel\'s pod labels next to the stable selector', () => {
    expect(daemonSet.spec.template.metadata.labels).toMatchObject({ 'app': 'flannel', 'tier': 'node', 'k8s-app': 'flannel' });
    expect(daemonSet.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'flannel', 'app.kubernetes.io/instance': 'flannel' });
  });

  test('writes a reason for each of flannel\'s relaxations', () => {
    const annotations = daemonSet.metadata.annotations;
    expect(annotations['ignore-check.kube-linter.io/writable-host-mount']).toContain('writableHostPath /run/flannel: flanneld writes the node\'s subnet lease');
    expect(annotations['ignore-check.kube-linter.io/no-read-only-root-fs']).toContain('writableRootFilesystem for container \'kube-flannel\': the image\'s iptables wrapper');
    expect(annotations['ignore-check.kube-linter.io/privilege-escalation-container']).toContain('capabilities NET_ADMIN,NET_RAW for container \'kube-flannel\': flanneld creates the VXLAN device');
    expect(annotations['ignore-check.kube-linter.io/host-network']).toMatch(/^hostNetwork: .{20,}/);
  });
});
