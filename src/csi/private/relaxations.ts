import { CSI_DEFAULTS, DEV } from './defaults';
import { CsiSettings } from './settings';
import { Relaxation } from '../../core/relaxation';
import type { CsiNodePluginDaemonSetProps } from '../props';

/** What a CSI node plugin needs of the node, each with the reason the manifest carries. */
export function csiRelaxations(s: CsiSettings, props: CsiNodePluginDaemonSetProps): Relaxation[] {
  const driver = s.containerName;
  const relaxations = [
    Relaxation.privileged(driver, 'mounts volumes into pods below the kubelet directory with Bidirectional propagation, which the API server allows only in a privileged container, and attaches and formats their block devices'),
    Relaxation.runAsRoot(driver, 'mounts and formats volumes, which only root can do'),
    Relaxation.writableHostPath(s.kubeletDir, 'the driver stages and publishes volumes below the kubelet\'s pods and plugins directories, and its mounts propagate back to the node (Bidirectional)'),
    Relaxation.writableHostPath(s.pluginDir, 'the driver creates its CSI socket here, where the kubelet and the sidecars connect to it'),
    Relaxation.hostPath(DEV, 'the driver opens the block devices of volumes, including the ones attached after it started (read-only mount: device nodes stay usable, none can be created)'),
    Relaxation.writableHostPath(s.registrationDir, 'node-driver-registrar creates the registration socket the kubelet\'s plugin watcher finds here'),
    Relaxation.runAsRoot(CSI_DEFAULTS.registrarName, 'creates its socket in the kubelet\'s root-owned plugin registration directory and connects to the driver\'s root-owned socket; no capability'),
    Relaxation.runAsRoot(CSI_DEFAULTS.livenessProbeName, 'connects to the driver\'s socket, which root owns; no capability'),
  ];
  if (props.writableRootFilesystem !== undefined) {
    relaxations.push(Relaxation.writableRootFilesystem(driver, props.writableRootFilesystem));
  }
  if (props.serviceAccountToken !== undefined) {
    relaxations.push(Relaxation.serviceAccountToken(props.serviceAccountToken));
  }
  return relaxations;
}
