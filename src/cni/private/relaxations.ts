import * as kplus from 'cdk8s-plus-28';
import { BPF_FS, LIB_MODULES, XTABLES_LOCK } from './defaults';
import { CniSettings } from './settings';
import { Relaxation, ResourceLimit } from '../../core/relaxation';
import type { CniDaemonSetProps } from '../props';

/** Why a CNI pod's images are pulled only when the node lacks them. */
const CNI_PULL_REASON = 'restarts without the registry: until the agent runs, new pods get no network';

/** Why the agent has no memory limit by default. */
const CNI_MEMORY_REASON = 'grows with the cluster; an OOM kill leaves new pods without network (calico, cilium and flannel set none)';

/**
 * What a CNI agent needs of the node, each with the reason the manifest carries: the pod's, the
 * installers', then the agent's and its mounts'.
 */
export function cniRelaxations(s: CniSettings, props: CniDaemonSetProps): Relaxation[] {
  const relaxations: Relaxation[] = [
    Relaxation.hostNetwork('configures the node\'s network (interfaces, routes, iptables) before any pod network exists'),
    Relaxation.writableHostPath(s.paths.confDir, s.removeOnShutdown
      ? 'the runtime reads the CNI configuration installed here, removed when the agent stops'
      : 'the runtime reads the CNI configuration installed here'),
    Relaxation.serviceAccountToken('reads nodes, pods and namespaces from the Kubernetes API'),
  ];
  if (props.cniBinaries) {
    relaxations.push(
      Relaxation.writableHostPath(s.paths.binDir, 'the runtime runs the CNI plugin binaries installed here'),
      Relaxation.runAsRoot(s.binariesInstallerName!, 'writes into the node\'s root-owned CNI directories'),
    );
  }
  relaxations.push(Relaxation.runAsRoot(s.configInstallerName, 'writes into the node\'s root-owned CNI directories'));

  const containerName = s.containerName;
  relaxations.push(Relaxation.runAsRoot(containerName, 'added capabilities take effect only for uid 0, and the node files it writes are root-owned'));
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
    relaxations.push(Relaxation.hostPath(LIB_MODULES, 'loads the datapath\'s kernel modules (vxlan, ipip, wireguard)'));
  }
  if (props.mountXtablesLock ?? true) {
    relaxations.push(Relaxation.writableHostPath(XTABLES_LOCK, 'the iptables lock, shared with kube-proxy'));
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
  if (s.metricsPort !== undefined) {
    relaxations.push(Relaxation.hostPort(s.metricsPort, 'the agent serves its metrics on the node\'s network; the declared port keeps a second pod that needs it off the node'));
  }
  if (s.noMemoryLimit) {
    relaxations.push(Relaxation.noLimit(containerName, ResourceLimit.MEMORY, CNI_MEMORY_REASON));
  }
  return relaxations;
}
