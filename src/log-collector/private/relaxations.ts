import { DOCKER_CONTAINERS, VAR_LOG } from './defaults';
import { VOLATILE_JOURNAL } from './pipeline';
import { LogCollectorSettings } from './settings';
import { Relaxation } from '../../core/relaxation';

/** What the collector needs of the node, each with the reason the manifest carries. */
export function logCollectorRelaxations(s: LogCollectorSettings): Relaxation[] {
  return [
    Relaxation.hostPath(VAR_LOG, s.journalUnits.length > 0
      ? 'reads the container logs of every pod on the node (/var/log/containers, /var/log/pods) and the persistent journal (/var/log/journal)'
      : 'reads the container logs of every pod on the node (/var/log/containers, /var/log/pods)'),
    ...(s.journalUnits.length > 0 ? [Relaxation.hostPath(VOLATILE_JOURNAL, 'reads the volatile journal, where nodes without a persistent one keep the kubelet\'s logs')] : []),
    ...(s.docker ? [Relaxation.hostPath(DOCKER_CONTAINERS, 'reads the Docker json-file logs that /var/log/containers links to on Docker nodes')] : []),
    Relaxation.writableHostPath(s.stateDir, 'keeps the read positions across restarts, so no log line is lost or shipped twice; the only host path the collector writes'),
    Relaxation.serviceAccountToken('the agent reads the metadata of pods and namespaces from the Kubernetes API'),
    ...s.hostMounts.map(m => Relaxation.hostPath(m.path, m.reason)),
    ...(s.runAsRoot ? [Relaxation.runAsRoot(s.agent.name,
      'container log files are owned by root with mode 0640 (containerd) or 0600 (CRI-O): root reads them as their owner, with every capability still dropped')] : []),
    ...(s.mountMachineId ? [Relaxation.hostPath('/etc',
      'a non-root init container copies /etc/machine-id into the pod when the node has one, so the agent also starts on nodes without it')] : []),
  ];
}
