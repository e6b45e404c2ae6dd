import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** The defaults of the node exporter, in one place. */
export const NE_DEFAULTS = {
  image: 'quay.io/prometheus/node-exporter:v1.12.1@sha256:1b4e4438faca4dd7e001dd445d161a4a2091b0fededa84093b3a8dfeae1f1be0',
  proxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.22.0@sha256:53d5a3911ac076d000c92362d4939a3147ba21f231edf82926c82d16dbdd8850',
  namespace: 'monitoring',
  port: 9100,
  proxyInternalPort: 9101,
  proxyHealthPort: 9102,
  containerName: 'node-exporter',
  proxyContainerName: 'kube-rbac-proxy',
  appName: 'node-exporter',
  component: 'exporter',
  mountPointsExclude: '^/(dev|proc|sys|run/credentials/.+|run/containerd/.+|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/containers/storage/.+|var/lib/kubelet/.+)($|/)',
  fsTypesExclude: '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|erofs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$',
  networkDevicesExclude: '^(veth.*|cali.*|lxc.*|eni.*|azv.*|gke.*|[a-f0-9]{15})$',
  scrapeInterval: Duration.seconds(30),
  criticalSeverity: 'critical',
  cpu: [kplus.Cpu.millis(100), kplus.Cpu.millis(250)] as [kplus.Cpu, kplus.Cpu],
  memory: [Size.mebibytes(64), Size.mebibytes(180)] as [Size, Size],
  proxyCpu: [kplus.Cpu.millis(10), kplus.Cpu.millis(50)] as [kplus.Cpu, kplus.Cpu],
  proxyMemory: [Size.mebibytes(20), Size.mebibytes(40)] as [Size, Size],
};

/** Where the node's filesystems appear in the exporter container. */
export const HOST_PROC = '/host/proc';
export const HOST_SYS = '/host/sys';
export const HOST_ROOT = '/host/root';
export const DBUS_SOCKET = '/run/dbus/system_bus_socket';
export const SA_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';
export const TLS_CIPHER_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
];
/** The Pod Security Admission modes labelled on an emitted Namespace. */
export const PSA_MODES = ['enforce', 'audit', 'warn'];
/** The annotation holding the reason of `NodeExporterListen.allInterfaces()`. */
export const LISTEN_ALL_ANNOTATION = 'cdk8s-daemonsets/listen-all-interfaces';
