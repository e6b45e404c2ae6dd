/** The defaults of the log collector, in one place. */
export const LC_DEFAULTS = {
  machineIdImage: 'docker.io/library/busybox:1.37.0',
  namespace: 'kube-system',
};

/** Marks a `LogCollectorDaemonSet` (see `LogCollectorDaemonSet.isLogCollectorDaemonSet`). */
export const COLLECTOR = Symbol.for('cdk8s-daemonsets.LogCollectorDaemonSet');
export const VAR_LOG = '/var/log';
export const DOCKER_CONTAINERS = '/var/lib/docker/containers';
export const MACHINE_ID = '/etc/machine-id';
export const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
export const LOKI_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
