import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** Defaults of the CSI node plugin, in one place. */
export const CSI_DEFAULTS = {
  namespace: 'kube-system',
  containerName: 'csi-driver',
  registrarName: 'node-driver-registrar',
  livenessProbeName: 'liveness-probe',
  kubeletDir: '/var/lib/kubelet',
  // The versions kubernetes-csi/csi-driver-host-path deploys (deploy/kubernetes-distributed at
  // 1f2b2e64, 2026-07-27).
  registrarImage: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0',
  livenessProbeImage: 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0',
  healthPort: 9808,
  registrarHealthPort: 9809,
  driverCpu: [kplus.Cpu.millis(50), kplus.Cpu.millis(500)] as [kplus.Cpu, kplus.Cpu],
  driverMemory: [Size.mebibytes(64), Size.mebibytes(256)] as [Size, Size],
  sidecarCpu: [kplus.Cpu.millis(10), kplus.Cpu.millis(100)] as [kplus.Cpu, kplus.Cpu],
  sidecarMemory: [Size.mebibytes(20), Size.mebibytes(64)] as [Size, Size],
};

/** Where every container of the pod sees the driver's socket directory. */
export const SOCKET_DIR = '/csi';
/** The driver's socket, as every container of the pod sees it. */
export const SOCKET = `${SOCKET_DIR}/csi.sock`;
/** Where the node-driver-registrar sees the kubelet's plugin registration directory. */
export const REGISTRATION_DIR = '/registration';
export const DEV = '/dev';
