import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** Defaults of the CNI agent, in one place. */
export const CNI_DEFAULTS = {
  namespace: 'kube-system',
  containerName: 'cni-agent',
  binariesName: 'install-cni-binaries',
  configInstallName: 'install-cni-config',
  configMountPath: '/etc/cni-config',
  conflistKey: 'cni-conf.json',
  terminationGracePeriod: Duration.seconds(10),
  cpu: [kplus.Cpu.millis(100), kplus.Cpu.units(1)] as [kplus.Cpu, kplus.Cpu],
  memory: [Size.mebibytes(128), Size.mebibytes(512)] as [Size, Size],
};

export const CNI_BIN_DIR = '/opt/cni/bin';
export const CNI_NET_DIR = '/etc/cni/net.d';
export const LIB_MODULES = '/lib/modules';
export const XTABLES_LOCK = '/run/xtables.lock';
export const BPF_FS = '/sys/fs/bpf';
/** The host paths the agent mounts besides the CNI directories (`cniPaths`). */
export const BUILT_IN_PATHS = [LIB_MODULES, XTABLES_LOCK, BPF_FS];
export const KNOWN_CAPABILITIES = new Set<string>(Object.values(kplus.Capability).filter(c => c !== kplus.Capability.ALL));
