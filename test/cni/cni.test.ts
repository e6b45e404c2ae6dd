import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AppArmorProfile, CniConfig, CniDaemonSet, CniDaemonSetProps, CniPaths, CniPrivilege, CniRbac, DaemonSetUpdateStrategy, RelabelAction, Relaxation,
} from '../../src';
import { chart, checkovSkip, onlyOfKind, synth, synthError } from '../util';

const CONFLIST = {
  name: 'examplenet',
  cniVersion: '1.0.0',
  plugins: [{ type: 'example', ipam: { type: 'host-local', subnet: '10.1.0.0/16' } }, { type: 'portmap', capabilities: { portMappings: true } }],
};

const BINARIES = { image: 'example.com/cni-plugins:1.0.0', command: ['cp'], args: ['-f', '/example', '/opt/cni/bin/example'] };

function cni(props: Partial<CniDaemonSetProps> = {}, c: Chart = chart()) {
  const construct = new CniDaemonSet(c, 'ExampleNet', {
    image: 'example.com/cni-agent:1.0.0',
    conflist: CniConfig.fromConflist(CONFLIST),
    cniBinaries: BINARIES,
    ...props,
  });
  return { c, cni: construct };
}

/** All objects of the synthesized chart (each validated against the Kubernetes schema), by kind. */
function objects(c: Chart) {
  const manifests = synth(c);
  const one = (kind: string) => onlyOfKind(manifests, kind);
  const daemonSet = one('DaemonSet');
  const pod = daemonSet.spec.template.spec;
  const container = (name: string) => [...pod.initContainers ?? [], ...pod.containers].find((x: any) => x.name === name);
  const volume = (name: string) => pod.volumes.find((v: any) => v.name === name);
  const mount = (containerName: string, mountPath: string) => container(containerName).volumeMounts.find((m: any) => m.mountPath === mountPath);
  return { manifests, one, daemonSet, pod, container, volume, mount, agent: container('cni-agent') };
}

describe('CniDaemonSet defaults', () => {
  const { c } = cni();
  const { manifests, one, daemonSet, pod, container, volume, mount, agent } = objects(c);
  const annotations = daemonSet.metadata.annotations;

  test('creates a DaemonSet, a ConfigMap, a ServiceAccount, a ClusterRole and its binding, all valid', () => {
    expect(manifests.map(m => m.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet', 'ServiceAccount']);
  });

  test('deploys the namespaced objects into kube-system', () => {
    expect(daemonSet.metadata.namespace).toBe('kube-system');
    expect(one('ConfigMap').metadata.namespace).toBe('kube-system');
    expect(one('ServiceAccount').metadata.namespace).toBe('kube-system');
  });

  test('names the objects after the construct id', () => {
    expect(daemonSet.metadata.name).toBe('example-net');
    expect(one('ServiceAccount').metadata.name).toBe('example-net');
    expect(one('ClusterRole').metadata.name).toBe('example-net');
    expect(one('ClusterRoleBinding').metadata.name).toBe('example-net');
    expect(one('ConfigMap').metadata.name).toBe('example-net-cfg');
    expect(daemonSet.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'example-net', 'app.kubernetes.io/instance': 'example-net' });
  });

  test('runs on the host network, with the reason in the exemption annotations', () => {
    expect(pod.hostNetwork).toBe(true);
    expect(annotations['ignore-check.kube-linter.io/host-network']).toMatch(/^hostNetwork: configures the node's network \(interfaces, routes, iptables\) before any pod network exists$/);
    expect(annotations['polaris.fairwinds.com/hostNetworkSet-exempt']).toBe('true');
    expect(Object.values(annotations)).toContainEqual(expect.stringMatching(/^CKV_K8S_19=hostNetwork: configures the node's network/));
  });

  test('uses the node\'s DNS resolver, since cluster DNS needs the CNI first', () => {
    expect(pod.dnsPolicy).toBe('Default');
  });

  test('uses the system-node-critical priority class', () => {
    expect(pod.priorityClassName).toBe('system-node-critical');
  });

  test('tolerates every taint (operator Exists, no key, no effect)', () => {
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('selects Linux nodes', () => {
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('installs the binaries first, then the conflist, with init containers', () => {
    expect(pod.initContainers.map((x: any) => x.name)).toEqual(['install-cni-binaries', 'install-cni-config']);
  });

  test('installs the binaries into /opt/cni/bin, mounted writable, DirectoryOrCreate', () => {
    const installer = container('install-cni-binaries');
    expect(installer.image).toBe(BINARIES.image);
    expect(installer.command).toEqual(['cp']);
    expect(installer.args).toEqual(['-f', '/example', '/opt/cni/bin/example']);
    expect(installer.volumeMounts).toEqual([{ name: 'cni-bin-dir', mountPath: '/opt/cni/bin', readOnly: false }]);
    expect(volume('cni-bin-dir')).toEqual({ name: 'cni-bin-dir', hostPath: { path: '/opt/cni/bin', type: 'DirectoryOrCreate' } });
  });

  test('installs the conflist from the ConfigMap into /etc/cni/net.d through a temporary file and a rename, mounted writable, DirectoryOrCreate', () => {
    const installer = container('install-cni-config');
    expect(installer.image).toBe('example.com/cni-agent:1.0.0');
    expect(installer.command).toEqual(['sh', '-c', [
      'set -eu',
      'rm -f "/etc/cni/net.d/.10-examplenet.conflist.tmp"',
      'cp "/etc/cni-config/cni-conf.json" "/etc/cni/net.d/.10-examplenet.conflist.tmp"',
      'mv -f "/etc/cni/net.d/.10-examplenet.conflist.tmp" "/etc/cni/net.d/10-examplenet.conflist"',
    ].join('\n')]);
    expect(installer.args).toBeUndefined();
    expect(mount('install-cni-config', '/etc/cni/net.d')).toEqual({ name: 'cni-net-dir', mountPath: '/etc/cni/net.d', readOnly: false });
    expect(mount('install-cni-config', '/etc/cni-config')).toEqual({ name: 'cni-config', mountPath: '/etc/cni-config', readOnly: true });
    expect(volume('cni-net-dir')).toEqual({ name: 'cni-net-dir', hostPath: { path: '/etc/cni/net.d', type: 'DirectoryOrCreate' } });
    expect(volume('cni-config')).toEqual({ name: 'cni-config', configMap: { name: 'example-net-cfg' } });
  });

  test('declares the two writable CNI directories with reasons', () => {
    const writable = annotations['ignore-check.kube-linter.io/writable-host-mount'];
    expect(writable).toContain('writableHostPath /opt/cni/bin: the runtime runs the CNI plugin binaries installed here');
    expect(writable).toContain('writableHostPath /etc/cni/net.d: the runtime reads the CNI configuration installed here');
  });

  test('runs the init containers as root with no capability and a read-only root filesystem', () => {
    for (const name of ['install-cni-binaries', 'install-cni-config']) {
      expect(container(name).securityContext).toMatchObject({
        runAsUser: 0,
        runAsGroup: 0,
        runAsNonRoot: false,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container(name).securityContext.capabilities.add).toBeUndefined();
    }
    // One reason for both installers, written once for the two.
    expect(annotations['ignore-check.kube-linter.io/run-as-non-root'])
      .toContain('runAsRoot for containers \'install-cni-binaries\', \'install-cni-config\': writes into the node\'s root-owned CNI directories; ');
  });

  test('keeps its exemption annotations short: each reason once per annotation, whatever the number of containers', () => {
    // 25 annotations in 3.6 KB with the binaries installer, where 20 took 4.0 KB before the
    // image-pull and memory-limit exemptions were added.
    expect(Object.keys(annotations)).toHaveLength(25);
    expect(JSON.stringify(annotations).length).toBeLessThan(3700);
    // A checkov check that pairs with another points to the other's reason.
    expect(checkovSkip(annotations, 'CKV_K8S_40')).toBe('CKV_K8S_40=runAsRoot for containers \'install-cni-binaries\', \'install-cni-config\' (reason under CKV_K8S_23); '
      + 'runAsRoot for container \'cni-agent\' (reason under CKV_K8S_23)');
    for (const value of Object.values<string>(annotations)) {
      const reasons = value.replace(/^CKV2?_K8S_\d+=/, '').split(/; (?=[a-zA-Z]+ [^:]*: |[a-zA-Z]+: )/);
      expect(new Set(reasons).size).toBe(reasons.length);
    }
  });

  test('mounts /lib/modules read-only in the agent, with its reason', () => {
    expect(mount('cni-agent', '/lib/modules')).toEqual({ name: 'lib-modules', mountPath: '/lib/modules', readOnly: true });
    expect(volume('lib-modules')).toEqual({ name: 'lib-modules', hostPath: { path: '/lib/modules', type: 'Directory' } });
    expect(annotations['ignore-check.kube-linter.io/sensitive-host-mounts']).toContain('hostPath /lib/modules: loads the datapath\'s kernel modules');
  });

  test('mounts /run/xtables.lock writable in the agent, FileOrCreate, with its reason', () => {
    expect(mount('cni-agent', '/run/xtables.lock')).toEqual({ name: 'xtables-lock', mountPath: '/run/xtables.lock', readOnly: false });
    expect(volume('xtables-lock')).toEqual({ name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } });
    expect(annotations['ignore-check.kube-linter.io/writable-host-mount']).toContain('writableHostPath /run/xtables.lock: the iptables lock, shared with kube-proxy');
  });

  test('mounts the ConfigMap read-only in the agent and no BPF filesystem', () => {
    expect(mount('cni-agent', '/etc/cni-config')).toEqual({ name: 'cni-config', mountPath: '/etc/cni-config', readOnly: true });
    expect(agent.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/etc/cni-config', '/lib/modules', '/run/xtables.lock']);
    expect(pod.volumes.map((v: any) => v.hostPath?.path).filter((p: any) => p).sort()).toEqual(['/etc/cni/net.d', '/lib/modules', '/opt/cni/bin', '/run/xtables.lock']);
  });

  test('runs the agent as root with NET_ADMIN and NET_RAW only, not privileged, hardened otherwise', () => {
    expect(agent.image).toBe('example.com/cni-agent:1.0.0');
    expect(agent.securityContext).toEqual({
      runAsUser: 0,
      runAsGroup: 0,
      runAsNonRoot: false,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('writes the reasons of the capabilities and of root into the annotations', () => {
    expect(annotations['ignore-check.kube-linter.io/privilege-escalation-container'])
      .toBe(`capabilities NET_ADMIN,NET_RAW for container 'cni-agent': ${CniPrivilege.DEFAULT_REASON}`);
    expect(annotations['ignore-check.kube-linter.io/run-as-non-root']).toContain('runAsRoot for container \'cni-agent\': added capabilities take effect only for uid 0');
    expect(annotations['ignore-check.kube-linter.io/privileged-container']).toBeUndefined();
  });

  test('gives every exemption annotation a reason', () => {
    for (const [key, value] of Object.entries<string>(annotations)) {
      if (key.startsWith('ignore-check.kube-linter.io/')) {
        expect(value).toMatch(/: .{10,}/);
      }
      if (key.startsWith('checkov.io/skip')) {
        // The reason itself, or a pointer to the paired check that carries it.
        expect(value).toMatch(/^CKV2?_K8S_\d+=.+(: .{10,}| \(reason under CKV2?_K8S_\d+\))$/);
      }
    }
  });

  test('rolls out one node at a time, without surge', () => {
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('gives a stopping agent 10 seconds', () => {
    expect(pod.terminationGracePeriodSeconds).toBe(10);
  });

  test('mounts the token of its own ServiceAccount in the pods only', () => {
    expect(pod.serviceAccountName).toBe('example-net');
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(one('ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('grants get, list and watch on nodes, pods and namespaces, nothing else', () => {
    const read = (resource: string) => ({ apiGroups: [''], resources: [resource], resourceNames: [], verbs: ['get', 'list', 'watch'] });
    expect(one('ClusterRole').rules).toEqual([read('nodes'), read('pods'), read('namespaces')]);
    expect(one('ClusterRole').metadata.annotations).toBeUndefined();
  });

  test('binds the ClusterRole to the ServiceAccount', () => {
    const binding = one('ClusterRoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'example-net' });
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'example-net', namespace: 'kube-system' }]);
  });

  test('stores the conflist in the ConfigMap as cni-conf.json', () => {
    const data = one('ConfigMap').data;
    expect(Object.keys(data)).toEqual(['cni-conf.json']);
    expect(JSON.parse(data['cni-conf.json'])).toEqual(CONFLIST);
  });

  test('annotates the pod template with a checksum of the ConfigMap, so a config change rolls the pods', () => {
    const expected = createHash('sha256').update(JSON.stringify(one('ConfigMap').data)).digest('hex');
    expect(daemonSet.spec.template.metadata.annotations).toEqual({ 'checksum/config': expected });
  });

  test('sizes the agent for a CNI agent, with no memory limit, and the init containers for a copy', () => {
    expect(agent.resources.requests).toMatchObject({ cpu: '100m', memory: '128Mi' });
    expect(agent.resources.limits).toEqual({ 'cpu': '1', 'ephemeral-storage': '256Mi' });
    expect(checkovSkip(daemonSet.metadata.annotations, 'CKV_K8S_13'))
      .toBe('CKV_K8S_13=no memory limit for container \'cni-agent\': grows with the cluster; an OOM kill leaves new pods without network (calico, cilium and flannel set none)');
    expect(container('install-cni-config').resources).toMatchObject({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } });
  });

  test('has no probes, command, args or env unless given', () => {
    for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe', 'command', 'args', 'env', 'ports']) {
      expect(agent[field]).toBeUndefined();
    }
  });
});

describe('CniDaemonSet customised', () => {
  test('installs no binaries without cniBinaries, and does not mount /opt/cni/bin', () => {
    const { c } = cni({ cniBinaries: undefined });
    const { pod, daemonSet } = objects(c);
    expect(pod.initContainers.map((x: any) => x.name)).toEqual(['install-cni-config']);
    expect(pod.volumes.find((v: any) => v.hostPath?.path === '/opt/cni/bin')).toBeUndefined();
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/writable-host-mount']).not.toContain('/opt/cni/bin');
  });

  test('runs a privileged agent with privilege escalation allowed and the reason written', () => {
    const { c } = cni({ privilege: CniPrivilege.privileged('loads eBPF programs into the kernel') });
    const { agent, daemonSet } = objects(c);
    expect(agent.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, runAsUser: 0 });
    // A privileged container has every capability and no seccomp filter: nothing misleading is written.
    expect(agent.securityContext.capabilities).toBeUndefined();
    expect(agent.securityContext.seccompProfile).toBeUndefined();
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/privileged-container'])
      .toBe('privileged for container \'cni-agent\': loads eBPF programs into the kernel');
  });

  test('mounts /sys/fs/bpf writable with Bidirectional propagation in a privileged agent', () => {
    const { c } = cni({ privilege: CniPrivilege.privileged('pins eBPF maps'), mountBpf: true });
    const { mount, volume, daemonSet } = objects(c);
    expect(mount('cni-agent', '/sys/fs/bpf')).toEqual({ name: 'bpf-maps', mountPath: '/sys/fs/bpf', readOnly: false, mountPropagation: 'Bidirectional' });
    expect(volume('bpf-maps')).toEqual({ name: 'bpf-maps', hostPath: { path: '/sys/fs/bpf', type: 'DirectoryOrCreate' } });
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/writable-host-mount']).toContain('writableHostPath /sys/fs/bpf: pins eBPF maps');
  });

  test('adds the named capabilities, without CAP_ and duplicates', () => {
    const { c } = cni({ privilege: CniPrivilege.capabilities(['CAP_NET_ADMIN', 'NET_ADMIN', 'BPF', 'PERFMON'], 'programs the eBPF datapath') });
    const { agent, daemonSet } = objects(c);
    expect(agent.securityContext.capabilities).toEqual({ add: ['NET_ADMIN', 'BPF', 'PERFMON'], drop: ['ALL'] });
    expect(agent.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/privilege-escalation-container'])
      .toBe('capabilities NET_ADMIN,BPF,PERFMON for container \'cni-agent\': programs the eBPF datapath');
  });

  test('allows privilege escalation, with its reason, when SYS_ADMIN is added (the API server requires it)', () => {
    const { c } = cni({ privilege: CniPrivilege.capabilities(['NET_ADMIN', 'SYS_ADMIN'], 'mounts the BPF filesystem') });
    const { agent, daemonSet } = objects(c);
    expect(agent.securityContext).toMatchObject({ privileged: false, allowPrivilegeEscalation: true });
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/privilege-escalation-container'])
      .toContain('privilegeEscalation for container \'cni-agent\': the API server requires allowPrivilegeEscalation with SYS_ADMIN');
  });

  test('updates only pods deleted by hand with OnDelete', () => {
    const { c } = cni({ updateStrategy: DaemonSetUpdateStrategy.onDelete() });
    expect(objects(c).daemonSet.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('keeps the given maxUnavailable, still without surge', () => {
    const { c } = cni({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }) });
    expect(objects(c).daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } });
  });

  test('uses one node at a time for a rolling update without options, and accepts an explicit zero surge', () => {
    const { c } = cni({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(0) }) });
    expect(objects(c).daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('uses the given termination grace period', () => {
    const { c, cni: construct } = cni({ terminationGracePeriod: Duration.seconds(1) });
    expect(objects(c).pod.terminationGracePeriodSeconds).toBe(1);
    expect(construct.terminationGracePeriod.toSeconds()).toBe(1);
  });

  test('uses the given name and namespace for every object', () => {
    const { c } = cni({ name: 'calico-node', namespace: 'calico-system' });
    const { one, daemonSet, pod } = objects(c);
    expect(daemonSet.metadata).toMatchObject({ name: 'calico-node', namespace: 'calico-system' });
    expect(one('ConfigMap').metadata).toEqual({ name: 'calico-node-cfg', namespace: 'calico-system' });
    expect(one('ServiceAccount').metadata).toEqual({ name: 'calico-node', namespace: 'calico-system' });
    expect(one('ClusterRoleBinding').subjects[0]).toMatchObject({ name: 'calico-node', namespace: 'calico-system' });
    expect(pod.serviceAccountName).toBe('calico-node');
  });

  test('grants exactly the declared rules, one per API group and resource', () => {
    const { c } = cni({
      clusterRoleRules: [
        { resources: ['pods'], verbs: ['get'] },
        ...CniRbac.patchNodeStatus(),
        { apiGroups: ['crd.projectcalico.org', 'networking.k8s.io'], resources: ['ippools'], verbs: ['list', 'watch'] },
      ],
    });
    expect(objects(c).one('ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], resourceNames: [], verbs: ['get'] },
      { apiGroups: [''], resources: ['nodes/status'], resourceNames: [], verbs: ['patch'] },
      { apiGroups: ['crd.projectcalico.org'], resources: ['ippools'], resourceNames: [], verbs: ['list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ippools'], resourceNames: [], verbs: ['list', 'watch'] },
    ]);
  });

  test('creates no ClusterRole and no binding for an empty rule list', () => {
    const { c, cni: construct } = cni({ clusterRoleRules: [] });
    const kinds = synth(c).map(m => m.kind);
    expect(kinds).not.toContain('ClusterRole');
    expect(kinds).not.toContain('ClusterRoleBinding');
    expect(construct.clusterRole).toBeUndefined();
  });

  test('accepts a wildcard rule with a reason, written on the ClusterRole for the checkers', () => {
    const { c } = cni({
      clusterRoleRules: [{ apiGroups: ['cilium.io'], resources: ['*'], verbs: ['*'] }],
      wildcardRbacReason: 'manages every cilium.io resource it owns',
    });
    expect(objects(c).one('ClusterRole').metadata.annotations).toEqual({
      'ignore-check.kube-linter.io/wildcard-in-rules': 'wildcard RBAC: manages every cilium.io resource it owns',
      'checkov.io/skip1': 'CKV_K8S_49=wildcard RBAC: manages every cilium.io resource it owns',
    });
  });

  test('takes the conflist as JSON, with its file name, more config data and a config mount path', () => {
    const json = '{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel","delegate":{"hairpinMode":true}}]}';
    const { c } = cni({
      conflist: CniConfig.fromJson(json),
      conflistFileName: '10-flannel.conflist',
      configData: { 'net-conf.json': '{"Network":"10.244.0.0/16"}' },
      configMountPath: '/etc/kube-flannel/',
    });
    const { one, container, mount } = objects(c);
    expect(JSON.parse(one('ConfigMap').data['cni-conf.json'])).toEqual(JSON.parse(json));
    expect(one('ConfigMap').data['net-conf.json']).toBe('{"Network":"10.244.0.0/16"}');
    expect(container('install-cni-config').command[2]).toContain('cp "/etc/kube-flannel/cni-conf.json" "/etc/cni/net.d/.10-flannel.conflist.tmp"');
    expect(mount('cni-agent', '/etc/kube-flannel')).toEqual({ name: 'cni-config', mountPath: '/etc/kube-flannel', readOnly: true });
  });

  test('writes the disableCheck flag of a typed conflist', () => {
    const { c } = cni({ conflist: CniConfig.fromConflist({ ...CONFLIST, disableCheck: true }) });
    expect(JSON.parse(objects(c).one('ConfigMap').data['cni-conf.json'])).toEqual({ ...CONFLIST, disableCheck: true });
  });

  test('changes the config checksum when the conflist changes', () => {
    const checksum = (conflist: CniConfig) => objects(cni({ conflist }).c).daemonSet.spec.template.metadata.annotations['checksum/config'];
    expect(checksum(CniConfig.fromConflist(CONFLIST))).not.toBe(checksum(CniConfig.fromConflist({ ...CONFLIST, cniVersion: '0.4.0' })));
  });

  test('installs the config with the given image and container name', () => {
    const { c } = cni({ configInstall: { image: 'example.com/busybox:1.36', name: 'install-cni' } });
    const { pod } = objects(c);
    expect(pod.initContainers[1]).toMatchObject({ name: 'install-cni', image: 'example.com/busybox:1.36' });
  });

  test('keeps the resources given and fills the missing ones from the CNI defaults', () => {
    const { c } = cni({
      resources: { cpu: { limit: kplus.Cpu.millis(50) }, memory: { request: Size.gibibytes(1) }, ephemeralStorage: { limit: Size.gibibytes(2) } },
      cniBinaries: { ...BINARIES, resources: { cpu: { request: kplus.Cpu.millis(10) } } },
    });
    const { agent, container } = objects(c);
    expect(agent.resources.requests).toEqual({ 'cpu': '50m', 'memory': '1024Mi', 'ephemeral-storage': '64Mi' });
    expect(agent.resources.limits).toEqual({ 'cpu': '50m', 'ephemeral-storage': '2Gi' });
    expect(container('install-cni-binaries').resources.requests.cpu).toBe('10m');
  });

  test('sets the given probes, command, args and env on the agent', () => {
    const { c } = cni({
      command: ['/opt/bin/agent'],
      args: ['--ip-masq'],
      env: { NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME), LOG_LEVEL: kplus.EnvValue.fromValue('info') },
      liveness: kplus.Probe.fromHttpGet('/liveness', { port: 9099 }),
      readiness: kplus.Probe.fromCommand(['/bin/ready']),
      startup: kplus.Probe.fromTcpSocket({ port: 9099 }),
    });
    const { agent } = objects(c);
    expect(agent.command).toEqual(['/opt/bin/agent']);
    expect(agent.args).toEqual(['--ip-masq']);
    expect(agent.env).toEqual([
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'LOG_LEVEL', value: 'info' },
    ]);
    expect(agent.livenessProbe.httpGet).toMatchObject({ path: '/liveness', port: 9099 });
    expect(agent.readinessProbe.exec).toEqual({ command: ['/bin/ready'] });
    expect(agent.startupProbe.tcpSocket).toMatchObject({ port: 9099 });
  });

  test('mounts extra host paths read-only or writable, with their reasons and type defaults', () => {
    const { c } = cni({
      hostMounts: [
        { path: '/run/flannel', writable: true, reason: 'writes the subnet lease the plugin reads' },
        { path: '/var/lib/calico/', mountPath: '/host/var/lib/calico', reason: 'reads the node name calico recorded' },
        { path: '/run/netns', reason: 'reads pod network namespaces', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, volumeName: 'netns' },
      ],
    });
    const { mount, volume, daemonSet } = objects(c);
    expect(mount('cni-agent', '/run/flannel')).toEqual({ name: 'host-run-flannel', mountPath: '/run/flannel', readOnly: false });
    expect(volume('host-run-flannel').hostPath).toEqual({ path: '/run/flannel', type: 'DirectoryOrCreate' });
    expect(mount('cni-agent', '/host/var/lib/calico')).toEqual({ name: 'host-var-lib-calico', mountPath: '/host/var/lib/calico', readOnly: true });
    expect(volume('host-var-lib-calico').hostPath).toEqual({ path: '/var/lib/calico', type: 'Directory' });
    expect(volume('netns').hostPath).toEqual({ path: '/run/netns', type: 'DirectoryOrCreate' });
    const annotations = daemonSet.metadata.annotations;
    expect(annotations['ignore-check.kube-linter.io/writable-host-mount']).toContain('writableHostPath /run/flannel: writes the subnet lease the plugin reads');
    expect(annotations['ignore-check.kube-linter.io/sensitive-host-mounts']).toContain('hostPath /var/lib/calico: reads the node name calico recorded');
    expect(annotations['ignore-check.kube-linter.io/writable-host-mount']).not.toContain('/var/lib/calico');
  });

  test('makes the root filesystem writable only with a reason', () => {
    const { c } = cni({ writableRootFilesystem: 'the image rewrites its iptables symlinks on start' });
    const { agent, daemonSet } = objects(c);
    expect(agent.securityContext.readOnlyRootFilesystem).toBe(false);
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/no-read-only-root-fs'])
      .toBe('writableRootFilesystem for container \'cni-agent\': the image rewrites its iptables symlinks on start');
  });

  test('leaves out /lib/modules and the xtables lock, and their relaxations, when asked', () => {
    const { c, cni: construct } = cni({ mountLibModules: false, mountXtablesLock: false });
    const paths = objects(c).pod.volumes.map((v: any) => v.hostPath?.path).filter((p: any) => p);
    expect(paths.sort()).toEqual(['/etc/cni/net.d', '/opt/cni/bin']);
    expect(construct.daemonSet.relaxations.map(r => r.description)).not.toContainEqual(expect.stringMatching(/lib\/modules|xtables/));
  });

  test('uses the given container name, DNS policy, priority class and node labels', () => {
    const { c } = cni({
      containerName: 'kube-flannel',
      dnsPolicy: kplus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET,
      priorityClassName: 'cni-critical',
      nodeSelector: { 'node.kubernetes.io/instance-type': 'm5.large' },
    });
    const { pod } = objects(c);
    expect(pod.containers.map((x: any) => x.name)).toEqual(['kube-flannel']);
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(pod.priorityClassName).toBe('cni-critical');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'm5.large' });
  });

  test('keeps the cdk8s-plus API reachable: containers, mounts, relaxations and ClusterRole rules', () => {
    const { c, cni: construct } = cni();
    construct.agent.mount('/var/run/agent', kplus.Volume.fromHostPath(c, 'state', 'agent-state', { path: '/var/run/agent', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE }), { readOnly: false });
    construct.daemonSet.addRelaxation(Relaxation.writableHostPath('/var/run/agent', 'keeps the agent state across restarts'));
    construct.clusterRole!.allow(['create'], kplus.ApiResource.EVENTS);
    construct.configMap.addData('extra.json', '{}');
    const { mount, one, daemonSet } = objects(c);
    expect(mount('cni-agent', '/var/run/agent')).toEqual({ name: 'agent-state', mountPath: '/var/run/agent', readOnly: false });
    expect(one('ClusterRole').rules).toContainEqual({ apiGroups: [''], resources: ['events'], resourceNames: [], verbs: ['create'] });
    expect(one('ConfigMap').data['extra.json']).toBe('{}');
    expect(daemonSet.spec.template.metadata.annotations['checksum/config'])
      .toBe(createHash('sha256').update(JSON.stringify(one('ConfigMap').data)).digest('hex'));
  });

  test('synthesizes a chart with two CNI agents in different namespaces', () => {
    const c = new Chart(Testing.app(), 'test');
    cni({ name: 'a', namespace: 'net-a' }, c);
    new CniDaemonSet(c, 'Other', { image: 'example.com/cni-agent:1.0.0', conflist: CniConfig.fromConflist(CONFLIST), name: 'b', namespace: 'net-b' });
    expect(synth(c).filter(m => m.kind === 'DaemonSet').map(m => m.metadata.name)).toEqual(['a', 'b']);
  });

  test('exposes the resolved values', () => {
    const { cni: construct } = cni();
    expect(construct.name).toBe('example-net');
    expect(construct.namespace).toBe(CniDaemonSet.DEFAULT_NAMESPACE);
    expect(construct.conflistFileName).toBe('10-examplenet.conflist');
    expect(JSON.parse(construct.conflistJson)).toEqual(CONFLIST);
    expect(construct.privilege.addedCapabilities).toEqual(CniPrivilege.DEFAULT_CAPABILITIES);
    expect(construct.privilege.isPrivileged).toBe(false);
    expect(construct.terminationGracePeriod.toSeconds()).toBe(10);
    expect(construct.binariesInstaller?.name).toBe('install-cni-binaries');
    expect(construct.configInstaller.name).toBe('install-cni-config');
  });
});

describe('CniDaemonSet errors', () => {
  const build = (props: Partial<CniDaemonSetProps>) => () => cni(props);

  test('throws for mountBpf without a privileged agent (Bidirectional needs privileged)', () => {
    expect(build({ mountBpf: true })).toThrow(
      'test/ExampleNet: \'mountBpf\' needs a privileged agent: /sys/fs/bpf is mounted with Bidirectional propagation, which the API server only allows in a privileged container'
      + ' (received {"mountBpf":true,"privilege":"capabilities NET_ADMIN,NET_RAW"}). Allowed: mountBpf with privilege: CniPrivilege.privileged(reason).'
      + ' Fix: set privilege: CniPrivilege.privileged(\'<why>\'), or remove mountBpf');
  });

  test('throws for a conflist that is not JSON', () => {
    expect(build({ conflist: CniConfig.fromJson('{"name": "net",') })).toThrow(/^test\/ExampleNet: 'conflist' is not valid JSON: .*Fix: pass CniConfig.fromConflist/);
  });

  test.each([
    ['name', /'conflist' is missing name\. Allowed: a conflist with name, cniVersion and plugins/],
    ['cniVersion', /'conflist' is missing cniVersion\./],
    ['plugins', /'conflist' is missing plugins\./],
  ])('throws for a conflist without %s', (key, message) => {
    const conflist: any = { ...CONFLIST };
    delete conflist[key];
    expect(build({ conflist: CniConfig.fromJson(JSON.stringify(conflist)) })).toThrow(message);
  });

  test.each([
    ['a JSON array', '[]', /'conflist' is not a JSON object/],
    ['JSON null', 'null', /'conflist' is not a JSON object/],
    ['a single-plugin .conf', '{"name":"net","cniVersion":"1.0.0","type":"bridge"}', /'conflist' is a single-plugin network configuration \(\.conf\), not a configuration list/],
    ['an invalid network name', '{"name":"my net","cniVersion":"1.0.0","plugins":[{"type":"bridge"}]}', /'conflist' has an invalid network name "my net"/],
    ['an invalid cniVersion', '{"name":"net","cniVersion":"1","plugins":[{"type":"bridge"}]}', /'conflist' has an invalid cniVersion "1"/],
    ['no plugins', '{"name":"net","cniVersion":"1.0.0","plugins":[]}', /'conflist' has no plugins/],
    ['a plugin without type', '{"name":"net","cniVersion":"1.0.0","plugins":[{"type":"bridge"},{"ipam":{}}]}', /'conflist' has a plugin without a type \(plugins\[1\]\)/],
  ])('throws for a conflist that is %s', (_, json, message) => {
    expect(build({ conflist: CniConfig.fromJson(json) })).toThrow(message);
  });

  test('throws for a typed conflist without plugin types', () => {
    expect(build({ conflist: CniConfig.fromConflist({ name: 'net', cniVersion: '1.0.0', plugins: [{ ipam: {} }] }) }))
      .toThrow(/'conflist' has a plugin without a type \(plugins\[0\]\)/);
  });

  test('throws for a conflist file name that is not a .conflist', () => {
    expect(build({ conflistFileName: '10-net.conf' })).toThrow(
      'test/ExampleNet: \'conflistFileName\' is not a .conflist file name (received \'10-net.conf\'). Allowed: a file name without \'/\' ending in .conflist'
      + ' (the runtime reads a configuration list only from a .conflist file). Fix: use a name such as \'10-flannel.conflist\'');
    expect(build({ conflistFileName: '../10-net.conflist' })).toThrow(/'conflistFileName' is not a \.conflist file name/);
  });

  test('throws for configData that would replace the conflist, or has an invalid key', () => {
    expect(build({ configData: { 'cni-conf.json': '{}' } })).toThrow(/'configData.cni-conf.json' would replace the conflist/);
    expect(build({ configData: { 'net conf': '{}' } })).toThrow(/'configData' has an invalid key \(received 'net conf'\)/);
  });

  test.each([
    ['verbs', { resources: ['nodes'], verbs: ['*'] }],
    ['resources', { resources: ['*'], verbs: ['get'] }],
    ['apiGroups', { apiGroups: ['*'], resources: ['nodes'], verbs: ['get'] }],
  ])('throws for a wildcard in %s without wildcardRbacReason', (_, rule) => {
    expect(build({ clusterRoleRules: [...CniRbac.readNodesPodsNamespaces(), rule] })).toThrow(
      /^test\/ExampleNet: 'clusterRoleRules\[1\]' uses a wildcard \(\*\): it grants every current and future resource, group or verb .*Fix: name what the agent needs \(see CniRbac.readNodesPodsNamespaces\(\)\), or give wildcardRbacReason/);
  });

  test('rejects at synth a wildcard added through the ClusterRole without a reason', () => {
    const { c, cni: construct } = cni();
    construct.clusterRole!.allow(['*'], kplus.ApiResource.PODS);
    expect(synthError(c)).toMatch(/test\/ExampleNet: 'clusterRole.rules' uses a wildcard \(\*\).*Fix: name what the agent needs, or give wildcardRbacReason/);
  });

  test('rejects at synth a wildcardRbacReason that no rule uses', () => {
    const { c } = cni({ wildcardRbacReason: 'reads everything' });
    expect(synthError(c)).toMatch(/test\/ExampleNet: 'wildcardRbacReason' is given, but no rule of the ClusterRole uses a wildcard \(received 'reads everything'\).*Fix: remove wildcardRbacReason/);
  });

  test.each([
    ['resources', { resources: [], verbs: ['get'] }, /'clusterRoleRules\[0\].resources' is empty/],
    ['verbs', { resources: ['nodes'], verbs: [] }, /'clusterRoleRules\[0\].verbs' is empty/],
    ['apiGroups', { apiGroups: [], resources: ['nodes'], verbs: ['get'] }, /'clusterRoleRules\[0\].apiGroups' is empty/],
  ])('throws for a rule with empty %s', (_, rule, message) => {
    expect(build({ clusterRoleRules: [rule] })).toThrow(message);
  });

  test('throws for a surge: two agents would share the node network', () => {
    const strategy = DaemonSetUpdateStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.absolute(1),
      maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
    });
    expect(build({ updateStrategy: strategy })).toThrow(
      /^test\/ExampleNet: 'updateStrategy.maxSurge' cannot be used by a CNI agent: a surge pod would run a second agent on the node's network .*\(received 1\)\. Allowed: no surge: maxUnavailable >= 1, or OnDelete\. Fix: use DaemonSetUpdateStrategy.rollingUpdate\(\{ maxUnavailable: PercentOrAbsolute.absolute\(1\) \}\), or DaemonSetUpdateStrategy.onDelete\(\)$/);
    expect(build({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(10) }) }))
      .toThrow(/'updateStrategy.maxSurge' cannot be used by a CNI agent.*\(received '10%'\)/);
  });

  test('throws for maxUnavailable 0, which without a surge never replaces a pod', () => {
    expect(build({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(0) }) })).toThrow(
      'test/ExampleNet: \'updateStrategy.maxUnavailable\' cannot be 0 for a CNI agent: without a surge the rollout could never replace a pod (received \'0%\').'
      + ' Allowed: maxUnavailable >= 1 (or a percentage above 0%). Fix: use maxUnavailable: PercentOrAbsolute.absolute(1), or DaemonSetUpdateStrategy.onDelete()');
  });

  test('throws for an empty capability list', () => {
    expect(build({ privilege: CniPrivilege.capabilities([], 'needs nothing') })).toThrow(
      /^test\/ExampleNet: 'privilege' adds an empty list of capabilities \(received \[\]\)\..*Fix: name the capabilities, or leave privilege unset/);
  });

  test('throws for unknown capability names', () => {
    expect(build({ privilege: CniPrivilege.capabilities(['NET_ADMIN', 'NETADMIN', 'net_raw'], 'programs the network') })).toThrow(
      /^test\/ExampleNet: 'privilege' adds unknown capabilities: NETADMIN, net_raw \(received \["NET_ADMIN","NETADMIN","net_raw"\]\)\. Allowed: Linux capability names in upper case/);
  });

  test('throws for adding ALL capabilities instead of an explicit privileged agent', () => {
    expect(build({ privilege: CniPrivilege.capabilities(['ALL'], 'needs everything') })).toThrow(/'privilege' adds ALL capabilities, which is privileged in all but name.*CniPrivilege.privileged/);
  });

  test.each([
    ['a privileged agent', { privilege: CniPrivilege.privileged(' ') }, 'privilege'],
    ['capabilities', { privilege: CniPrivilege.capabilities(['NET_ADMIN'], '') }, 'privilege'],
    ['a writable root filesystem', { writableRootFilesystem: '' }, 'writableRootFilesystem'],
    ['wildcard RBAC', { wildcardRbacReason: '' }, 'wildcardRbacReason'],
    ['a host mount', { hostMounts: [{ path: '/run/agent', reason: '' }] }, 'hostMounts\\[0\\].reason'],
  ])('throws for %s without a reason', (_, props, prop) => {
    expect(build(props as Partial<CniDaemonSetProps>)).toThrow(new RegExp(`^test/ExampleNet: '${prop}' gives no reason .*Fix: write the reason`));
  });

  test('throws for a wildcard RBAC reason with \'=\', which the ClusterRole\'s checkov skip annotation cannot carry', () => {
    expect(build({ wildcardRbacReason: 'watches every CRD with verbs=*' })).toThrow(
      /^test\/ExampleNet: 'wildcardRbacReason' has an '=' in the reason \(received 'watches every CRD with verbs=\*'\)\..*Fix: reword it without '='/,
    );
  });

  test('throws for host mounts that are relative, mounted twice, built in, or badly named', () => {
    expect(build({ hostMounts: [{ path: 'run/agent', reason: 'keeps state' }] })).toThrow(/'hostMounts\[0\].path' is not an absolute path without '\.\.' \(received 'run\/agent'\)/);
    expect(build({ hostMounts: [{ path: '/run/agent', reason: 'keeps state' }, { path: '/run/agent/', reason: 'again' }] }))
      .toThrow(/'hostMounts\[1\].path' is mounted twice \(received '\/run\/agent'\)/);
    expect(build({ hostMounts: [{ path: '/lib/modules', reason: 'loads modules' }] }))
      .toThrow(/'hostMounts\[0\].path' is mounted by the construct already \(received '\/lib\/modules'\).*Fix: use cniBinaries, cniPaths, mountLibModules, mountXtablesLock or mountBpf for it/);
    expect(build({ hostMounts: [{ path: '/run/agent', reason: 'keeps state', volumeName: 'Agent_State' }] })).toThrow(/'hostMounts\[0\].volumeName' is not a valid volume name/);
    expect(build({ hostMounts: [{ path: '/run/agent', reason: 'keeps state', volumeName: 'xtables-lock' }] })).toThrow(/'hostMounts\[0\].volumeName' is used by another volume/);
  });

  test('throws for an invalid name or namespace', () => {
    expect(build({ name: 'Calico_Node' })).toThrow(/^test\/ExampleNet: 'name' is not a valid name \(received 'Calico_Node'\)/);
    expect(build({ namespace: 'kube.system' })).toThrow(/^test\/ExampleNet: 'namespace' is not a valid name \(received 'kube.system'\)/);
  });

  test.each(['etc/cni-config', '/', '/etc/cni/net.d/'])('throws for the config mount path %s', configMountPath => {
    expect(build({ configMountPath })).toThrow(new RegExp(`^test/ExampleNet: 'configMountPath' is not an absolute path of its own \\(received '${configMountPath}'\\)`));
  });

  test('throws for a binaries installer without a command', () => {
    expect(build({ cniBinaries: { image: 'example.com/cni-plugins:1.0.0', command: [] } })).toThrow(/'cniBinaries.command' is empty/);
  });

  test('rejects at synth a privileged agent patched to forbid privilege escalation (the API server rejects the pair)', () => {
    const { c, cni: construct } = cni({ privilege: CniPrivilege.privileged('loads eBPF programs') });
    ApiObject.of(construct.daemonSet).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation', false));
    expect(synthError(c)).toMatch(/'containers\[cni-agent\].securityContext.allowPrivilegeEscalation' is false on a privileged container \(the API server rejects the pair\)/);
  });

  test('rejects at synth a Bidirectional mount added to the unprivileged agent by hand', () => {
    const { c, cni: construct } = cni();
    construct.agent.mount('/sys/fs/bpf', kplus.Volume.fromHostPath(c, 'bpf', 'bpf', { path: '/sys/fs/bpf' }), { readOnly: true, propagation: kplus.MountPropagation.BIDIRECTIONAL });
    construct.daemonSet.addRelaxation(Relaxation.hostPath('/sys/fs/bpf', 'reads pinned maps'));
    expect(synthError(c)).toMatch(/'containers\[cni-agent\].volumeMounts\[\/sys\/fs\/bpf\].mountPropagation' is Bidirectional on a container that is not privileged/);
  });
});

/**
 * Runs the config installer's script in a real shell, with the node's configuration directory and
 * the ConfigMap as temporary directories, as the kubelet would: `$(VAR)` expanded, `$$` made `$`.
 */
function runInstaller(installer: any, conflist: string, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cni-install-'));
  const netDir = path.join(dir, 'net.d');
  const configDir = path.join(dir, 'config');
  fs.mkdirSync(netDir);
  fs.mkdirSync(configDir);
  fs.writeFileSync(path.join(configDir, 'cni-conf.json'), conflist);
  const script = (installer.command[2] as string).replace(/\$\$/g, '$')
    .split('/etc/cni/net.d').join(netDir).split('/etc/cni-config').join(configDir);
  // strace-free check of the rename: the script must never write the conflist in place.
  expect(script).not.toMatch(/(cp|>)[^\n]*"[^"]*\/10-[^"]*\.conflist"/);
  execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH, ...env } });
  return { netDir, files: fs.readdirSync(netDir) };
}

describe('CniDaemonSet config installer, run in a real shell', () => {
  const template = '{"name":"k8s-pod-network","cniVersion":"1.0.0","plugins":[{"type":"calico","nodename":"__KUBERNETES_NODE_NAME__","mtu":__CNI_MTU__}]}';

  test('installs the conflist through a temporary dot file and leaves no temporary file behind', () => {
    const { netDir, files } = runInstaller(objects(cni().c).container('install-cni-config'), JSON.stringify(CONFLIST));
    expect(files).toEqual(['10-examplenet.conflist']);
    expect(JSON.parse(fs.readFileSync(path.join(netDir, '10-examplenet.conflist'), 'utf-8'))).toEqual(CONFLIST);
  });

  test('replaces an existing conflist and a stale temporary file from an interrupted install', () => {
    const { container } = objects(cni().c);
    const dir = runInstaller(container('install-cni-config'), '{"old":true}').netDir;
    fs.writeFileSync(path.join(dir, '.10-examplenet.conflist.tmp'), 'half-written');
    // Run again over the same directory.
    const script = (container('install-cni-config').command[2] as string).replace(/\$\$/g, '$')
      .split('/etc/cni/net.d').join(dir).split('/etc/cni-config').join(path.join(dir, '..', 'config'));
    fs.writeFileSync(path.join(dir, '..', 'config', 'cni-conf.json'), '{"new":true}');
    execFileSync('sh', ['-c', script]);
    expect(fs.readdirSync(dir)).toEqual(['10-examplenet.conflist']);
    expect(fs.readFileSync(path.join(dir, '10-examplenet.conflist'), 'utf-8')).toBe('{"new":true}');
  });

  test('writes the node\'s values into the placeholders of the conflist, with the characters sed would take for its own', () => {
    const { c } = cni({
      conflist: CniConfig.fromJson(template),
      configInstall: {
        templateVariables: {
          KUBERNETES_NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
          CNI_MTU: kplus.EnvValue.fromValue('1440'),
        },
      },
    });
    const installer = objects(c).container('install-cni-config');
    expect(installer.env).toEqual([
      { name: 'KUBERNETES_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'CNI_MTU', value: '1440' },
    ]);
    const { netDir } = runInstaller(installer, template, { KUBERNETES_NODE_NAME: 'node-a|b&c/d', CNI_MTU: '1440' });
    expect(JSON.parse(fs.readFileSync(path.join(netDir, '10-k8s-pod-network.conflist'), 'utf-8')).plugins[0])
      .toEqual({ type: 'calico', nodename: 'node-a|b&c/d', mtu: 1440 });
  });

  test('throws for a template variable whose placeholder the conflist lacks', () => {
    expect(() => cni({ configInstall: { templateVariables: { CNI_MTU: kplus.EnvValue.fromValue('1440') } } })).toThrow(
      /^test\/ExampleNet: 'configInstall.templateVariables.CNI_MTU' has no placeholder __CNI_MTU__ in the conflist \(received 'CNI_MTU'\)\..*Fix: write __CNI_MTU__ where the value belongs/,
    );
  });

  test('throws for a template variable that is not upper case', () => {
    expect(() => cni({ configInstall: { templateVariables: { nodeName: kplus.EnvValue.fromValue('x') } } }))
      .toThrow(/'configInstall.templateVariables.nodeName' is not an upper-case variable name/);
  });

  test('removes the conflist when the agent stops, only when asked, with the directory mounted writable in the agent', () => {
    const { agent, mount, daemonSet } = objects(cni({ configInstall: { removeOnShutdown: true } }).c);
    expect(agent.lifecycle).toEqual({ preStop: { exec: { command: ['rm', '-f', '/etc/cni/net.d/10-examplenet.conflist'] } } });
    expect(mount('cni-agent', '/etc/cni/net.d')).toEqual({ name: 'cni-net-dir', mountPath: '/etc/cni/net.d', readOnly: false });
    expect(daemonSet.metadata.annotations['ignore-check.kube-linter.io/writable-host-mount']).toContain('installed here, removed when the agent stops');
    expect(objects(cni().c).agent.lifecycle).toBeUndefined();
  });
});

describe('CniDaemonSet host paths', () => {
  test.each([
    ['standard', CniPaths.standard(), '/opt/cni/bin', '/etc/cni/net.d'],
    ['k3s', CniPaths.k3s(), '/var/lib/rancher/k3s/data/cni', '/var/lib/rancher/k3s/agent/etc/cni/net.d'],
    ['RKE2', CniPaths.rke2(), '/opt/cni/bin', '/etc/cni/net.d'],
    ['MicroK8s', CniPaths.microK8s(), '/var/snap/microk8s/current/opt/cni/bin', '/var/snap/microk8s/current/args/cni-network'],
    ['GKE', CniPaths.gke(), '/home/kubernetes/bin', '/etc/cni/net.d'],
    ['OpenShift', CniPaths.openShift(), '/var/lib/cni/bin', '/etc/cni/multus/net.d'],
    ['a custom layout', CniPaths.custom('/usr/libexec/cni/', '/etc/cni/net.d'), '/usr/libexec/cni', '/etc/cni/net.d'],
  ])('mounts the %s directories at the standard paths of the installers, with their relaxations', (_, cniPaths, binDir, confDir) => {
    const { c } = cni({ cniPaths, cniBinaries: BINARIES });
    const { volume, mount, daemonSet } = objects(c);
    expect(volume('cni-bin-dir').hostPath).toEqual({ path: binDir, type: 'DirectoryOrCreate' });
    expect(volume('cni-net-dir').hostPath).toEqual({ path: confDir, type: 'DirectoryOrCreate' });
    expect(mount('install-cni-binaries', '/opt/cni/bin').name).toBe('cni-bin-dir');
    expect(mount('install-cni-config', '/etc/cni/net.d').name).toBe('cni-net-dir');
    const writable = daemonSet.metadata.annotations['ignore-check.kube-linter.io/writable-host-mount'];
    expect(writable).toContain(`writableHostPath ${binDir}: `);
    expect(writable).toContain(`writableHostPath ${confDir}: `);
  });

  test('throws for a relative directory', () => {
    expect(() => cni({ cniPaths: CniPaths.custom('opt/cni/bin', '/etc/cni/net.d') })).toThrow(
      /^test\/ExampleNet: 'cniPaths.binDir' is not an absolute directory path \(received 'opt\/cni\/bin'\)/,
    );
  });

  test('throws for a host mount of a CNI directory of the preset', () => {
    expect(() => cni({ cniPaths: CniPaths.k3s(), hostMounts: [{ path: '/var/lib/rancher/k3s/data/cni', reason: 'reads the plugins' }] }))
      .toThrow(/'hostMounts\[0\].path' is mounted by the construct already/);
  });
});

describe('CniDaemonSet images', () => {
  test.each([
    ['image', { image: 'example.com/cni-agent:latest' }],
    ['cniBinaries.image', { cniBinaries: { ...BINARIES, image: 'example.com/cni-plugins' } }],
    ['configInstall.image', { configInstall: { image: 'busybox' } }],
  ])('throws for an unpinned %s, naming it', (prop, props) => {
    expect(() => cni(props as Partial<CniDaemonSetProps>)).toThrow(new RegExp(`^test/ExampleNet: '${prop.replace('.', '\\.')}' is not pinned: without a tag, or with 'latest'`));
  });
});

describe('CniDaemonSet options operators change most', () => {
  test('serves metrics on a declared host port, behind a headless Service, with a ServiceMonitor and a PodMonitor', () => {
    const { c } = cni({
      metricsPort: 9091,
      serviceMonitor: { labels: { release: 'kube-prometheus-stack' }, interval: Duration.seconds(30) },
      podMonitor: { metricRelabelings: [{ sourceLabels: ['__name__'], regex: 'go_.*', action: RelabelAction.DROP }] },
    });
    const manifests = Testing.synth(c);
    const daemonSet = onlyOfKind(manifests, 'DaemonSet');
    const agent = daemonSet.spec.template.spec.containers[0];
    expect(agent.ports).toEqual([{ name: 'metrics', containerPort: 9091, hostPort: 9091 }]);
    expect(checkovSkip(daemonSet.metadata.annotations, 'CKV_K8S_26')).toMatch(/^CKV_K8S_26=hostPort 9091: the agent serves its metrics/);
    const service = manifests.find(m => m.kind === 'Service');
    expect(service.metadata.name).toBe('example-net-metrics');
    expect(service.spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'metrics', port: 9091, targetPort: 9091 }] });
    expect(service.spec.selector).toEqual(daemonSet.spec.selector.matchLabels);
    expect(manifests.find(m => m.kind === 'ServiceMonitor').spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    expect(manifests.find(m => m.kind === 'PodMonitor').spec.podMetricsEndpoints[0].metricRelabelings).toEqual([{ sourceLabels: ['__name__'], regex: 'go_.*', action: 'drop' }]);
  });

  test('throws for a monitor without a metrics port', () => {
    expect(() => cni({ serviceMonitor: {} })).toThrow(/^test\/ExampleNet: 'serviceMonitor' needs metricsPort/);
  });

  test('runs the agent\'s lifecycle hooks', () => {
    const { agent } = objects(cni({ lifecycle: { preStop: kplus.Handler.fromCommand(['/bin/calico-node', '-shutdown']) } }).c);
    expect(agent.lifecycle).toEqual({ preStop: { exec: { command: ['/bin/calico-node', '-shutdown'] } } });
  });

  test('throws for a preStop hook next to removeOnShutdown', () => {
    expect(() => cni({ lifecycle: { preStop: kplus.Handler.fromCommand(['true']) }, configInstall: { removeOnShutdown: true } }))
      .toThrow(/^test\/ExampleNet: 'lifecycle.preStop' is taken by configInstall.removeOnShutdown/);
  });

  test('labels the agent for SELinux and confines it with an AppArmor profile', () => {
    const { agent, daemonSet } = objects(cni({ seLinuxOptions: { type: 'spc_t' }, appArmorProfile: AppArmorProfile.localhost('cni-agent') }).c);
    expect(agent.securityContext.seLinuxOptions).toEqual({ type: 'spc_t' });
    expect(daemonSet.spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/cni-agent']).toBe('localhost/cni-agent');
    expect(objects(cni({ appArmorProfile: AppArmorProfile.runtimeDefault() }).c).daemonSet.spec.template.metadata.annotations)
      .toMatchObject({ 'container.apparmor.security.beta.kubernetes.io/cni-agent': 'runtime/default' });
  });
});
