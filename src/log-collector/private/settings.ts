import { Chart, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkAgent, checkConfig, checkFilebeat, checkHostMounts, checkJournalUnits, checkNames, checkOutput, checkPipelineOptions, checkStateDir } from './checks';
import { DOCKER_CONTAINERS, LC_DEFAULTS, VAR_LOG } from './defaults';
import { fail } from '../../core/private/errors';
import { checkImage } from '../../core/private/images';
import { checkMonitorOptions } from '../../core/private/monitors';
import { holdsExclusively, noSurgeStrategy } from '../../core/private/no-surge';
import { DaemonSetUpdateStrategy } from '../../core/update-strategy';
import { toDnsLabel } from '../../validation/names';
import { LogCollectorAgent, LogCollectorAgentKind } from '../agent';
import { ContainerRuntime } from '../container-runtime';
import { LogCollectorHostMount } from '../host-mount';
import { LogOutput, LogOutputKind } from '../output';
import { LogCollectorFilesystemBufferOptions, LogCollectorLogLevel } from '../pipeline-options';
import type { LogCollectorDaemonSetProps } from '../props';

/** The props of a `LogCollectorDaemonSet` with every default resolved and every check passed. */
export interface LogCollectorSettings {
  readonly agent: LogCollectorAgent;
  readonly containerRuntime: ContainerRuntime;
  /** Docker's json-file logs instead of CRI logs. */
  readonly docker: boolean;
  readonly runAsRoot: boolean;
  readonly stateDir: string;
  /** The systemd units read from the journal; empty for none. */
  readonly journalUnits: string[];
  /** The container gets the node's /etc/machine-id (the agent asks for it, or Fluent Bit or Filebeat reads the journal). */
  readonly mountMachineId: boolean;
  readonly hostMounts: LogCollectorHostMount[];
  /** The output of the generated pipeline (the first of `outputs`); undefined with `configFiles`. */
  readonly output?: LogOutput;
  /** The outputs of the generated pipeline; empty with `configFiles`. */
  readonly outputs: LogOutput[];
  readonly logLevel: LogCollectorLogLevel;
  readonly flushInterval?: Duration;
  readonly filesystemBuffer?: LogCollectorFilesystemBufferOptions;
  readonly extraFilters?: string;
  readonly extraParsers?: string;
  readonly luaScripts: { [file: string]: string };
  readonly useKubelet: boolean;
  readonly image: string;
  readonly name: string;
  readonly namespace: string;
  /** The requested strategy; for Filebeat, never a surge (see `resolveSettings`). */
  readonly updateStrategy?: DaemonSetUpdateStrategy;
}

/**
 * Resolves the defaults of the props and checks them, in that order, before anything is built: a
 * contradiction throws at construction, naming the prop.
 */
export function resolveSettings(scope: IConstruct, id: string, props: LogCollectorDaemonSetProps): LogCollectorSettings {
  const agent = props.agent ?? LogCollectorAgent.fluentBit();
  const containerRuntime = props.containerRuntime ?? ContainerRuntime.CRI;
  const runAsRoot = props.runAsRoot ?? true;
  const stateDir = props.stateDir ?? agent.stateDir;
  // None by default for Filebeat: the journald input runs journalctl, which its default image lacks.
  const noJournal = props.configFiles !== undefined || agent.kind === LogCollectorAgentKind.FILEBEAT;
  const journalUnits = props.journalUnits ?? (noJournal ? [] : [...LC_DEFAULTS.journalUnits]);
  const docker = containerRuntime === ContainerRuntime.DOCKER;
  const hostMounts = props.hostMounts ?? [];

  checkAgent(scope, agent);
  checkConfig(scope, props, agent);
  checkJournalUnits(scope, journalUnits);
  checkMonitorOptions(scope, 'serviceMonitor', props.serviceMonitor);
  checkMonitorOptions(scope, 'podMonitor', props.podMonitor);
  checkPipelineOptions(scope, props, agent);
  const outputs = props.configFiles ? [] : props.outputs ?? [props.output ?? LogOutput.stdout()];
  outputs.forEach((o, i) => checkOutput(scope, o, props.outputs ? `outputs[${i}]` : 'output', agent));
  const output = outputs[0];
  const image = resolveImage(scope, agent, outputs);
  checkImage(scope, 'agent.image', image, LogCollectorAgent.FLUENT_BIT_IMAGE);
  checkFilebeat(scope, props, agent, outputs, journalUnits, image);
  if (props.machineIdImage !== undefined) {
    checkImage(scope, 'machineIdImage', props.machineIdImage, LC_DEFAULTS.machineIdImage);
  }
  const readOnlyPaths = [VAR_LOG, ...(docker ? [DOCKER_CONTAINERS] : []), ...hostMounts.map(m => m.path)];
  checkHostMounts(scope, hostMounts, docker, journalUnits.length > 0);
  checkStateDir(scope, stateDir, readOnlyPaths);

  const name = props.name ?? toDnsLabel(id);
  const namespace = props.namespace ?? Chart.of(scope).namespace ?? LC_DEFAULTS.namespace;
  checkNames(scope, name, namespace);
  // Fluent Bit and Filebeat (journalctl) open the journal of the local machine (its default
  // locations, volatile and persistent), which they recognise by the machine id.
  const localJournal = agent.kind === LogCollectorAgentKind.FLUENT_BIT || agent.kind === LogCollectorAgentKind.FILEBEAT;
  const mountMachineId = agent.mountMachineId || (localJournal && journalUnits.length > 0);
  // The state directory is the collector's own on its node: no surge (see stateHeld).
  const updateStrategy = noSurgeStrategy(scope, props.updateStrategy, holdsExclusively(stateHeld(agent, stateDir)));
  return {
    agent,
    containerRuntime,
    docker,
    runAsRoot,
    stateDir,
    journalUnits,
    mountMachineId,
    hostMounts,
    output,
    outputs,
    image,
    name,
    namespace,
    logLevel: props.logLevel ?? LogCollectorLogLevel.INFO,
    flushInterval: props.flushInterval,
    filesystemBuffer: props.filesystemBuffer,
    extraFilters: props.extraFilters,
    extraParsers: props.extraParsers,
    luaScripts: { ...props.luaScripts },
    useKubelet: props.useKubelet ?? false,
    updateStrategy,
  };
}

/** The agent's image; for Fluentd without one, the published image that carries the output's plugin. */
function resolveImage(scope: IConstruct, agent: LogCollectorAgent, outputs: LogOutput[]): string {
  if (agent.image !== undefined) {
    return agent.image;
  }
  // Only Fluentd leaves the image to the output: each daemonset image carries one output plugin.
  if (outputs.some(o => o.kind === LogOutputKind.LOKI)) {
    fail(scope, {
      prop: 'agent.image',
      problem: 'is required for Fluentd with a Loki output: no published fluentd-kubernetes-daemonset image has the Loki plugin',
      received: undefined,
      allowed: 'a Fluentd image with fluent-plugin-grafana-loki, the Kubernetes metadata, CRI parser and Prometheus plugins',
      fix: 'pass LogCollectorAgent.fluentd({ image }) with such an image, or use LogCollectorAgent.fluentBit(), which ships a Loki output',
    });
  }
  return outputs.some(o => o.kind === LogOutputKind.ELASTICSEARCH) ? LogCollectorAgent.FLUENTD_ELASTICSEARCH_IMAGE : LogCollectorAgent.FLUENTD_IMAGE;
}

/**
 * What the collector holds in its state directory, which a second collector next to it on the node
 * (a surge pod) must not share: for the no-surge message.
 */
function stateHeld(agent: LogCollectorAgent, stateDir: string): string {
  switch (agent.kind) {
    case LogCollectorAgentKind.FLUENT_BIT:
      return `its tail database (${stateDir}/tail-containers.db, opened with DB.locking true), which a second Fluent Bit cannot open: it would crash-loop and the rollout hang,`;
    case LogCollectorAgentKind.FLUENTD:
      return `its position file (${stateDir}/tail-containers.pos), which a second Fluentd would advance too, both shipping the same lines,`;
    case LogCollectorAgentKind.FILEBEAT:
      return `the lock on its data directory (${stateDir}/filebeat.lock), which a second Filebeat refuses to share,`;
    default:
      return `its state directory (${stateDir}), where collectors keep read positions, databases and locks of their own,`;
  }
}
