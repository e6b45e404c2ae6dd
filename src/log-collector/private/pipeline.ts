import { LogOutput, LogOutputKind } from '../output';

/**
 * Renders the default pipeline of a `LogCollectorDaemonSet` (tail the container logs, add the
 * Kubernetes metadata, send to the output) in each agent's own config language. Not part of the
 * public API.
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

const CONTAINER_LOGS = '/var/log/containers/*.log';
const JOURNAL = '/var/log/journal';
const JOURNAL_UNITS = ['kubelet.service', 'containerd.service', 'crio.service', 'docker.service'];
const LOKI_PUSH = '/loki/api/v1/push';

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

function endpointOf(output: LogOutput): Endpoint {
  const endpoint = parseEndpoint(output.url);
  if (typeof endpoint === 'string') {
    throw new Error(`invalid output URL ${output.url}: checked before rendering`);
  }
  return endpoint;
}

// ---------------------------------------------------------------- Fluent Bit (classic format)

function section(name: string, entries: Array<[string, string | number | undefined]>): string {
  const present = entries.filter((e): e is [string, string | number] => e[1] !== undefined);
  const width = Math.max(...present.map(([key]) => key.length));
  return [`[${name}]`, ...present.map(([key, value]) => `    ${key.padEnd(width)} ${value}`)].join('\n');
}

function fluentBitTls(tls: boolean): Array<[string, string | undefined]> {
  return tls ? [['tls', 'On'], ['tls.verify', 'On']] : [];
}

function fluentBitOutput(output: LogOutput, job: string): string {
  switch (output.kind) {
    case LogOutputKind.STDOUT:
      return section('OUTPUT', [['Name', 'stdout'], ['Match', '*'], ['Format', 'json_lines']]);
    case LogOutputKind.FORWARD:
      return section('OUTPUT', [
        ['Name', 'forward'], ['Match', '*'], ['Host', output.host], ['Port', output.port],
        ...fluentBitTls(output.tls === true),
        ['Retry_Limit', 'False'],
      ]);
    case LogOutputKind.HTTP: {
      const e = endpointOf(output);
      return section('OUTPUT', [
        ['Name', 'http'], ['Match', '*'], ['Host', e.host], ['Port', e.port], ['URI', e.path],
        ['Format', 'json_lines'], ['Json_Date_Key', 'time'], ['Json_Date_Format', 'iso8601'],
        ...fluentBitTls(e.tls),
        ['Retry_Limit', 'False'],
      ]);
    }
    case LogOutputKind.LOKI: {
      const e = endpointOf(output);
      const labels = [`job=${job}`, 'node=${NODE_NAME}', ...Object.entries(output.labels ?? {}).map(([k, v]) => `${k}=${v}`)];
      return section('OUTPUT', [
        ['Name', 'loki'], ['Match', '*'], ['Host', e.host], ['Port', e.port], ['Uri', e.path === '/' ? LOKI_PUSH : e.path],
        ...fluentBitTls(e.tls),
        ['Tenant_ID', output.tenantId],
        ['Labels', labels.join(', ')],
        ['Label_Keys', '$kubernetes[\'namespace_name\'],$kubernetes[\'pod_name\'],$kubernetes[\'container_name\']'],
        ['Line_Format', 'json'],
        ['Retry_Limit', 'False'],
      ]);
    }
    case LogOutputKind.ELASTICSEARCH: {
      const e = endpointOf(output);
      return section('OUTPUT', [
        ['Name', 'es'], ['Match', '*'], ['Host', e.host], ['Port', e.port], ['Path', e.path === '/' ? undefined : e.path.replace(/\/+$/, '')],
        ...fluentBitTls(e.tls),
        ['Logstash_Format', 'On'], ['Logstash_Prefix', output.indexPrefix], ['Suppress_Type_Name', 'On'], ['Replace_Dots', 'On'],
        ['Retry_Limit', 'False'],
      ]);
    }
  }
}

/** The Fluent Bit config: `fluent-bit.conf`. */
export function renderFluentBit(s: PipelineSettings): Record<string, string> {
  const sections = [
    section('SERVICE', [
      ['Daemon', 'Off'],
      ['Flush', 1],
      ['Log_Level', 'info'],
      // The parsers shipped in the image (json, docker, syslog...), for pods that suggest one.
      ['Parsers_File', '/fluent-bit/etc/parsers.conf'],
      ['HTTP_Server', 'On'],
      ['HTTP_Listen', '0.0.0.0'],
      ['HTTP_Port', s.port],
      ['Health_Check', 'On'],
    ]),
    section('INPUT', [
      ['Name', 'tail'],
      ['Tag', 'kube.*'],
      ['Path', CONTAINER_LOGS],
      ['Exclude_Path', s.output.kind === LogOutputKind.STDOUT ? s.ownLogs : undefined],
      ['multiline.parser', s.docker ? 'docker, cri' : 'cri'],
      ['DB', `${s.stateDir}/tail-containers.db`],
      ['DB.locking', 'true'],
      ['Mem_Buf_Limit', '5MB'],
      ['Skip_Long_Lines', 'On'],
      ['Refresh_Interval', 10],
    ]),
  ];
  if (s.readJournal) {
    sections.push(section('INPUT', [
      ['Name', 'systemd'],
      ['Tag', 'host.*'],
      // Opening the journal by directory reads it without the node's /etc/machine-id.
      ['Path', JOURNAL],
      ...JOURNAL_UNITS.map((unit): [string, string] => ['Systemd_Filter', `_SYSTEMD_UNIT=${unit}`]),
      ['Read_From_Tail', 'On'],
      ['DB', `${s.stateDir}/journal.db`],
    ]));
  }
  sections.push(
    section('FILTER', [
      ['Name', 'kubernetes'],
      ['Match', 'kube.*'],
      ['Kube_URL', 'https://kubernetes.default.svc:443'],
      ['Merge_Log', 'On'],
      ['Keep_Log', 'Off'],
      ['K8S-Logging.Parser', 'On'],
      ['K8S-Logging.Exclude', 'On'],
    ]),
    fluentBitOutput(s.output, s.job),
  );
  return { [FLUENT_BIT_MAIN]: sections.join('\n\n') + '\n' };
}

// ---------------------------------------------------------------- Fluentd

function block(open: string, lines: string[], close: string): string[] {
  return [open, ...lines.map(l => `  ${l}`), close];
}

const FLUENTD_BUFFER = block('<buffer>', ['flush_interval 5s', 'retry_forever true'], '</buffer>');

function fluentdOutput(output: LogOutput, job: string): string[] {
  const match = (lines: string[]) => block('<match **>', lines, '</match>');
  switch (output.kind) {
    case LogOutputKind.STDOUT:
      return match(['@type stdout']);
    case LogOutputKind.FORWARD:
      return match([
        '@type forward',
        ...(output.tls ? ['transport tls', 'tls_verify_hostname true'] : []),
        ...block('<server>', [`host ${output.host}`, `port ${output.port}`], '</server>'),
        ...FLUENTD_BUFFER,
      ]);
    case LogOutputKind.HTTP:
      return match([
        '@type http',
        `endpoint ${endpointOf(output).url}`,
        'json_array false',
        ...block('<format>', ['@type json'], '</format>'),
        ...FLUENTD_BUFFER,
      ]);
    case LogOutputKind.LOKI: {
      const e = endpointOf(output);
      // The plugin appends the push path itself.
      const base = e.url.endsWith(LOKI_PUSH) ? e.url.slice(0, -LOKI_PUSH.length) : e.url;
      return match([
        '@type loki',
        `url ${base}`,
        ...(output.tenantId ? [`tenant ${output.tenantId}`] : []),
        `extra_labels ${JSON.stringify({ job, ...output.labels })}`,
        ...block('<label>', [
          'node $.kubernetes.host',
          'namespace $.kubernetes.namespace_name',
          'pod $.kubernetes.pod_name',
          'container $.kubernetes.container_name',
        ], '</label>'),
        'line_format json',
        ...FLUENTD_BUFFER,
      ]);
    }
    case LogOutputKind.ELASTICSEARCH: {
      const e = endpointOf(output);
      return match([
        '@type elasticsearch',
        `host ${e.host}`,
        `port ${e.port}`,
        `scheme ${e.tls ? 'https' : 'http'}`,
        ...(e.tls ? ['ssl_verify true'] : []),
        ...(e.path === '/' ? [] : [`path ${e.path.replace(/\/+$/, '')}`]),
        'logstash_format true',
        `logstash_prefix ${output.indexPrefix}`,
        'suppress_type_name true',
        ...FLUENTD_BUFFER,
      ]);
    }
  }
}

/** The Fluentd config: `fluent.conf`. */
export function renderFluentd(s: PipelineSettings): Record<string, string> {
  const lines: string[] = [
    ...block('<system>', ['log_level info'], '</system>'),
    '',
    ...block('<source>', ['@type prometheus', 'bind 0.0.0.0', `port ${s.port}`, 'metrics_path /metrics'], '</source>'),
    ...block('<source>', ['@type prometheus_monitor'], '</source>'),
    ...block('<source>', ['@type prometheus_output_monitor'], '</source>'),
    '',
    ...block('<source>', [
      '@type tail',
      '@id in_tail_container_logs',
      `path ${CONTAINER_LOGS}`,
      ...(s.output.kind === LogOutputKind.STDOUT ? [`exclude_path ${JSON.stringify([s.ownLogs])}`] : []),
      `pos_file ${s.stateDir}/tail-containers.pos`,
      'tag kubernetes.*',
      'read_from_head true',
      'follow_inodes true',
      ...(s.docker
        ? block('<parse>', ['@type json', 'time_key time', 'time_format %Y-%m-%dT%H:%M:%S.%NZ'], '</parse>')
        : block('<parse>', ['@type cri'], '</parse>')),
    ], '</source>'),
  ];
  if (s.readJournal) {
    lines.push('', ...block('<source>', [
      '@type systemd',
      '@id in_systemd_node',
      // Opening the journal by directory reads it without the node's /etc/machine-id.
      `path ${JOURNAL}`,
      `matches ${JSON.stringify(JOURNAL_UNITS.map(unit => ({ _SYSTEMD_UNIT: unit })))}`,
      'read_from_head false',
      'tag host.journal',
      ...block('<storage>', ['@type local', 'persistent true', `path ${s.stateDir}/journal.pos`], '</storage>'),
      ...block('<entry>', ['fields_strip_underscores true'], '</entry>'),
    ], '</source>'));
  }
  lines.push(
    '',
    // Watches the pods of this node only (K8S_NODE_NAME), so lookups stay on the node.
    ...block('<filter kubernetes.**>', ['@type kubernetes_metadata', '@id filter_kube_metadata'], '</filter>'),
    '',
    ...fluentdOutput(s.output, s.job),
  );
  return { [FLUENTD_MAIN]: lines.join('\n') + '\n' };
}
