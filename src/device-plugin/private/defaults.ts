import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** Defaults of the device plugin, in one place. */
export const DP_DEFAULTS = {
  namespace: 'kube-system',
  containerName: 'device-plugin',
  kubeletDir: '/var/lib/kubelet',
  cpu: [kplus.Cpu.millis(50), kplus.Cpu.millis(250)] as [kplus.Cpu, kplus.Cpu],
  memory: [Size.mebibytes(64), Size.mebibytes(128)] as [Size, Size],
};
