import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { CNI_DEFAULTS, CNI_NET_DIR } from './defaults';
import { CniSettings } from './settings';
import { agentEnv } from '../../core/private/agent-options';
import { noLimitsOf, withResourceDefaults } from '../../core/private/container-defaults';
import { ResourceLimit } from '../../core/relaxation';
import { CniBinariesOptions } from '../binaries-options';
import type { CniDaemonSetProps } from '../props';

/** Root, no capability, read-only root filesystem: the init containers, and the base of the agent's. */
function rootContext(): kplus.ContainerSecurityContextProps {
  return { ensureNonRoot: false, user: 0, group: 0, readOnlyRootFilesystem: true };
}

/** The init container that installs the plugin binaries into /opt/cni/bin. */
export function binariesInstallerContainer(s: CniSettings, binaries: CniBinariesOptions): kplus.ContainerProps {
  return {
    name: s.binariesInstallerName!,
    image: binaries.image,
    imagePullPolicy: s.imagePullPolicy,
    command: binaries.command,
    args: binaries.args,
    resources: binaries.resources,
    securityContext: rootContext(),
  };
}

/**
 * The init container that installs the conflist from the ConfigMap into the node's configuration
 * directory (mounted at /etc/cni/net.d): written to a temporary dot file in that directory (the
 * runtime loads only *.conf, *.conflist and *.json), with the template variables substituted, then
 * renamed over the conflist, so the runtime never reads a half-written file.
 */
export function configInstallerContainer(s: CniSettings, props: CniDaemonSetProps): kplus.ContainerProps {
  return {
    name: s.configInstallerName,
    image: props.configInstall?.image ?? props.image,
    imagePullPolicy: s.imagePullPolicy,
    command: ['sh', '-c', installScript(s)],
    envVariables: Object.keys(s.templateVariables).length > 0 ? s.templateVariables : undefined,
    securityContext: rootContext(),
  };
}

/** The install script. `$$` is a literal `$` for Kubernetes' `$(VAR)` expansion of commands. */
export function installScript(s: CniSettings): string {
  const source = `${s.configMountPath}/${CNI_DEFAULTS.conflistKey}`;
  const target = `${CNI_NET_DIR}/${s.conflistFileName}`;
  const temporary = `${CNI_NET_DIR}/.${s.conflistFileName}.tmp`;
  const names = Object.keys(s.templateVariables).sort();
  const write = names.length === 0
    ? `cp "${source}" "${temporary}"`
    // Each value escaped for sed's replacement: '\', '|' (the delimiter) and '&'.
    : `sed ${names.map(n => `-e "s|__${n}__|$$(printf '%s' "$${n}" | sed -e 's/[\\|&]/\\\\&/g')|g"`).join(' ')} "${source}" > "${temporary}"`;
  return ['set -eu', `rm -f "${temporary}"`, write, `mv -f "${temporary}" "${target}"`].join('\n');
}

/** The agent: root, with its capabilities or privileged, a read-only root filesystem unless a reason is given. */
export function agentContainer(scope: IConstruct, s: CniSettings, props: CniDaemonSetProps): kplus.ContainerProps {
  const privileged = s.privilege.isPrivileged;
  const noLimits = [...noLimitsOf(props.relaxations ?? [], s.containerName), ...s.noMemoryLimit ? [ResourceLimit.MEMORY] : []];
  return {
    name: s.containerName,
    image: props.image,
    imagePullPolicy: s.imagePullPolicy,
    command: props.command,
    args: props.args,
    ...agentEnv(scope, props),
    resources: withResourceDefaults(props.resources, { cpu: CNI_DEFAULTS.cpu, memory: CNI_DEFAULTS.memory }, noLimits),
    lifecycle: s.removeOnShutdown
      ? { ...props.lifecycle, preStop: kplus.Handler.fromCommand(['rm', '-f', `${CNI_NET_DIR}/${s.conflistFileName}`]) }
      : props.lifecycle,
    ports: s.metricsPort !== undefined ? [{ name: 'metrics', number: s.metricsPort, hostPort: s.metricsPort }] : undefined,
    liveness: props.liveness,
    readiness: props.readiness,
    startup: props.startup,
    securityContext: {
      ...rootContext(),
      privileged,
      allowPrivilegeEscalation: privileged || s.privilegeEscalation ? true : undefined,
      readOnlyRootFilesystem: props.writableRootFilesystem === undefined,
      capabilities: privileged ? undefined : { add: s.capabilities as kplus.Capability[] },
    },
  };
}
