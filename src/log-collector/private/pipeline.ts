import { LogOutput } from '../output';

/**
 * What the default pipeline of a `LogCollectorDaemonSet` (tail the container logs, add the
 * Kubernetes metadata, send to the output) is rendered from, shared by the renderers of each
 * agent's own config language (fluent-bit.ts, fluentd.ts). Not part of the public API.
 */

/** What the generated config depends on. */
export interface PipelineSettings {
  readonly output: LogOutput;
  /** Docker's json-file logs (also under /var/lib/docker/containers) instead of CRI logs. */
  readonly docker: boolean;
  /** Also read the kubelet's and the container runtime's journal. */
  readonly readJournal: boolean;
  /** The writable state directory (same path in the container as on the node). */
  readonly stateDir: string;
  /** The agent's HTTP port (health and metrics). */
  readonly port: number;
  /** A glob of the collector's own log files, skipped when printing to stdout. */
  readonly ownLogs: string;
  /** The `job` label for Loki. */
  readonly job: string;
}

/** The file Fluent Bit is started with when the config is generated. */
export const FLUENT_BIT_MAIN = 'fluent-bit.conf';
/** The file Fluentd is started with. */
export const FLUENTD_MAIN = 'fluent.conf';
/** The file Filebeat is started with. */
export const FILEBEAT_MAIN = 'filebeat.yml';

export const CONTAINER_LOGS = '/var/log/containers/*.log';
export const JOURNAL = '/var/log/journal';
export const JOURNAL_UNITS = ['kubelet.service', 'containerd.service', 'crio.service', 'docker.service'];
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
    return 'a URL without credentials (the config is stored in a ConfigMap, readable by anyone who can read the namespace)';
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
