import { DevicePluginSettings } from './settings';
import { Relaxation } from '../../core/relaxation';
import type { DevicePluginDaemonSetProps } from '../props';

/** What a device plugin needs of the node, each with the reason the manifest carries. */
export function devicePluginRelaxations(s: DevicePluginSettings, props: DevicePluginDaemonSetProps): Relaxation[] {
  const relaxations = [
    Relaxation.writableHostPath(s.socketDir, `the plugin creates its socket here and registers ${s.resourceName} through the kubelet's socket in the same directory`),
    Relaxation.runAsRoot(s.containerName, 'the kubelet\'s device-plugin directory and its kubelet.sock belong to root; no capability is added'),
  ];
  if (props.privileged !== undefined) {
    relaxations.push(Relaxation.privileged(s.containerName, props.privileged));
  }
  if (props.writableRootFilesystem !== undefined) {
    relaxations.push(Relaxation.writableRootFilesystem(s.containerName, props.writableRootFilesystem));
  }
  return relaxations;
}
