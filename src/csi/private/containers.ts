import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { CSI_DEFAULTS, SOCKET } from './defaults';
import { CsiSettings } from './settings';
import { agentEnv } from '../../core/private/agent-options';
import { noLimitsOf, withResourceDefaults } from '../../core/private/container-defaults';
import type { CsiNodePluginDaemonSetProps } from '../props';

/** uid 0 without any capability and with a read-only root filesystem: the sidecars. */
function rootWithoutCapabilities(): kplus.ContainerSecurityContextProps {
  return { ensureNonRoot: false, user: 0, group: 0, readOnlyRootFilesystem: true };
}

/** A sidecar's resources: the defaults, without the limits a `Relaxation.noLimit` removes. */
const sidecarResources = (props: CsiNodePluginDaemonSetProps, name: string) =>
  withResourceDefaults(undefined, { cpu: CSI_DEFAULTS.sidecarCpu, memory: CSI_DEFAULTS.sidecarMemory }, noLimitsOf(props.relaxations ?? [], name));
const nodeName = () => kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME);

/** The driver: privileged (Bidirectional mounts), its socket in CSI_ENDPOINT, alive while livenessprobe says so. */
export function driverContainer(scope: IConstruct, s: CsiSettings, props: CsiNodePluginDaemonSetProps): kplus.ContainerProps {
  return {
    name: s.containerName,
    image: props.image,
    imagePullPolicy: props.imagePullPolicy,
    command: props.command,
    args: props.args,
    ...agentEnv(scope, props, {
      CSI_ENDPOINT: kplus.EnvValue.fromValue(`unix://${SOCKET}`),
      KUBE_NODE_NAME: nodeName(),
    }),
    resources: withResourceDefaults(props.resources, { cpu: CSI_DEFAULTS.driverCpu, memory: CSI_DEFAULTS.driverMemory },
      noLimitsOf(props.relaxations ?? [], s.containerName)),
    // Alive while it answers its CSI Probe (through livenessprobe); ready once the kubelet knows
    // it (the registrar's check that the registration socket exists).
    liveness: kplus.Probe.fromHttpGet('/healthz', { port: s.healthPort }),
    readiness: kplus.Probe.fromHttpGet('/healthz', { port: s.registrarHealthPort }),
    securityContext: {
      ...rootWithoutCapabilities(),
      privileged: true,
      readOnlyRootFilesystem: props.writableRootFilesystem === undefined,
    },
  };
}

/** node-driver-registrar: registers the driver's socket with the kubelet, alive while the registration exists. */
export function registrarContainer(s: CsiSettings, props: CsiNodePluginDaemonSetProps): kplus.ContainerProps {
  return {
    name: CSI_DEFAULTS.registrarName,
    image: props.registrarImage ?? CSI_DEFAULTS.registrarImage,
    imagePullPolicy: props.imagePullPolicy,
    args: [
      `--csi-address=${SOCKET}`,
      `--kubelet-registration-path=${s.pluginDir}/csi.sock`,
      `--http-endpoint=:${s.registrarHealthPort}`,
    ],
    envVariables: { KUBE_NODE_NAME: nodeName() },
    ports: [{ name: 'reg-healthz', number: s.registrarHealthPort }],
    // Restarted while the registration socket is missing; ready while its endpoint serves.
    liveness: kplus.Probe.fromHttpGet('/healthz', { port: s.registrarHealthPort }),
    readiness: kplus.Probe.fromTcpSocket({ port: s.registrarHealthPort }),
    resources: sidecarResources(props, CSI_DEFAULTS.registrarName),
    securityContext: rootWithoutCapabilities(),
  };
}

/** livenessprobe: serves the driver's CSI Probe as HTTP /healthz on healthPort. */
export function livenessProbeContainer(s: CsiSettings, props: CsiNodePluginDaemonSetProps): kplus.ContainerProps {
  return {
    name: CSI_DEFAULTS.livenessProbeName,
    image: props.livenessProbeImage ?? CSI_DEFAULTS.livenessProbeImage,
    imagePullPolicy: props.imagePullPolicy,
    args: [`--csi-address=${SOCKET}`, `--health-port=${s.healthPort}`],
    ports: [{ name: 'healthz', number: s.healthPort }],
    // Alive while it serves (a failing driver must not restart it), ready while the driver answers.
    liveness: kplus.Probe.fromTcpSocket({ port: s.healthPort }),
    readiness: kplus.Probe.fromHttpGet('/healthz', { port: s.healthPort }),
    resources: sidecarResources(props, CSI_DEFAULTS.livenessProbeName),
    securityContext: rootWithoutCapabilities(),
  };
}
