import { CONTAINER_LOGS, endpointOf, FILEBEAT_MAIN, JOURNAL, JOURNAL_UNITS, PipelineSettings } from './pipeline';
import { LogOutput, LogOutputKind } from '../output';

// The default pipeline in Filebeat's YAML config. Strings are written as JSON strings, which YAML
// reads as they are.

const q = (value: string) => JSON.stringify(value);

/** A glob of `/var/log/containers` file names as the regular expression Filebeat's exclude_files takes. */
function globToRegex(glob: string): string {
  return `^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`;
}

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
        // Daily indices, as the other agents write them; Filebeat retries a failed bulk request forever.
        `  index: ${q(`${prefix}-%{+yyyy.MM.dd}`)}`,
        // A custom index needs its own template name and pattern, and no lifecycle policy.
        `setup.template.name: ${q(prefix)}`,
        `setup.template.pattern: ${q(`${prefix}-*`)}`,
        'setup.ilm.enabled: false',
      ];
    }
    default:
      // Refused at construction (checkAgentOutput): Filebeat has no such output.
      throw new Error(`Filebeat has no ${output.kind} output: checked before rendering`);
  }
}

/** The Filebeat config: `filebeat.yml`. */
export function renderFilebeat(s: PipelineSettings): Record<string, string> {
  const lines = [
    // The registry of read positions, in the state directory, so a restart neither loses nor repeats lines.
    `path.data: ${q(s.stateDir)}`,
    'http.enabled: true',
    'http.host: "0.0.0.0"',
    `http.port: ${s.port}`,
    'filebeat.inputs:',
    '  - type: filestream',
    '    id: kubernetes-container-logs',
    '    paths:',
    `      - ${q(CONTAINER_LOGS)}`,
    ...(s.output.kind === LogOutputKind.STDOUT ? ['    exclude_files:', `      - ${q(globToRegex(s.ownLogs))}`] : []),
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
  if (s.readJournal) {
    lines.push(
      '  - type: journald',
      '    id: node-journal',
      '    paths:',
      `      - ${q(JOURNAL)}`,
      '    include_matches.match:',
      ...JOURNAL_UNITS.map(unit => `      - ${q(`_SYSTEMD_UNIT=${unit}`)}`),
      '    seek: cursor',
      '    cursor_seek_fallback: tail',
    );
  }
  lines.push(...filebeatOutput(s.output));
  return { [FILEBEAT_MAIN]: lines.join('\n') + '\n' };
}
