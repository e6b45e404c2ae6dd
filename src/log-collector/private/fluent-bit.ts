import { authVariables, CONTAINER_LOGS, CUSTOM_PARSERS, endpointOf, FLUENT_BIT_MAIN, LOKI_PUSH, PipelineSettings } from './pipeline';
import { LogOutput, LogOutputKind } from '../output';
import { LogOutputAuthKind } from '../output-auth';

// The default pipeline in Fluent Bit's classic config format.

/** The Loki labels taken from each record's Kubernetes metadata: label name to the metadata key. */
const LOKI_RECORD_LABELS = { namespace: 'namespace_name', pod: 'pod_name', container: 'container_name' };

function section(name: string, entries: Array<[string, string | number | undefined]>): string {
  const present = entries.filter((e): e is [string, string | number] => e[1] !== undefined);
  const width = Math.max(...present.map(([key]) => key.length));
  return [`[${name}]`, ...present.map(([key, value]) => `    ${key.padEnd(width)} ${value}`)].join('\n');
}

function fluentBitTls(tls: boolean): Array<[string, string | undefined]> {
  return tls ? [['tls', 'On'], ['tls.verify', 'On']] : [];
}

/** An output's credentials: `${VAR}` references to the variables that come from its Secret. */
function fluentBitAuth(output: LogOutput, index: number): Array<[string, string]> {
  if (!output.auth) {
    return [];
  }
  const [first, second] = authVariables(index, output.auth).map(v => `\${${v}}`);
  if (output.auth.kind === LogOutputAuthKind.BASIC) {
    return [['HTTP_User', first], ['HTTP_Passwd', second]];
  }
  return output.kind === LogOutputKind.LOKI ? [['Bearer_Token', first]] : [['Header', `Authorization Bearer ${first}`]];
}

function fluentBitOutput(output: LogOutput, job: string, index: number, s: PipelineSettings): string {
  const common: Array<[string, string | undefined]> = [
    ...fluentBitAuth(output, index),
    // Filesystem buffering: each output's share of the buffer on disk is bounded.
    ['storage.total_limit_size', s.filesystemBufferMax],
  ];
  switch (output.kind) {
    case LogOutputKind.STDOUT:
      return section('OUTPUT', [['Name', 'stdout'], ['Match', '*'], ['Format', 'json_lines']]);
    case LogOutputKind.FORWARD:
      return section('OUTPUT', [
        ['Name', 'forward'], ['Match', '*'], ['Host', output.host], ['Port', output.port],
        ...fluentBitTls(output.tls === true),
        ...common,
        ['Retry_Limit', 'False'],
      ]);
    case LogOutputKind.HTTP: {
      const e = endpointOf(output);
      return section('OUTPUT', [
        ['Name', 'http'], ['Match', '*'], ['Host', e.host], ['Port', e.port], ['URI', e.path],
        ['Format', 'json_lines'], ['Json_Date_Key', 'time'], ['Json_Date_Format', 'iso8601'],
        ...fluentBitTls(e.tls),
        ...common,
        ['Retry_Limit', 'False'],
      ]);
    }
    case LogOutputKind.LOKI: {
      const e = endpointOf(output);
      // out_loki names a label after its key in `Labels`, also when the value is a record accessor
      // (`namespace=$kubernetes['namespace_name']` gives `namespace`); `Label_Keys` would name it
      // after the accessor's path (`kubernetes_namespace_name`). A record without the key (a journal
      // line) gets no such label.
      const labels = [
        `job=${job}`,
        'node=${NODE_NAME}',
        ...Object.entries(LOKI_RECORD_LABELS).map(([label, key]) => `${label}=$kubernetes['${key}']`),
        ...Object.entries(output.labels ?? {}).map(([k, v]) => `${k}=${v}`),
      ];
      return section('OUTPUT', [
        ['Name', 'loki'], ['Match', '*'], ['Host', e.host], ['Port', e.port], ['Uri', e.path === '/' ? LOKI_PUSH : e.path],
        ...fluentBitTls(e.tls),
        ['Tenant_ID', output.tenantId],
        ['Labels', labels.join(', ')],
        ['Line_Format', 'json'],
        ...common,
        ['Retry_Limit', 'False'],
      ]);
    }
    case LogOutputKind.ELASTICSEARCH: {
      const e = endpointOf(output);
      return section('OUTPUT', [
        ['Name', 'es'], ['Match', '*'], ['Host', e.host], ['Port', e.port], ['Path', e.path === '/' ? undefined : e.path.replace(/\/+$/, '')],
        ...fluentBitTls(e.tls),
        ['Logstash_Format', 'On'], ['Logstash_Prefix', output.indexPrefix], ['Suppress_Type_Name', 'On'], ['Replace_Dots', 'On'],
        ...common,
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
      ['Flush', s.flushSeconds ?? 1],
      ['Log_Level', s.logLevel],
      // The parsers shipped in the image (json, docker, syslog...), for pods that suggest one.
      ['Parsers_File', '/fluent-bit/etc/parsers.conf'],
      ['Parsers_File', s.extraParsers ? `${s.configDir}/${CUSTOM_PARSERS}` : undefined],
      ['HTTP_Server', 'On'],
      ['HTTP_Listen', '0.0.0.0'],
      ['HTTP_Port', s.port],
      ['Health_Check', 'On'],
      ...(s.filesystemBufferMax ? [
        ['storage.path', `${s.stateDir}/buffer`],
        ['storage.sync', 'normal'],
        ['storage.backlog.mem_limit', '5M'],
      ] as Array<[string, string]> : []),
    ]),
    section('INPUT', [
      ['Name', 'tail'],
      ['Tag', 'kube.*'],
      ['Path', CONTAINER_LOGS],
      ['Exclude_Path', s.outputs.some(o => o.kind === LogOutputKind.STDOUT) ? s.ownLogs : undefined],
      ['multiline.parser', s.docker ? 'docker, cri' : 'cri'],
      ['DB', `${s.stateDir}/tail-containers.db`],
      ['DB.locking', 'true'],
      ['Mem_Buf_Limit', '5MB'],
      ['Skip_Long_Lines', 'On'],
      ['Refresh_Interval', 10],
      ['storage.type', s.filesystemBufferMax ? 'filesystem' : undefined],
    ]),
  ];
  if (s.journalUnits.length > 0) {
    sections.push(section('INPUT', [
      ['Name', 'systemd'],
      ['Tag', 'host.*'],
      // No Path: libsystemd opens the local machine's journal where it is, in /var/log/journal
      // (persistent) and /run/log/journal (volatile); a missing one is skipped. A Path that does
      // not exist would stop Fluent Bit at start.
      ...s.journalUnits.map((unit): [string, string] => ['Systemd_Filter', `_SYSTEMD_UNIT=${unit}`]),
      ['Read_From_Tail', 'On'],
      ['DB', `${s.stateDir}/journal.db`],
      ['storage.type', s.filesystemBufferMax ? 'filesystem' : undefined],
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
      // The pods' metadata from the kubelet of this node (its node IP) instead of the API server.
      ...(s.useKubelet ? [['Use_Kubelet', 'On'], ['Kubelet_Host', '${NODE_IP}'], ['Kubelet_Port', '10250']] as Array<[string, string]> : []),
    ]),
    ...(s.extraFilters ? [s.extraFilters.trim()] : []),
    ...s.outputs.map((o, i) => fluentBitOutput(o, s.job, i, s)),
  );
  return { [FLUENT_BIT_MAIN]: sections.join('\n\n') + '\n' };
}
