import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** Defaults of the security agent, in one place: Falco's, from falcosecurity/charts falco 9.1.0. */
export const SA_DEFAULTS = {
  namespace: 'kube-system',
  containerName: 'falco',
  loaderName: 'falco-driver-loader',
  image: 'docker.io/falcosecurity/falco:0.44.1',
  loaderImage: 'docker.io/falcosecurity/falco-driver-loader:0.44.1',
  loaderArgs: ['kmod'],
  port: 8765,
  healthPath: '/healthz',
  cpu: [kplus.Cpu.millis(100), kplus.Cpu.units(1)] as [kplus.Cpu, kplus.Cpu],
  memory: [Size.mebibytes(512), Size.gibibytes(1)] as [Size, Size],
};

/** Where the node's directories appear in the containers (Falco's HOST_ROOT). */
export const HOST_ROOT = '/host';

/** A read-only host directory the agent reads, with its hostPath type and its reason. */
export interface HostDirectory {
  readonly path: string;
  readonly volumeName: string;
  readonly type: kplus.HostPathVolumeType;
  readonly reason: string;
  /** Mounted at the same path rather than below HOST_ROOT. */
  readonly samePath?: boolean;
}

const MAY_BE_ABSENT = '; DirectoryOrCreate, because some node images have none (an empty directory beats a pod that never starts)';

/** What every driver reads, and where. */
export const HOST_DIRECTORIES: HostDirectory[] = [
  { path: '/proc', volumeName: 'proc-fs', type: kplus.HostPathVolumeType.DIRECTORY, reason: 'reads every process\'s command line, environment, file descriptors and namespaces to enrich events' },
  { path: '/etc', volumeName: 'etc-fs', type: kplus.HostPathVolumeType.DIRECTORY, reason: 'reads the node\'s os-release, users and groups to name hosts, users and groups in events' },
  { path: '/boot', volumeName: 'boot-fs', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, reason: `reads the kernel's build configuration to match the driver to the kernel${MAY_BE_ABSENT}` },
  { path: '/lib/modules', volumeName: 'lib-modules', type: kplus.HostPathVolumeType.DIRECTORY, reason: 'reads the kernel release\'s module tree to match the driver to the kernel' },
  { path: '/usr/src', volumeName: 'usr-src', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, reason: `reads the kernel headers, from which a driver is built when no prebuilt one matches${MAY_BE_ABSENT}` },
];

/** The modern eBPF probe also reads the kernel's tracing and BTF files. */
export const SYS_KERNEL: HostDirectory = {
  path: '/sys/kernel',
  volumeName: 'sys-kernel',
  type: kplus.HostPathVolumeType.DIRECTORY,
  samePath: true,
  reason: 'the modern eBPF probe reads the kernel\'s BTF and tracing files, which the container\'s own /sys does not show (tracefs, debugfs)',
};

/** The kernel module's agent opens the module's devices. */
export const DEV: HostDirectory = {
  path: '/dev',
  volumeName: 'dev-fs',
  type: kplus.HostPathVolumeType.DIRECTORY,
  reason: 'opens the kernel module\'s devices (/dev/falco*), which appear after the container started (read-only mount: device nodes stay usable, none can be created)',
};
