import { authVariables, CONTAINER_LOGS, endpointOf, FILEBEAT_MAIN, PipelineSettings } from './pipeline';
import { LogOutput, LogOutputKind } from '../output';

// The default pipeline in Filebeat's YAML config. Strings are written as JSON strings, which YAML
// reads as they are.

const q = (value: string) => JSON.stringify(value);

/** A glob of `/var/log/containers` file names as the regular expression Filebeat's exclude_files takes. */
function globToRegex(glob: string): string {
  return `^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`;
}

/** The output's credentials: `${VAR}` references to the variables that come from its Secret (basic only). */
function filebeatAuth(output: LogOutput): string[] {
  if (!output.auth) {
    return [];
  }
  const [username, password] = authVariables(0, output.auth).map(v => q(`\${${v}}`));
  return [`  username: ${username}`, `  password: ${password}`];
}

/** Filebeat sends to exactly one output (checked at construction). */
function filebeatOutput(output: LogOutput): string[] {
  switch (output.kind) {
    case LogOutputKind.STDOUT:
      return ['output.console:', '  codec.json:', '    pretty: false'];
    case LogOutputKind.ELASTICSEARCH: {
      const e = endpointOf(output);
      const prefix = output.indexPrefix!;
      return [
        'output.elasticsearch:',
        `  hosts: [${q(`${e.tls ? 'https' : 'http'}://${e.host}:${e.port}`)}]`,
        ...(e.path === '/' ? [] : [`  path: ${q(e.path.replace(/\/+$/, ''))}`]),
        ...filebeatAuth(output),
        // Daily indices, as the other agents write them; Filebeat retries a failed bulk request forever.
        `  index: ${q(`${prefix}-%{+yyyy.MM.dd}`)}`,
        // A custom index needs its own template name and pattern, and no lifecycle policy.
        `setup.template.name: ${q(prefix)}`,
        `setup.template.pattern: ${q(`${prefix}-*`)}`,
        'setup.ilm.enabled: false',
      ];
    }
    default:
      // Refused at construction (checkFilebeat): Filebeat has no such output.
      throw new Error(`Filebeat has no ${output.kind} output: checked before rendering`);
  }
}

/** The Filebeat config: `filebeat.yml`. */
export function renderFilebeat(s: PipelineSettings): Record<string, string> {
  const output = s.outputs[0];
  const lines = [
    // The registry of read positions, in the state directory, so a restart neither loses nor repeats lines.
    `path.data: ${q(s.stateDir)}`,
    `logging.level: ${s.logLevel}`,
    'http.enabled: true',
    'http.host: "0.0.0.0"',
    `http.port: ${s.port}`,
    // Bounded on disk in the state directory (<path.data>/diskqueue), or the memory queue's flush timeout.
    ...(s.filesystemBufferMax ? ['queue.disk:', `  max_size: ${q(s.filesystemBufferMax)}`] : []),
    ...(s.flushSeconds !== undefined ? ['queue.mem:', `  flush.timeout: ${q(`${s.flushSeconds}s`)}`] : []),
    'filebeat.inputs:',
    '  - type: filestream',
    '    id: kubernetes-container-logs',
    '    paths:',
    `      - ${q(CONTAINER_LOGS)}`,
    ...(s.outputs.some(o => o.kind === LogOutputKind.STDOUT) ? ['    exclude_files:', `      - ${q(globToRegex(s.ownLogs))}`] : []),
    '    parsers:',
    '      - container:',
    '          stream: all',
    `          format: ${s.docker ? 'auto' : 'cri'}`,
    '    prospector.scanner.symlinks: true',
    '    prospector.scanner.fingerprint.enabled: true',
    '    file_identity.fingerprint: ~',
    '    processors:',
    '      - add_kubernetes_metadata:',
    '          host: ${NODE_NAME}',
    // Pods and namespaces only: the RBAC of every log collector of the library.
    '          add_resource_metadata:',
    '            node.enabled: false',
    '            deployment: false',
    '            cronjob: false',
    '          matchers:',
    '            - logs_path:',
    '                logs_path: "/var/log/containers/"',
  ];
  if (s.journalUnits.length > 0) {
    lines.push(
      '  - type: journald',
      '    id: node-journal',
      // No paths: journalctl opens the local machine's journal where it is, in /var/log/journal
      // (persistent) and /run/log/journal (volatile), recognised by the node's machine id.
      '    include_matches.match:',
      ...s.journalUnits.map(unit => `      - ${q(`_SYSTEMD_UNIT=${unit}`)}`),
      '    seek: cursor',
      '    cursor_seek_fallback: tail',
    );
  }
  if (s.extraFilters) {
    // After each input's own processors (the Kubernetes metadata), before the output.
    lines.push('processors:', ...s.extraFilters.trim().split('\n').map(line => `  ${line}`));
  }
  lines.push(...filebeatOutput(output));
  return { [FILEBEAT_MAIN]: lines.join('\n') + '\n' };
}
