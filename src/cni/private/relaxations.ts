import * as kplus from 'cdk8s-plus-28';
import { BPF_FS, CNI_BIN_DIR, CNI_NET_DIR, LIB_MODULES, XTABLES_LOCK } from './defaults';
import { CniSettings } from './settings';
import { Relaxation, ResourceLimit } from '../../core/relaxation';
import type { CniDaemonSetProps } from '../props';

/** Why a CNI pod's images are pulled only when the node lacks them. */
const CNI_PULL_REASON = 'a CNI agent must restart without the registry: until it runs, the node\'s new pods get no network';

/** Why the agent has no memory limit by default. */
const CNI_MEMORY_REASON = 'its memory grows with the cluster (nodes, pods, routes, policies) and an OOM kill leaves the node\'s new pods without network, so no limit, as calico-node, cilium and kube-flannel';

/**
 * What a CNI agent needs of the node, each with the reason the manifest carries: the pod's, the
 * installers', then the agent's and its mounts'.
 */
export function cniRelaxations(s: CniSettings, props: CniDaemonSetProps): Relaxation[] {
  const relaxations: Relaxation[] = [
    Relaxation.hostNetwork('a CNI agent configures the node\'s own network namespace (interfaces, routes, iptables) and must run before any pod network exists'),
    Relaxation.writableHostPath(CNI_NET_DIR, 'the CNI network configuration is installed here for the container runtime'),
    Relaxation.serviceAccountToken('the agent reads nodes, pods and namespaces from the Kubernetes API to program the node network'),
  ];
  if (props.cniBinaries) {
    relaxations.push(
      Relaxation.writableHostPath(CNI_BIN_DIR, 'the CNI plugin binaries are installed here for the container runtime'),
      Relaxation.runAsRoot(s.binariesInstallerName!, 'writes the plugin binaries into /opt/cni/bin, which root owns on the node'),
    );
  }
  relaxations.push(Relaxation.runAsRoot(s.configInstallerName, 'writes the conflist into /etc/cni/net.d, which root owns on the node'));

  const containerName = s.containerName;
  relaxations.push(Relaxation.runAsRoot(containerName, 'changes the node network: added capabilities only take effect for uid 0, and the node files it writes are root-owned'));
  if (s.privilege.isPrivileged) {
    relaxations.push(Relaxation.privileged(containerName, s.privilege.reason));
  } else {
    relaxations.push(Relaxation.capabilities(containerName, s.capabilities, s.privilege.reason));
    if (s.privilegeEscalation) {
      relaxations.push(Relaxation.privilegeEscalation(containerName, 'the API server requires allowPrivilegeEscalation with SYS_ADMIN'));
    }
  }
  if (props.writableRootFilesystem !== undefined) {
    relaxations.push(Relaxation.writableRootFilesystem(containerName, props.writableRootFilesystem));
  }
  if (props.mountLibModules ?? true) {
    relaxations.push(Relaxation.hostPath(LIB_MODULES, 'loads the kernel modules the datapath needs (vxlan, ipip, wireguard, ip_tables)'));
  }
  if (props.mountXtablesLock ?? true) {
    relaxations.push(Relaxation.writableHostPath(XTABLES_LOCK, 'iptables takes this lock, shared with kube-proxy, before changing rules'));
  }
  if (props.mountBpf) {
    relaxations.push(Relaxation.writableHostPath(BPF_FS, 'pins eBPF maps on the node so the datapath survives agent restarts (Bidirectional propagation)'));
  }
  for (const mount of s.hostMounts) {
    relaxations.push(mount.writable ? Relaxation.writableHostPath(mount.path, mount.reason) : Relaxation.hostPath(mount.path, mount.reason));
  }
  if (s.imagePullPolicy !== kplus.ImagePullPolicy.ALWAYS) {
    for (const container of [s.binariesInstallerName, s.configInstallerName, containerName].filter((c): c is string => c !== undefined)) {
      relaxations.push(Relaxation.imagePullPolicy(container, CNI_PULL_REASON));
    }
  }
  if (s.noMemoryLimit) {
    relaxations.push(Relaxation.noLimit(containerName, ResourceLimit.MEMORY, CNI_MEMORY_REASON));
  }
  return relaxations;
}
