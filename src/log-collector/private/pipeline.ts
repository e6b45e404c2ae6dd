import { LogOutput } from '../output';
import { LogOutputAuth, LogOutputAuthKind } from '../output-auth';

/**
 * What the default pipeline of a `LogCollectorDaemonSet` (tail the container logs, add the
 * Kubernetes metadata, send to the output) is rendered from, shared by the renderers of each
 * agent's own config language (fluent-bit.ts, fluentd.ts). Not part of the public API.
 */

/** What the generated config depends on. */
export interface PipelineSettings {
  /** The outputs, each receiving every record. */
  readonly outputs: LogOutput[];
  /** The agent's own log level, in its words (Fluent Bit `warn`, Fluentd `warn`). */
  readonly logLevel: string;
  /** Seconds between flushes, when set. */
  readonly flushSeconds?: number;
  /** The bound of an output's buffer on disk, in the agent's size unit (`512M`), when buffering on disk. */
  readonly filesystemBufferMax?: string;
  readonly extraFilters?: string;
  /** A `custom_parsers.conf` is written next to the config. */
  readonly extraParsers: boolean;
  readonly useKubelet: boolean;
  /** Where the config files are mounted in the container. */
  readonly configDir: string;
  /** Docker's json-file logs (also under /var/lib/docker/containers) instead of CRI logs. */
  readonly docker: boolean;
  /** The systemd units read from the journal; empty for none. */
  readonly journalUnits: string[];
  /** The writable state directory (same path in the container as on the node). */
  readonly stateDir: string;
  /** The agent's HTTP port (health and metrics). */
  readonly port: number;
  /** A glob of the collector's own log files, skipped when printing to stdout. */
  readonly ownLogs: string;
  /** The `job` label for Loki. */
  readonly job: string;
}

/** The environment variables that carry an output's credentials from its Secret. */
export function authVariables(index: number, auth: LogOutputAuth): string[] {
  return auth.kind === LogOutputAuthKind.BASIC ? [`OUTPUT${index}_USERNAME`, `OUTPUT${index}_PASSWORD`] : [`OUTPUT${index}_TOKEN`];
}

/** The file Fluent Bit is started with when the config is generated. */
export const FLUENT_BIT_MAIN = 'fluent-bit.conf';
/** The extra Fluent Bit parsers, next to the config. */
export const CUSTOM_PARSERS = 'custom_parsers.conf';
/** The file Fluentd is started with. */
export const FLUENTD_MAIN = 'fluent.conf';
/** The file Filebeat is started with. */
export const FILEBEAT_MAIN = 'filebeat.yml';

export const CONTAINER_LOGS = '/var/log/containers/*.log';
/** The persistent and the volatile journal directories (systemd-journald). */
export const JOURNAL = '/var/log/journal';
export const VOLATILE_JOURNAL = '/run/log/journal';
export const LOKI_PUSH = '/loki/api/v1/push';

/** A parsed `http(s)://` URL. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** The path, `/` when none was given. */
  readonly path: string;
  /** The URL as given, without a trailing slash. */
  readonly url: string;
}

/** What `parseEndpoint` answers for a URL with a user or password. */
export const CREDENTIALS_IN_URL = 'a URL without credentials';

/** The URL with any user and password replaced by `***`, to show in an error. */
export function redactUrl(url: unknown): unknown {
  return typeof url === 'string' ? url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#]*@/, '$1***@') : url;
}

/** Parses an output URL; returns what is wrong with it as a string. */
export function parseEndpoint(url: unknown): Endpoint | string {
  if (typeof url !== 'string' || url.trim() === '') {
    return 'an absolute http:// or https:// URL';
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'an absolute http:// or https:// URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return 'an absolute http:// or https:// URL';
  }
  if (parsed.username || parsed.password) {
    return CREDENTIALS_IN_URL;
  }
  if (parsed.search || parsed.hash) {
    return 'a URL without a query or fragment';
  }
  const tls = parsed.protocol === 'https:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : (tls ? 443 : 80),
    tls,
    path: parsed.pathname || '/',
    url: url.replace(/\/+$/, ''),
  };
}

/** The endpoint of an output whose URL was checked at construction. */
export function endpointOf(output: LogOutput): Endpoint {
  const endpoint = parseEndpoint(output.url);
  if (typeof endpoint === 'string') {
    throw new Error(`invalid output URL ${output.url}: checked before rendering`);
  }
  return endpoint;
}
