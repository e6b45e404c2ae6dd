import { SA_DEFAULTS } from './defaults';
import { SecurityAgentSettings } from './settings';
import { Relaxation } from '../../core/relaxation';

/** What a security agent needs of the node, each with the reason the manifest carries. */
export function securityAgentRelaxations(s: SecurityAgentSettings): Relaxation[] {
  const agent = s.containerName;
  const relaxations = [
    Relaxation.hostPid('sees the node\'s processes with their own ids, so events name the processes the node runs and the eBPF iterators can fill the process table at start'),
    Relaxation.runAsRoot(agent, 'capabilities only take effect for uid 0, and the node files it reads belong to root'),
    ...s.hostDirectories.map(dir => Relaxation.hostPath(dir.path, dir.reason)),
  ];
  if (s.driver.isPrivileged) {
    relaxations.push(
      Relaxation.privileged(agent, 'reads system calls from the kernel module\'s devices, which only a privileged container can open'),
      Relaxation.privileged(SA_DEFAULTS.loaderName, 'loads the kernel module into the node\'s kernel (init_module), which only a privileged container can do'),
      Relaxation.runAsRoot(SA_DEFAULTS.loaderName, 'loads a kernel module and reads the root-owned kernel headers'),
      Relaxation.writableRootFilesystem(SA_DEFAULTS.loaderName, 'builds the module with dkms when no prebuilt one matches the kernel, writing below /var/lib/dkms and /tmp'),
    );
  } else {
    relaxations.push(Relaxation.capabilities(agent, s.driver.capabilities,
      'the modern eBPF probe loads its programs and maps (BPF), attaches them to the system call tracepoints (PERFMON), raises the locked-memory limit for its ring buffers (SYS_RESOURCE) and reads every process\'s /proc entries (SYS_PTRACE)'));
  }
  if (s.containerRuntimeSocket !== undefined) {
    relaxations.push(Relaxation.hostPath(s.containerRuntimeSocket, 'asks the container runtime which container and pod each event comes from (read-only mount; connecting to a socket needs no write access)'));
  }
  return relaxations;
}
