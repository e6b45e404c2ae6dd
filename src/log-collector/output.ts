import { LogOutputAuth } from './output-auth';

/**
 * The kinds of destination a `LogCollectorDaemonSet` can send logs to with its generated config.
 */
export enum LogOutputKind {
  /** The collector's own standard output (`kubectl logs`): for trying it out. */
  STDOUT = 'stdout',
  /** The Fluent forward protocol, to a Fluentd or Fluent Bit aggregator. */
  FORWARD = 'forward',
  /** JSON lines POSTed to an HTTP endpoint. */
  HTTP = 'http',
  /** Grafana Loki's push API. */
  LOKI = 'loki',
  /** Elasticsearch (or OpenSearch) bulk API, in daily `<prefix>-YYYY.MM.DD` indices. */
  ELASTICSEARCH = 'elasticsearch',
}

/**
 * Options of `LogOutput.forward()`.
 */
export interface ForwardOutputOptions {
  /**
   * The aggregator's host name or IP, e.g. `fluentd.logging.svc`.
   */
  readonly host: string;

  /**
   * The aggregator's port.
   *
   * @default 24224 - the Fluent forward protocol's port
   */
  readonly port?: number;

  /**
   * Connect with TLS (the server certificate is verified).
   *
   * @default false - in-cluster aggregators usually listen in plain text
   */
  readonly tls?: boolean;
}

/**
 * Options of `LogOutput.http()`.
 */
export interface HttpOutputOptions {
  /**
   * The endpoint, `http://` or `https://` (TLS, certificate verified), e.g.
   * `https://logs.example.com/ingest`. Credentials do not belong in the URL: the config is a
   * ConfigMap.
   */
  readonly url: string;

  /**
   * Credentials from a Secret (`LogOutputAuth.basicFromSecret()`, `bearerTokenFromSecret()`),
   * passed as environment variables, never written into the ConfigMap.
   *
   * @default - none
   */
  readonly auth?: LogOutputAuth;
}

/**
 * Options of `LogOutput.loki()`.
 */
export interface LokiOutputOptions {
  /**
   * Loki's base URL, e.g. `http://loki-gateway.loki.svc`. The push path
   * `/loki/api/v1/push` is used when the URL has no path.
   */
  readonly url: string;

  /**
   * The tenant (`X-Scope-OrgID`) for a multi-tenant Loki.
   *
   * @default - none: a single-tenant Loki
   */
  readonly tenantId?: string;

  /**
   * Static labels added to every stream, besides `job`, `node`, `namespace`, `pod` and `container`.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Credentials from a Secret (`LogOutputAuth.basicFromSecret()`, `bearerTokenFromSecret()`),
   * passed as environment variables, never written into the ConfigMap.
   *
   * @default - none
   */
  readonly auth?: LogOutputAuth;
}

/**
 * Options of `LogOutput.elasticsearch()`.
 */
export interface ElasticsearchOutputOptions {
  /**
   * The cluster URL, `http://` or `https://`, e.g. `https://elasticsearch.logging.svc:9200`. A path
   * is kept as the API prefix (for a cluster behind a proxy).
   */
  readonly url: string;

  /**
   * The prefix of the daily indices (`<prefix>-YYYY.MM.DD`).
   *
   * @default 'logs'
   */
  readonly indexPrefix?: string;

  /**
   * Credentials from a Secret (`LogOutputAuth.basicFromSecret()`, `bearerTokenFromSecret()`),
   * passed as environment variables, never written into the ConfigMap.
   *
   * @default - none
   */
  readonly auth?: LogOutputAuth;
}

/**
 * Where a `LogCollectorDaemonSet` sends the logs, rendered into the agent's own config language
 * (Fluent Bit or Fluentd). Values are checked when the collector is built, with its construct path.
 */
export class LogOutput {
  /**
   * Print the logs on the collector's standard output. The collector's own log files are
   * excluded from the input, so it does not read back what it prints.
   */
  public static stdout(): LogOutput {
    return new LogOutput(LogOutputKind.STDOUT, {});
  }

  /** Send the logs with the Fluent forward protocol to an aggregator. */
  public static forward(options: ForwardOutputOptions): LogOutput {
    return new LogOutput(LogOutputKind.FORWARD, { host: options.host, port: options.port ?? 24224, tls: options.tls ?? false });
  }

  /** POST the logs as JSON lines to an HTTP endpoint. */
  public static http(options: HttpOutputOptions): LogOutput {
    return new LogOutput(LogOutputKind.HTTP, { url: options.url, auth: options.auth });
  }

  /** Push the logs to Grafana Loki, one stream per container. */
  public static loki(options: LokiOutputOptions): LogOutput {
    return new LogOutput(LogOutputKind.LOKI, { url: options.url, tenantId: options.tenantId, labels: options.labels, auth: options.auth });
  }

  /** Index the logs in Elasticsearch or OpenSearch. */
  public static elasticsearch(options: ElasticsearchOutputOptions): LogOutput {
    return new LogOutput(LogOutputKind.ELASTICSEARCH, { url: options.url, indexPrefix: options.indexPrefix ?? 'logs', auth: options.auth });
  }

  /** The kind of destination. */
  public readonly kind: LogOutputKind;

  /** The host, for `forward`. */
  public readonly host?: string;

  /** The port, for `forward`. */
  public readonly port?: number;

  /** Whether TLS is used, for `forward`; for the others the URL scheme says it. */
  public readonly tls?: boolean;

  /** The URL, for `http`, `loki` and `elasticsearch`. */
  public readonly url?: string;

  /** The Loki tenant, if any. */
  public readonly tenantId?: string;

  /** The static Loki labels, if any. */
  public readonly labels?: { [key: string]: string };

  /** The Elasticsearch index prefix. */
  public readonly indexPrefix?: string;

  /** The credentials, from a Secret. */
  public readonly auth?: LogOutputAuth;

  private constructor(kind: LogOutputKind, values: Partial<Omit<LogOutput, 'kind'>>) {
    this.kind = kind;
    this.host = values.host;
    this.port = values.port;
    this.tls = values.tls;
    this.url = values.url;
    this.tenantId = values.tenantId;
    this.labels = values.labels;
    this.indexPrefix = values.indexPrefix;
    this.auth = values.auth;
  }
}
