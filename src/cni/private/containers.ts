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

/** The init container that copies the conflist from the ConfigMap into /etc/cni/net.d. */
export function configInstallerContainer(s: CniSettings, props: CniDaemonSetProps): kplus.ContainerProps {
  return {
    name: s.configInstallerName,
    image: props.configInstall?.image ?? props.image,
    imagePullPolicy: s.imagePullPolicy,
    command: ['cp'],
    args: ['-f', `${s.configMountPath}/${CNI_DEFAULTS.conflistKey}`, `${CNI_NET_DIR}/${s.conflistFileName}`],
    securityContext: rootContext(),
  };
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
