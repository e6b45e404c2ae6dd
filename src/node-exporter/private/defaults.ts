import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** The defaults of the node exporter, in one place. */
export const NE_DEFAULTS = {
  // prometheus/node_exporter tag v1.12.1, the release of the prometheus-node-exporter chart 4.56.1
  // and kube-prometheus. Pinned by tag: no first-party digest is published, and a digest is only good
  // for the registry it was read from (prom/node-exporter on Docker Hub and quay.io differ).
  image: 'quay.io/prometheus/node-exporter:v1.12.1',
  // The release the prometheus-node-exporter chart 4.56.1 and kube-prometheus (versions.json) pin,
  // by tag.
  proxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.22.1',
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
export const HOST_TEXTFILE = '/host/textfile';
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
