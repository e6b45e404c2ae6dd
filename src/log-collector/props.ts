import { Duration } from 'cdk8s';
import { LogCollectorAgent } from './agent';
import { ContainerRuntime } from './container-runtime';
import { LogCollectorHostMount } from './host-mount';
import { LogOutput } from './output';
import { LogCollectorFilesystemBufferOptions, LogCollectorLogLevel } from './pipeline-options';
import { NodeAgentOptions } from '../core/agent-options';
import { MonitorOptions } from '../core/monitor-options';

/**
 * Properties of a `LogCollectorDaemonSet`. Every one is optional: the defaults give a working
 * cluster log collector (Fluent Bit printing to stdout until you choose an output). The options
 * every typed construct takes (pod labels and annotations, image pulling, env, scheduling,
 * priority, update strategy, relaxations) come from `NodeAgentOptions`.
 *
 * The update strategy's default is `maxSurge: 0, maxUnavailable: 1`: one node at a time, the old
 * collector stops before the new one starts and continues from the positions in the state
 * directory. A surge is an error: the state directory is the collector's own (Fluent Bit locks its
 * tail database, `DB.locking true`, Filebeat its data directory: a surge pod could not open them,
 * would crash-loop and hang the rollout; two Fluentd instances would advance one position file and
 * both ship every line).
 */
export interface LogCollectorDaemonSetProps extends NodeAgentOptions {
  /**
   * The collector.
   *
   * @default LogCollectorAgent.fluentBit()
   */
  readonly agent?: LogCollectorAgent;

  /**
   * Where the generated pipeline sends the logs. Not allowed with `configFiles` (your config has its
   * own outputs) or a custom agent (whose config is yours).
   *
   * @default LogOutput.stdout() - the only output that works without a backend; choose a real one
   */
  readonly output?: LogOutput;

  /**
   * Several outputs, each receiving every record, instead of `output`. Fluent Bit and Fluentd;
   * Filebeat sends to exactly one output.
   *
   * @default - `output`
   */
  readonly outputs?: LogOutput[];

  /**
   * How much the collector logs about itself (Fluent Bit's `Log_Level`, Fluentd's `log_level`,
   * Filebeat's `logging.level`).
   *
   * @default LogCollectorLogLevel.INFO
   */
  readonly logLevel?: LogCollectorLogLevel;

  /**
   * How often the collector sends what it buffered (Fluent Bit's `Flush`, Fluentd's
   * `flush_interval`, the `flush.timeout` of Filebeat's memory queue; not with Filebeat's
   * `filesystemBuffer`, whose disk queue has none).
   *
   * @default - 1s for Fluent Bit (the chart's), 5s for Fluentd, Filebeat's own default
   */
  readonly flushInterval?: Duration;

  /**
   * Buffer on disk in the state directory instead of memory, bounded, so a backend outage neither
   * fills the container's memory nor loses the buffer on a restart (Fluent Bit's filesystem
   * storage; Fluentd always buffers in files, this sets the bound; Filebeat's disk queue in
   * `<stateDir>/diskqueue`).
   *
   * @default - Fluent Bit and Filebeat buffer in memory (Fluent Bit 5MB per input, as the chart);
   * Fluentd on disk, 512MB per output
   */
  readonly filesystemBuffer?: LogCollectorFilesystemBufferOptions;

  /**
   * More filters, in the agent's config language, after the Kubernetes metadata filter and before
   * the outputs (Fluent Bit `[FILTER]` sections, Fluentd `<filter>` blocks; for Filebeat, the items
   * of a YAML list of processors, each starting with `- `, written under a top-level `processors:`).
   *
   * @default - none
   */
  readonly extraFilters?: string;

  /**
   * More Fluent Bit parsers (`[PARSER]` / `[MULTILINE_PARSER]` sections), written as
   * `custom_parsers.conf` next to the config and loaded after the image's own. Fluent Bit only.
   *
   * @default - the image's parsers only
   */
  readonly extraParsers?: string;

  /**
   * Lua scripts for Fluent Bit's `lua` filter, file name (`*.lua`) to content, next to the config:
   * refer to them in `extraFilters` as `script /fluent-bit/etc/conf/<file>`. Fluent Bit only.
   *
   * @default - none
   */
  readonly luaScripts?: { [file: string]: string };

  /**
   * Fluent Bit's Kubernetes filter asks the kubelet of its node for the pods' metadata
   * (`Use_Kubelet`, on the node IP, port 10250) instead of the API server: less load on the API
   * server in large clusters. Adds `get` on `nodes/proxy` to the ClusterRole. Fluent Bit only.
   *
   * @default false - the API server, as the chart
   */
  readonly useKubelet?: boolean;

  /**
   * The agent's whole config, file name to content, instead of the generated pipeline. Mounted
   * read-only at the agent's config directory. Fluent Bit is started with `fluent-bit.conf` (classic)
   * or else `fluent-bit.yaml`; Fluentd with `fluent.conf`; Filebeat with `filebeat.yml`; a custom
   * agent with its own `args`. Keep the endpoints the probes and the metrics Service use: Fluent
   * Bit's HTTP server with `Health_Check On` on the agent's port, Fluentd's `prometheus` source on
   * its port, Filebeat's `http.enabled` on its port.
   *
   * @default - the generated pipeline (required for a custom agent)
   */
  readonly configFiles?: { [file: string]: string };

  /**
   * The container runtime of the nodes.
   *
   * @default ContainerRuntime.CRI - containerd and CRI-O, the runtimes of current Kubernetes
   */
  readonly containerRuntime?: ContainerRuntime;

  /**
   * The systemd units whose logs the generated pipeline reads from the node's journal, persistent
   * (`/var/log/journal`) or volatile (`/run/log/journal`), whichever the node has; a node with
   * neither starts all the same. Add the container runtime's (`containerd.service`,
   * `crio.service`) or others; `[]` reads no journal.
   *
   * Filebeat reads the journal with journalctl, which its default (Wolfi) image lacks: give it an
   * image that has it (`docker.elastic.co/beats/filebeat`).
   *
   * @default ['kubelet.service'] - the kubelet's logs, as the fluent-bit chart collects them; none
   * with `configFiles` (the config is yours) or with Filebeat (its default image cannot read them)
   */
  readonly journalUnits?: string[];

  /**
   * The host directory where the collector keeps its state (read positions, so a restart neither
   * loses nor repeats lines): the only host path it writes. Created if missing, mounted writable at
   * the same path. Two collectors on the same nodes need different directories.
   *
   * @default - the agent's: `/var/lib/fluent-bit`, `/var/lib/fluentd`, `/var/lib/<name>`
   */
  readonly stateDir?: string;

  /**
   * Run the collector as root (uid and gid 0), with every capability still dropped. Container log
   * files are owned by root with mode 0640 (containerd) or 0600 (CRI-O), so only root reads all of
   * them, as their owner, without any capability. With `false` the collector runs as uid 65534 with
   * gid 0: that reads 0640 files through the group, but not CRI-O's 0600 files nor the journal, and
   * the state directory must already exist on the nodes, writable by gid 0 (it is mounted with type
   * `Directory`: one the kubelet created would be root's).
   *
   * @default true - the only setting that reads every runtime's log files
   */
  readonly runAsRoot?: boolean;

  /**
   * Tolerate every taint, including `NoExecute` ones, so logs are collected from every node. With
   * `false` only the control-plane taint is tolerated (the base `DaemonSet`'s default); add what you
   * need with `collector.daemonSet.scheduling.tolerate(...)`.
   *
   * @default true - logs from a node nobody collects are lost when the node goes
   */
  readonly tolerateAllTaints?: boolean;

  /**
   * Emit a Prometheus Operator `ServiceMonitor` for the metrics Service (`{}` for the defaults).
   * Not with Filebeat, whose HTTP endpoint serves JSON, not Prometheus metrics.
   *
   * @default - none: the ServiceMonitor kind only exists where the Prometheus Operator's CRDs are
   * installed; elsewhere applying it fails. The Service carries `prometheus.io/*` annotations either way.
   */
  readonly serviceMonitor?: MonitorOptions;

  /**
   * Emit a Prometheus Operator `PodMonitor` that scrapes each collector pod directly. Not with
   * Filebeat.
   *
   * @default - none
   */
  readonly podMonitor?: MonitorOptions;

  /**
   * More node paths the collector reads, each read-only with its reason.
   *
   * @default - none
   */
  readonly hostMounts?: LogCollectorHostMount[];

  /**
   * The name of the DaemonSet, the ServiceAccount, the ClusterRole, its binding and the
   * ServiceMonitor; the ConfigMap and the Service get `-config` and `-metrics` after it.
   *
   * @default - the construct id as a DNS label (`Logs` becomes `logs`): names that do not change
   * when the construct moves, so the DaemonSet's immutable selector does not either
   */
  readonly name?: string;

  /**
   * The namespace of the DaemonSet, ServiceAccount, ConfigMap, Service and ServiceMonitor.
   *
   * @default - the chart's namespace, else `kube-system`: it exists in every cluster, admits hostPath
   * pods, and may use the `system-node-critical` priority class even where a ResourceQuota limits it
   * elsewhere. The ClusterRoleBinding must name the ServiceAccount's namespace, so one is always set.
   */
  readonly namespace?: string;

  /**
   * The image of the init container that copies the node's `/etc/machine-id`, for agents with
   * `mountMachineId`.
   *
   * @default LogCollectorDaemonSet.MACHINE_ID_IMAGE
   */
  readonly machineIdImage?: string;

  /**
   * The `app.kubernetes.io/name` label, part of the selector.
   *
   * @default - the agent's name (`fluent-bit`, `fluentd`, `filebeat`, or the custom name)
   */
  readonly appName?: string;

  /**
   * The `app.kubernetes.io/instance` label, part of the selector.
   *
   * @default - the DaemonSet's name
   */
  readonly instance?: string;

  /**
   * The `app.kubernetes.io/part-of` label.
   *
   * @default - not set
   */
  readonly partOf?: string;
}
