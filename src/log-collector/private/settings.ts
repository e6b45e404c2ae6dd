import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkAgent, checkAgentOutput, checkConfig, checkHostMounts, checkNames, checkOutput, checkStateDir } from './checks';
import { DOCKER_CONTAINERS, LC_DEFAULTS, VAR_LOG } from './defaults';
import { fail } from '../../core/private/errors';
import { noSurgeStrategy } from '../../core/private/no-surge';
import { DaemonSetUpdateStrategy } from '../../core/update-strategy';
import { toDnsLabel } from '../../validation/names';
import { LogCollectorAgent, LogCollectorAgentKind } from '../agent';
import { ContainerRuntime } from '../container-runtime';
import { LogCollectorHostMount } from '../host-mount';
import { LogOutput, LogOutputKind } from '../output';
import type { LogCollectorDaemonSetProps } from '../props';

/** The props of a `LogCollectorDaemonSet` with every default resolved and every check passed. */
export interface LogCollectorSettings {
  readonly agent: LogCollectorAgent;
  readonly containerRuntime: ContainerRuntime;
  /** Docker's json-file logs instead of CRI logs. */
  readonly docker: boolean;
  readonly runAsRoot: boolean;
  readonly stateDir: string;
  readonly readJournal: boolean;
  readonly hostMounts: LogCollectorHostMount[];
  /** The output of the generated pipeline; undefined with `configFiles`. */
  readonly output?: LogOutput;
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
  const readJournal = props.readJournal ?? false;
  const docker = containerRuntime === ContainerRuntime.DOCKER;
  const hostMounts = props.hostMounts ?? [];

  checkAgent(scope, agent);
  checkConfig(scope, props, agent, readJournal);
  const output = props.configFiles ? undefined : props.output ?? LogOutput.stdout();
  if (output) {
    checkOutput(scope, output);
    checkAgentOutput(scope, agent, output, props.serviceMonitor ?? false);
  }
  const image = resolveImage(scope, agent, output);
  const readOnlyPaths = [VAR_LOG, ...(docker ? [DOCKER_CONTAINERS] : []), ...hostMounts.map(m => m.path)];
  checkHostMounts(scope, hostMounts, docker);
  checkStateDir(scope, stateDir, readOnlyPaths);

  const name = props.name ?? toDnsLabel(id);
  const namespace = props.namespace ?? Chart.of(scope).namespace ?? LC_DEFAULTS.namespace;
  checkNames(scope, name, namespace);
  // The state directory is the collector's own on its node: no surge (see stateHeld).
  const updateStrategy = noSurgeStrategy(scope, props.updateStrategy, stateHeld(agent, stateDir));
  return { agent, containerRuntime, docker, runAsRoot, stateDir, readJournal, hostMounts, output, image, name, namespace, updateStrategy };
}

/** The agent's image; for Fluentd without one, the published image that carries the output's plugin. */
function resolveImage(scope: IConstruct, agent: LogCollectorAgent, output: LogOutput | undefined): string {
  if (agent.image !== undefined) {
    return agent.image;
  }
  // Only Fluentd leaves the image to the output: each daemonset image carries one output plugin.
  if (output?.kind === LogOutputKind.LOKI) {
    fail(scope, {
      prop: 'agent.image',
      problem: 'is required for Fluentd with a Loki output: no published fluentd-kubernetes-daemonset image has the Loki plugin',
      received: undefined,
      allowed: 'a Fluentd image with fluent-plugin-grafana-loki, the Kubernetes metadata, CRI parser and Prometheus plugins',
      fix: 'pass LogCollectorAgent.fluentd({ image }) with such an image, or use LogCollectorAgent.fluentBit(), which ships a Loki output',
    });
  }
  return output?.kind === LogOutputKind.ELASTICSEARCH ? LogCollectorAgent.FLUENTD_ELASTICSEARCH_IMAGE : LogCollectorAgent.FLUENTD_IMAGE;
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
