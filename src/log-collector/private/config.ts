import { renderFluentBit } from './fluent-bit';
import { renderFluentd } from './fluentd';
import { PipelineSettings } from './pipeline';
import { LogCollectorSettings } from './settings';
import { LogCollectorAgentKind } from '../agent';
import { LogOutput } from '../output';

/**
 * The generated config files of the collector: the default pipeline in its agent's config
 * language. `daemonSetName` names the collector's own log files, which printing to stdout skips.
 */
export function renderPipeline(s: LogCollectorSettings, daemonSetName: string): Record<string, string> {
  const settings: PipelineSettings = {
    output: s.output ?? LogOutput.stdout(),
    docker: s.docker,
    journalUnits: s.journalUnits,
    stateDir: s.stateDir,
    port: s.agent.port,
    ownLogs: `/var/log/containers/${daemonSetName}-*_${s.namespace}_${s.agent.name}-*.log`,
    job: s.agent.name,
  };
  return s.agent.kind === LogCollectorAgentKind.FLUENTD ? renderFluentd(settings) : renderFluentBit(settings);
}
