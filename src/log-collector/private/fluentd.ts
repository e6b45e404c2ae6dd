import { authVariables, CONTAINER_LOGS, endpointOf, FLUENTD_MAIN, JOURNAL, LOKI_PUSH, PipelineSettings, VOLATILE_JOURNAL } from './pipeline';
import { LogOutput, LogOutputKind } from '../output';

// The default pipeline in Fluentd's config format.

function block(open: string, lines: string[], close: string): string[] {
  return [open, ...lines.map(l => `  ${l}`), close];
}

/**
 * An output's buffer: on disk in the state directory, so a backend outage neither fills the
 * container's memory (an in-memory buffer may grow to 512MB, the container's limit) nor loses the
 * buffered chunks on a restart; bounded, and the input waits once it is full.
 */
function fluentdBuffer(s: PipelineSettings, id: string): string[] {
  return block('<buffer>', [
    '@type file',
    `path ${s.stateDir}/buffer/${id}`,
    `total_limit_size ${s.filesystemBufferMax ?? '512MB'}`,
    'chunk_limit_size 8MB',
    'overflow_action block',
    `flush_interval ${s.flushSeconds ?? 5}s`,
    'retry_forever true',
  ], '</buffer>');
}

/** An output's basic credentials, from the environment variables its Secret fills. */
function fluentdCredentials(output: LogOutput, index: number, userKey: string): string[] {
  if (!output.auth) {
    return [];
  }
  const [user, password] = authVariables(index, output.auth);
  return [`${userKey} "#{ENV['${user}']}"`, `password "#{ENV['${password}']}"`];
}

/** The outputs: one `<match **>`, or a `copy` with a `<store>` each. */
function fluentdOutputs(s: PipelineSettings): string[] {
  if (s.outputs.length === 1) {
    return fluentdOutput(s, s.outputs[0], s.job, 0, lines => block('<match **>', lines, '</match>'));
  }
  return block('<match **>', ['@type copy', ...s.outputs.flatMap((o, i) => fluentdOutput(s, o, s.job, i, lines => block('<store>', lines, '</store>')))], '</match>');
}

function fluentdOutput(s: PipelineSettings, output: LogOutput, job: string, index: number, match: (lines: string[]) => string[]): string[] {
  const FLUENTD_BUFFER = fluentdBuffer(s, s.outputs.length === 1 ? output.kind : `${index}-${output.kind}`);
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
        ...(output.auth ? block('<auth>', ['method basic', ...fluentdCredentials(output, index, 'username')], '</auth>') : []),
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
        ...fluentdCredentials(output, index, 'username'),
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
        ...fluentdCredentials(output, index, 'user'),
        ...FLUENTD_BUFFER,
      ]);
    }
  }
}

/** The Fluentd config: `fluent.conf`. */
export function renderFluentd(s: PipelineSettings): Record<string, string> {
  const lines: string[] = [
    ...block('<system>', [`log_level ${s.logLevel}`], '</system>'),
    '',
    ...block('<source>', ['@type prometheus', 'bind 0.0.0.0', `port ${s.port}`, 'metrics_path /metrics'], '</source>'),
    ...block('<source>', ['@type prometheus_monitor'], '</source>'),
    ...block('<source>', ['@type prometheus_output_monitor'], '</source>'),
    '',
    ...block('<source>', [
      '@type tail',
      '@id in_tail_container_logs',
      `path ${CONTAINER_LOGS}`,
      ...(s.outputs.some(o => o.kind === LogOutputKind.STDOUT) ? [`exclude_path ${JSON.stringify([s.ownLogs])}`] : []),
      `pos_file ${s.stateDir}/tail-containers.pos`,
      'tag kubernetes.*',
      'read_from_head true',
      'follow_inodes true',
      ...(s.docker
        ? block('<parse>', ['@type json', 'time_key time', 'time_format %Y-%m-%dT%H:%M:%S.%NZ'], '</parse>')
        : block('<parse>', ['@type cri'], '</parse>')),
    ], '</source>'),
  ];
  if (s.journalUnits.length > 0) {
    // One source per journal directory, opened by path (no machine id needed): the persistent one
    // and the volatile one. On a node without one of them, that source retries (it does not stop
    // Fluentd).
    for (const [id, path, pos] of [['in_systemd_persistent', JOURNAL, 'journal.pos'], ['in_systemd_volatile', VOLATILE_JOURNAL, 'journal-volatile.pos']]) {
      lines.push('', ...block('<source>', [
        '@type systemd',
        `@id ${id}`,
        `path ${path}`,
        `matches ${JSON.stringify(s.journalUnits.map(unit => ({ _SYSTEMD_UNIT: unit })))}`,
        'read_from_head false',
        'tag host.journal',
        ...block('<storage>', ['@type local', 'persistent true', `path ${s.stateDir}/${pos}`], '</storage>'),
        ...block('<entry>', ['fields_strip_underscores true'], '</entry>'),
      ], '</source>'));
    }
  }
  lines.push(
    '',
    // Watches the pods of this node only (K8S_NODE_NAME), so lookups stay on the node.
    ...block('<filter kubernetes.**>', ['@type kubernetes_metadata', '@id filter_kube_metadata'], '</filter>'),
    ...(s.extraFilters ? ['', s.extraFilters.trim()] : []),
    '',
    ...fluentdOutputs(s),
  );
  return { [FLUENTD_MAIN]: lines.join('\n') + '\n' };
}
