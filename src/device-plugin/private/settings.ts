import { IConstruct } from 'constructs';
import { checkName, checkNodes, checkResourceName, checkTaintKey } from './checks';
import { DP_DEFAULTS } from './defaults';
import { fail } from '../../core/private/errors';
import { checkOptionalReason } from '../../core/private/exemptions';
import { checkImage } from '../../core/private/images';
import { checkKubeletDir, resolveKubeletDir } from '../../core/private/kubelet-dir';
import { holdsExclusively, noSurgeStrategy } from '../../core/private/no-surge';
import { DaemonSetUpdateStrategy } from '../../core/update-strategy';
import { toDnsLabel } from '../../validation/names';
import type { DevicePluginDaemonSetProps } from '../props';

/** The props of a `DevicePluginDaemonSet` with every default resolved and every check passed. */
export interface DevicePluginSettings {
  readonly name: string;
  readonly namespace: string;
  readonly containerName: string;
  readonly resourceName: string;
  readonly deviceTaintKey: string;
  /** The kubelet's device-plugin directory on the node: `<kubeletDir>/device-plugins`. */
  readonly socketDir: string;
  readonly updateStrategy: DaemonSetUpdateStrategy;
}

/**
 * Resolves the defaults of the props and checks them, in that order, before anything is built: a
 * contradiction throws at construction, naming the prop.
 */
export function resolveSettings(scope: IConstruct, id: string, props: DevicePluginDaemonSetProps): DevicePluginSettings {
  const name = props.name ?? toDnsLabel(id);
  const namespace = props.namespace ?? DP_DEFAULTS.namespace;
  const containerName = props.containerName ?? DP_DEFAULTS.containerName;
  const kubeletDir = resolveKubeletDir(props.kubeletDir, DP_DEFAULTS.kubeletDir);
  const deviceTaintKey = props.deviceTaintKey ?? props.resourceName;

  checkName(scope, 'name', name);
  checkName(scope, 'namespace', namespace);
  checkName(scope, 'containerName', containerName);
  checkResourceName(scope, props.resourceName);
  checkTaintKey(scope, deviceTaintKey);
  checkNodes(scope, props.nodes);
  checkImage(scope, 'image', props.image, 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0');
  const deviceLabels = props.nodes?.isAffinity ? {} : props.nodes?.labelSets[0] ?? {};
  for (const [key, value] of Object.entries(props.nodeSelector ?? {})) {
    if (key in deviceLabels && deviceLabels[key] !== value) {
      fail(scope, {
        prop: `nodeSelector.${key}`,
        problem: 'would change a label of the device nodes',
        received: value,
        allowed: `'${deviceLabels[key]}', as nodes gives it, or another label key`,
        fix: `give the device nodes' labels in nodes only (DeviceNodes.withLabels({ '${key}': '...' }))`,
      });
    }
  }
  checkKubeletDir(scope, kubeletDir);
  checkOptionalReason(scope, 'privileged', props.privileged);
  checkOptionalReason(scope, 'writableRootFilesystem', props.writableRootFilesystem);
  const socketDir = `${kubeletDir}/device-plugins`;
  const updateStrategy = noSurgeStrategy(scope, props.updateStrategy,
    holdsExclusively(`the kubelet's registration of ${props.resourceName} (its socket in ${socketDir})`));

  return { name, namespace, containerName, resourceName: props.resourceName, deviceTaintKey, socketDir, updateStrategy };
}
