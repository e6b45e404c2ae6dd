import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { AGENT_RESOURCES } from './defaults';
import { authVariables, FILEBEAT_MAIN, FLUENT_BIT_MAIN, FLUENTD_MAIN } from './pipeline';
import { LogCollectorSettings } from './settings';
import { DaemonSet } from '../../core/daemon-set';
import { agentEnv } from '../../core/private/agent-options';
import { noLimitsOf, withResourceDefaults } from '../../core/private/container-defaults';
import { LogCollectorAgent, LogCollectorAgentKind } from '../agent';
import { LogOutput } from '../output';
import type { LogCollectorDaemonSetProps } from '../props';

/** The collector's container: its command line, ports, node name, probes on its health endpoint, and its user. */
export function collectorContainer(
  scope: IConstruct, s: LogCollectorSettings, files: Record<string, string>, props: LogCollectorDaemonSetProps,
): kplus.ContainerProps {
  const agent = s.agent;
  const nodeName = kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME);
  const defaults = AGENT_RESOURCES[agent.kind];
  const noLimits = noLimitsOf(props.relaxations ?? [], agent.name);
  const [command, args] = commandLine(agent, files);
  return {
    name: agent.name,
    image: s.image,
    command,
    args,
    ports: [
      { name: 'http', number: agent.port },
      ...(agent.metricsPort === agent.port ? [] : [{ name: 'metrics', number: agent.metricsPort }]),
    ],
    ...agentEnv(scope, props, {
      NODE_NAME: nodeName,
      // Fluentd's metadata filter watches only the pods of this node.
      ...(agent.kind === LogCollectorAgentKind.FLUENTD ? { K8S_NODE_NAME: nodeName } : {}),
      ...(s.useKubelet ? { NODE_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP) } : {}),
      ...credentialEnv(scope, s.outputs),
    }),
    imagePullPolicy: props.imagePullPolicy,
    startup: agent.livenessPath
      ? kplus.Probe.fromHttpGet(agent.livenessPath, { port: agent.port, periodSeconds: Duration.seconds(2), failureThreshold: 30 })
      : kplus.Probe.fromTcpSocket({ port: agent.port, periodSeconds: Duration.seconds(2), failureThreshold: 30 }),
    liveness: agent.livenessPath
      ? kplus.Probe.fromHttpGet(agent.livenessPath, { port: agent.port })
      : kplus.Probe.fromTcpSocket({ port: agent.port }),
    readiness: kplus.Probe.fromHttpGet(agent.readinessPath, { port: agent.port }),
    resources: defaults ? withResourceDefaults(agent.resources, defaults, noLimits) : agent.resources,
    securityContext: s.runAsRoot
      ? { ensureNonRoot: false, user: 0, group: 0 }
      : { user: DaemonSet.DEFAULT_USER, group: 0 },
  };
}

function commandLine(agent: LogCollectorAgent, files: Record<string, string>): [string[] | undefined, string[] | undefined] {
  switch (agent.kind) {
    case LogCollectorAgentKind.FLUENT_BIT: {
      const main = FLUENT_BIT_MAIN in files ? FLUENT_BIT_MAIN : 'fluent-bit.yaml';
      return [['/fluent-bit/bin/fluent-bit'], ['--workdir=/fluent-bit/etc', `--config=${agent.configDir}/${main}`]];
    }
    case LogCollectorAgentKind.FLUENTD:
      // Started directly, not through the image's entrypoint script (some variants edit the config
      // with sed -i, which a read-only ConfigMap mount refuses); the image's GEM_PATH finds the plugins.
      return [['tini', '--', 'fluentd'], ['--config', `${agent.configDir}/${FLUENTD_MAIN}`, '--plugin', '/fluentd/plugins']];
    case LogCollectorAgentKind.FILEBEAT:
      // Through the image's entrypoint, as Elastic's manifest runs it; -e logs to standard error.
      return [undefined, ['-c', `${agent.configDir}/${FILEBEAT_MAIN}`, '-e']];
    default:
      return [agent.command, agent.args];
  }
}

/** The outputs' credentials, each from its Secret's key (`secretKeyRef`): never in the ConfigMap. */
function credentialEnv(scope: IConstruct, outputs: LogOutput[]): { [name: string]: kplus.EnvValue } {
  const env: { [name: string]: kplus.EnvValue } = {};
  outputs.forEach((output, i) => {
    if (!output.auth) {
      return;
    }
    const secret = kplus.Secret.fromSecretName(scope, `OutputCredentials${i}`, output.auth.secretName);
    authVariables(i, output.auth).forEach((name, k) => {
      env[name] = kplus.EnvValue.fromSecretValue({ secret, key: output.auth!.keys[k] });
    });
  });
  return env;
}
