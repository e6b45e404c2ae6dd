import { IConstruct } from 'constructs';
import { checkDriverName, checkName, checkPort } from './checks';
import { CSI_DEFAULTS } from './defaults';
import { fail } from '../../core/private/errors';
import { checkOptionalReason } from '../../core/private/exemptions';
import { checkImage } from '../../core/private/images';
import { checkKubeletDir, resolveKubeletDir } from '../../core/private/kubelet-dir';
import { holdsExclusively, noSurgeStrategy } from '../../core/private/no-surge';
import { DaemonSetUpdateStrategy } from '../../core/update-strategy';
import { toDnsLabel } from '../../validation/names';
import type { CsiNodePluginDaemonSetProps } from '../props';

/** The props of a `CsiNodePluginDaemonSet` with every default resolved and every check passed. */
export interface CsiSettings {
  readonly name: string;
  readonly namespace: string;
  readonly driverName: string;
  readonly containerName: string;
  readonly kubeletDir: string;
  /** The driver's socket directory on the node: `<kubeletDir>/plugins/<driverName>`. */
  readonly pluginDir: string;
  /** The kubelet's plugin registration directory on the node: `<kubeletDir>/plugins_registry`. */
  readonly registrationDir: string;
  readonly healthPort: number;
  readonly registrarHealthPort: number;
  readonly updateStrategy: DaemonSetUpdateStrategy;
}

/**
 * Resolves the defaults of the props and checks them, in that order, before anything is built: a
 * contradiction throws at construction, naming the prop.
 */
export function resolveSettings(scope: IConstruct, id: string, props: CsiNodePluginDaemonSetProps): CsiSettings {
  const name = props.name ?? toDnsLabel(id);
  const namespace = props.namespace ?? CSI_DEFAULTS.namespace;
  const containerName = props.containerName ?? CSI_DEFAULTS.containerName;
  const kubeletDir = resolveKubeletDir(props.kubeletDir, CSI_DEFAULTS.kubeletDir);
  const healthPort = props.healthPort ?? CSI_DEFAULTS.healthPort;
  const registrarHealthPort = props.registrarHealthPort ?? CSI_DEFAULTS.registrarHealthPort;

  checkName(scope, 'name', name);
  checkName(scope, 'namespace', namespace);
  checkName(scope, 'containerName', containerName);
  if ([CSI_DEFAULTS.registrarName, CSI_DEFAULTS.livenessProbeName].includes(containerName)) {
    fail(scope, {
      prop: 'containerName',
      problem: 'is the name of a sidecar',
      received: containerName,
      allowed: `a name other than '${CSI_DEFAULTS.registrarName}' and '${CSI_DEFAULTS.livenessProbeName}'`,
      fix: 'choose another name, or leave containerName unset for \'csi-driver\'',
    });
  }
  checkDriverName(scope, props.driverName);
  checkImage(scope, 'image', props.image, 'registry.k8s.io/sig-storage/hostpathplugin:v1.17.1');
  if (props.registrarImage !== undefined) {
    checkImage(scope, 'registrarImage', props.registrarImage, CSI_DEFAULTS.registrarImage);
  }
  if (props.livenessProbeImage !== undefined) {
    checkImage(scope, 'livenessProbeImage', props.livenessProbeImage, CSI_DEFAULTS.livenessProbeImage);
  }
  checkKubeletDir(scope, kubeletDir);
  checkPort(scope, 'healthPort', healthPort);
  checkPort(scope, 'registrarHealthPort', registrarHealthPort);
  if (healthPort === registrarHealthPort) {
    fail(scope, {
      prop: 'registrarHealthPort',
      problem: 'is the same port as healthPort: two containers of the pod cannot listen on one port',
      received: registrarHealthPort,
      allowed: `a port other than ${healthPort}`,
      fix: 'choose another port for one of them',
    });
  }
  checkOptionalReason(scope, 'writableRootFilesystem', props.writableRootFilesystem);
  checkOptionalReason(scope, 'serviceAccountToken', props.serviceAccountToken);
  const updateStrategy = noSurgeStrategy(scope, props.updateStrategy,
    holdsExclusively(`its CSI socket ${kubeletDir}/plugins/${props.driverName}/csi.sock, which the kubelet calls,`));

  return {
    name,
    namespace,
    driverName: props.driverName,
    containerName,
    kubeletDir,
    pluginDir: `${kubeletDir}/plugins/${props.driverName}`,
    registrationDir: `${kubeletDir}/plugins_registry`,
    healthPort,
    registrarHealthPort,
    updateStrategy,
  };
}
