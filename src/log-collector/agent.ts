import * as kplus from 'cdk8s-plus-28';

/**
 * The log collectors a `LogCollectorDaemonSet` can run.
 */
export enum LogCollectorAgentKind {
  /** Fluent Bit: the library renders its config for the chosen output. */
  FLUENT_BIT = 'fluent-bit',
  /** Fluentd: the library renders its config for the chosen output. */
  FLUENTD = 'fluentd',
  /** Filebeat: the library renders its config for the chosen output (stdout or Elasticsearch). */
  FILEBEAT = 'filebeat',
  /** Any other collector image, with the config you supply. */
  CUSTOM = 'custom',
}

/**
 * Options of `LogCollectorAgent.fluentBit()`.
 */
export interface FluentBitAgentOptions {
  /**
   * The Fluent Bit image.
   *
   * @default LogCollectorAgent.FLUENT_BIT_IMAGE - a pinned current release
   */
  readonly image?: string;

  /**
   * The port of Fluent Bit's HTTP server (health and Prometheus metrics).
   *
   * @default 2020 - Fluent Bit's own default
   */
  readonly port?: number;

  /**
   * Give the container the node's `/etc/machine-id` (read-only), for configs of your own that
   * open the journal of the local machine.
   *
   * @default false - the generated pipeline reads the journal by directory, which needs no machine id
   */
  readonly mountMachineId?: boolean;

  /**
   * Requests and limits of the container.
   *
   * @default - cpu 100m request / 500m limit, memory 128Mi / 256Mi: each tail input buffers up to
   * 5MB in memory, and the Kubernetes metadata of the node's pods is cached
   */
  readonly resources?: kplus.ContainerResources;
}

/**
 * Options of `LogCollectorAgent.fluentd()`.
 */
export interface FluentdAgentOptions {
  /**
   * The Fluentd image. It needs the Kubernetes metadata, CRI parser, systemd and Prometheus
   * plugins (the `fluent/fluentd-kubernetes-daemonset` images have them) and the plugin of the
   * chosen output.
   *
   * @default - `LogCollectorAgent.FLUENTD_IMAGE`, or `LogCollectorAgent.FLUENTD_ELASTICSEARCH_IMAGE`
   * for an Elasticsearch output. A Loki output needs an image with `fluent-plugin-grafana-loki`:
   * no published daemonset image has it, so there is no default.
   */
  readonly image?: string;

  /**
   * The port of Fluentd's Prometheus endpoint (`/metrics`), also probed for health.
   *
   * @default 24231 - the Prometheus plugin's default
   */
  readonly port?: number;

  /**
   * Give the container the node's `/etc/machine-id` (read-only), for configs of your own that
   * open the journal of the local machine.
   *
   * @default false - the generated pipeline reads the journal by directory, which needs no machine id
   */
  readonly mountMachineId?: boolean;

  /**
   * Requests and limits of the container.
   *
   * @default - cpu 200m request / 1000m limit, memory 256Mi / 512Mi: Fluentd is a Ruby process
   * with in-memory buffers
   */
  readonly resources?: kplus.ContainerResources;
}

/**
 * Options of `LogCollectorAgent.custom()`: any collector image, with the config you give the
 * `LogCollectorDaemonSet` in `configFiles`.
 */
export interface CustomLogCollectorAgentOptions {
  /** The image, pinned (e.g. `timberio/vector:0.41.1-distroless-libc`). */
  readonly image: string;

  /**
   * The container name, also the default `app.kubernetes.io/name`.
   *
   * @default 'log-collector'
   */
  readonly name?: string;

  /**
   * The command.
   *
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * The arguments; point the agent at its config under `configDir`.
   *
   * @default - the image's default arguments
   */
  readonly args?: string[];

  /**
   * The directory the `configFiles` are mounted at (read-only).
   *
   * @default '/etc/log-collector'
   */
  readonly configDir?: string;

  /**
   * The port of the agent's HTTP server, which the probes use.
   */
  readonly port: number;

  /**
   * The port of the Prometheus metrics, which the metrics Service and the ServiceMonitor use.
   *
   * @default - `port`
   */
  readonly metricsPort?: number;

  /**
   * The liveness probe's HTTP path on `port`. It must differ from `readinessPath`: a liveness
   * probe that fails whenever readiness does restarts an agent that is only busy (kube-score
   * flags identical probes).
   *
   * @default - a TCP check on `port`: the agent is alive while it accepts connections
   */
  readonly livenessPath?: string;

  /**
   * The readiness probe's HTTP path on `port`.
   *
   * @default '/'
   */
  readonly readinessPath?: string;

  /**
   * The path of the Prometheus metrics on `metricsPort`.
   *
   * @default '/metrics'
   */
  readonly metricsPath?: string;

  /**
   * The host directory for the agent's state (read positions, buffers), mounted writable at the
   * same path. Point the agent's config at it.
   *
   * @default - `/var/lib/<name>`
   */
  readonly stateDir?: string;

  /**
   * Writable scratch directories (emptyDir volumes), since the root filesystem is read-only.
   *
   * @default ['/tmp']
   */
  readonly scratchDirs?: string[];

  /**
   * Give the container the node's `/etc/machine-id` (read-only).
   *
   * @default false
   */
  readonly mountMachineId?: boolean;

  /**
   * Requests and limits of the container.
   *
   * @default - the base `DaemonSet`'s agent-sized defaults
   */
  readonly resources?: kplus.ContainerResources;
}

/**
 * Options of `LogCollectorAgent.filebeat()`.
 */
export interface FilebeatAgentOptions {
  /**
   * The Filebeat image.
   *
   * @default - `LogCollectorAgent.FILEBEAT_IMAGE`
   */
  readonly image?: string;

  /**
   * The port of Filebeat's HTTP endpoint (`http.port`), probed for health; it serves JSON
   * statistics on `/stats`, not Prometheus metrics.
   *
   * @default 5066 - Filebeat's default
   */
  readonly port?: number;

  /**
   * Requests and limits of the container.
   *
   * @default - cpu 100m request / 500m limit, memory 100Mi / 200Mi: the requests and memory limit
   * of Elastic's Filebeat manifest, with a cpu limit
   */
  readonly resources?: kplus.ContainerResources;
}

/**
 * The log collector a `LogCollectorDaemonSet` runs: Fluent Bit (the default), Fluentd, or any
 * other image with its own config.
 */
export class LogCollectorAgent {
  /**
   * The Fluent Bit image used by default: 5.1.1, the release the fluent-bit chart 0.58.1 ships
   * (fluent/helm-charts, charts/fluent-bit appVersion; fluent/fluent-bit tag v5.1.1). Pinned by tag:
   * no first-party digest is published for it.
   */
  public static readonly FLUENT_BIT_IMAGE = 'cr.fluentbit.io/fluent/fluent-bit:5.1.1';

  /**
   * The Filebeat image used by default: 9.5.2, the one Elastic's Kubernetes manifest
   * (elastic/beats, `deploy/kubernetes/filebeat-kubernetes.yaml`) runs. Pinned by tag: no
   * first-party digest is published for it.
   */
  public static readonly FILEBEAT_IMAGE = 'docker.elastic.co/beats/filebeat-wolfi:9.5.2';

  /**
   * The Fluentd image used by default (forward variant: stdout, forward and HTTP outputs): Fluentd
   * 1.19.3, fluent/fluentd-kubernetes-daemonset tag v1.19.3-1.1. Pinned by tag: no first-party digest
   * is published for it.
   */
  public static readonly FLUENTD_IMAGE = 'docker.io/fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-forward-1.1';

  /** The Fluentd image used for an Elasticsearch output (it adds the Elasticsearch 8 plugin), same release. */
  public static readonly FLUENTD_ELASTICSEARCH_IMAGE = 'docker.io/fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-elasticsearch8-1.1';

  /**
   * Fluent Bit, with a generated config (classic format): tail, Kubernetes metadata, your output.
   * Liveness on `/`, readiness on `/api/v1/health` (fails while the output keeps failing), metrics
   * on `/api/v2/metrics/prometheus`.
   */
  public static fluentBit(options: FluentBitAgentOptions = {}): LogCollectorAgent {
    return new LogCollectorAgent({
      kind: LogCollectorAgentKind.FLUENT_BIT,
      name: 'fluent-bit',
      image: options.image ?? LogCollectorAgent.FLUENT_BIT_IMAGE,
      port: options.port ?? 2020,
      metricsPort: options.port ?? 2020,
      livenessPath: '/',
      readinessPath: '/api/v1/health',
      metricsPath: '/api/v2/metrics/prometheus',
      configDir: '/fluent-bit/etc/conf',
      stateDir: '/var/lib/fluent-bit',
      scratchDirs: [],
      mountMachineId: options.mountMachineId ?? false,
      resources: options.resources,
    });
  }

  /**
   * Fluentd, with a generated config: tail, Kubernetes metadata (pods watched on this node only),
   * your output, Prometheus metrics on `/metrics` (also the readiness check; liveness is a TCP
   * check on the same port).
   */
  public static fluentd(options: FluentdAgentOptions = {}): LogCollectorAgent {
    return new LogCollectorAgent({
      kind: LogCollectorAgentKind.FLUENTD,
      name: 'fluentd',
      image: options.image,
      port: options.port ?? 24231,
      metricsPort: options.port ?? 24231,
      // Fluentd has one HTTP endpoint: ready when /metrics answers, alive while the port is open.
      readinessPath: '/metrics',
      metricsPath: '/metrics',
      configDir: '/fluentd/etc',
      stateDir: '/var/lib/fluentd',
      // Fluentd's supervisor keeps its socket in the temporary directory.
      scratchDirs: ['/tmp'],
      mountMachineId: options.mountMachineId ?? false,
      resources: options.resources,
    });
  }

  /**
   * Filebeat, with a generated config (`filebeat.yml`): a filestream input on the container logs
   * with the container parser, Kubernetes metadata (pods and namespaces), the registry in the state
   * directory (`/var/lib/filebeat`), and your output: `LogOutput.stdout()` or
   * `LogOutput.elasticsearch()` (Filebeat has no forward, HTTP or Loki output). Readiness reads
   * its HTTP endpoint; liveness is a TCP check on the same port. Its `/stats` are JSON, not
   * Prometheus metrics, so the metrics Service is not marked for scraping.
   */
  public static filebeat(options: FilebeatAgentOptions = {}): LogCollectorAgent {
    return new LogCollectorAgent({
      kind: LogCollectorAgentKind.FILEBEAT,
      name: 'filebeat',
      image: options.image ?? LogCollectorAgent.FILEBEAT_IMAGE,
      port: options.port ?? 5066,
      metricsPort: options.port ?? 5066,
      readinessPath: '/',
      metricsPath: '/stats',
      configDir: '/etc/filebeat',
      stateDir: '/var/lib/filebeat',
      scratchDirs: [],
      mountMachineId: false,
      resources: options.resources,
    });
  }

  /**
   * Any other collector (Vector, Promtail, Grafana Alloy, OpenTelemetry Collector...): its image,
   * its HTTP port for probes and metrics, and the config you pass as `configFiles`.
   */
  public static custom(options: CustomLogCollectorAgentOptions): LogCollectorAgent {
    const name = options.name ?? 'log-collector';
    return new LogCollectorAgent({
      kind: LogCollectorAgentKind.CUSTOM,
      name,
      image: options.image,
      command: options.command,
      args: options.args,
      port: options.port,
      metricsPort: options.metricsPort ?? options.port,
      livenessPath: options.livenessPath,
      readinessPath: options.readinessPath ?? '/',
      metricsPath: options.metricsPath ?? '/metrics',
      configDir: options.configDir ?? '/etc/log-collector',
      stateDir: options.stateDir ?? `/var/lib/${name}`,
      scratchDirs: options.scratchDirs ?? ['/tmp'],
      mountMachineId: options.mountMachineId ?? false,
      resources: options.resources,
    });
  }

  /** Which collector. */
  public readonly kind: LogCollectorAgentKind;

  /** The container name and default `app.kubernetes.io/name`. */
  public readonly name: string;

  /** The image, if chosen here (for Fluentd the collector picks it from the output otherwise). */
  public readonly image?: string;

  /** The command, for a custom agent. */
  public readonly command?: string[];

  /** The arguments, for a custom agent. */
  public readonly args?: string[];

  /** The port of the agent's HTTP server (probes). */
  public readonly port: number;

  /** The port of the Prometheus metrics. */
  public readonly metricsPort: number;

  /** The liveness probe's HTTP path; without one, liveness is a TCP check on `port`. */
  public readonly livenessPath?: string;

  /** The readiness probe's path. */
  public readonly readinessPath: string;

  /** The Prometheus metrics path. */
  public readonly metricsPath: string;

  /** Where the config files are mounted in the container. */
  public readonly configDir: string;

  /** The default host directory for the agent's state. */
  public readonly stateDir: string;

  /** Writable emptyDir directories the agent needs. */
  public readonly scratchDirs: string[];

  /** Whether the container gets the node's `/etc/machine-id`. */
  public readonly mountMachineId: boolean;

  /**
   * The container's requests and limits as given; each value missing is the agent's default
   * (Fluent Bit, Fluentd) or the library's (a custom agent).
   */
  public readonly resources?: kplus.ContainerResources;

  private constructor(values: LogCollectorAgent) {
    this.kind = values.kind;
    this.name = values.name;
    this.image = values.image;
    this.command = values.command;
    this.args = values.args;
    this.port = values.port;
    this.metricsPort = values.metricsPort;
    this.livenessPath = values.livenessPath;
    this.readinessPath = values.readinessPath;
    this.metricsPath = values.metricsPath;
    this.configDir = values.configDir;
    this.stateDir = values.stateDir;
    this.scratchDirs = values.scratchDirs;
    this.mountMachineId = values.mountMachineId;
    this.resources = values.resources;
  }
}
