import { renderFilebeat } from './filebeat';
import { renderFluentBit } from './fluent-bit';
import { renderFluentd } from './fluentd';
import { CUSTOM_PARSERS, PipelineSettings } from './pipeline';
import { LogCollectorSettings } from './settings';
import { LogCollectorAgentKind } from '../agent';
import { LogOutput } from '../output';
import { LogCollectorLogLevel } from '../pipeline-options';

/**
 * The generated config files of the collector: the default pipeline in its agent's config
 * language. `daemonSetName` names the collector's own log files, which printing to stdout skips.
 */
export function renderPipeline(s: LogCollectorSettings, daemonSetName: string): Record<string, string> {
  const fluentd = s.agent.kind === LogCollectorAgentKind.FLUENTD;
  const filebeat = s.agent.kind === LogCollectorAgentKind.FILEBEAT;
  const settings: PipelineSettings = {
    outputs: s.outputs.length > 0 ? s.outputs : [LogOutput.stdout()],
    // Fluent Bit and Fluentd say `warn`; Filebeat says `warning`.
    logLevel: s.logLevel === LogCollectorLogLevel.WARNING && !filebeat ? 'warn' : s.logLevel,
    flushSeconds: s.flushInterval ? s.flushInterval.toMilliseconds() / 1000 : undefined,
    filesystemBufferMax: s.filesystemBuffer ? `${s.filesystemBuffer.maxSize?.toMebibytes() ?? 512}${fluentd ? 'MB' : filebeat ? 'MiB' : 'M'}` : undefined,
    extraFilters: s.extraFilters,
    extraParsers: s.extraParsers !== undefined,
    useKubelet: s.useKubelet,
    configDir: s.agent.configDir,
    docker: s.docker,
    journalUnits: s.journalUnits,
    stateDir: s.stateDir,
    port: s.agent.port,
    ownLogs: `/var/log/containers/${daemonSetName}-*_${s.namespace}_${s.agent.name}-*.log`,
    job: s.agent.name,
  };
  switch (s.agent.kind) {
    case LogCollectorAgentKind.FLUENTD:
      return renderFluentd(settings);
    case LogCollectorAgentKind.FILEBEAT:
      return renderFilebeat(settings);
    default:
      return {
        ...renderFluentBit(settings),
        ...(s.extraParsers !== undefined ? { [CUSTOM_PARSERS]: s.extraParsers } : {}),
        ...s.luaScripts,
      };
  }
}
