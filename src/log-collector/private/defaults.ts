import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { ResourceDefaults } from '../../core/private/container-defaults';
/** The defaults of the log collector, in one place. */
export const LC_DEFAULTS = {
  machineIdImage: 'docker.io/library/busybox:1.37.0',
  namespace: 'kube-system',
  /** The fluent-bit chart's systemd input reads the kubelet's logs. */
  journalUnits: ['kubelet.service'],
};

/**
 * The Filebeat image that ships journalctl (Elastic's default variant, same release as
 * `LogCollectorAgent.FILEBEAT_IMAGE`): the journald input runs it, and the Wolfi variant has none.
 */
export const FILEBEAT_JOURNALCTL_IMAGE = 'docker.elastic.co/beats/filebeat:9.5.2';

/** Marks a `LogCollectorDaemonSet` (see `LogCollectorDaemonSet.isLogCollectorDaemonSet`). */
export const COLLECTOR = Symbol.for('cdk8s-daemonsets.LogCollectorDaemonSet');
export const VAR_LOG = '/var/log';
export const DOCKER_CONTAINERS = '/var/lib/docker/containers';
export const MACHINE_ID = '/etc/machine-id';
export const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
export const LOKI_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The requests and limits of the agents whose config is generated: a missing value of the user's is taken from here. */
export const AGENT_RESOURCES: Record<string, ResourceDefaults | undefined> = {
  // Each tail input buffers up to 5MB in memory, and the metadata of the node's pods is cached.
  'fluent-bit': { cpu: [kplus.Cpu.millis(100), kplus.Cpu.millis(500)], memory: [Size.mebibytes(128), Size.mebibytes(256)] },
  // A Ruby process; its output buffers are on disk (in the state directory), bounded in memory.
  'fluentd': { cpu: [kplus.Cpu.millis(200), kplus.Cpu.millis(1000)], memory: [Size.mebibytes(256), Size.mebibytes(512)] },
  // The requests and memory limit of Elastic's Filebeat manifest, with a cpu limit.
  'filebeat': { cpu: [kplus.Cpu.millis(100), kplus.Cpu.millis(500)], memory: [Size.mebibytes(100), Size.mebibytes(200)] },
};
