import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { exporterArgs, Filters } from './args';
import {
  checkCollectors, checkExtraArgs, checkHostMounts, checkHostPath, checkImage, checkLabels, checkListen, checkName, checkNetworkPolicy, checkPort,
  checkRegex,
  checkServiceMonitor, Collectors, KubeRbacProxySettings,
} from './checks';
import { NE_DEFAULTS } from './defaults';
import { fail } from '../../core/private/errors';
import { checkLabelValue, toDnsLabel } from '../../validation/names';
import { NodeExporterHostMount } from '../host-mount';
import { NodeExporterListen, NodeExporterListenKind } from '../listen';
import type { NodeExporterDaemonSetProps } from '../props';
import { NodeExporterRootFsMount } from '../root-fs-mount';
import { NodeExporterTolerations } from '../tolerations';

/** The props of a `NodeExporterDaemonSet` with every default resolved and every check passed. */
export interface NodeExporterSettings {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly port: number;
  readonly hostNetwork: boolean;
  readonly hostPid: boolean;
  readonly listen: NodeExporterListen;
  readonly rootFs: NodeExporterRootFsMount;
  /** kube-rbac-proxy, with `NodeExporterListen.behindKubeRbacProxy()`. */
  readonly proxy?: KubeRbacProxySettings;
  readonly collectors: Collectors;
  readonly filters: Filters;
  /** The node directory of the textfile collector. */
  readonly textfileDirectory?: string;
  /** More read-only host mounts. */
  readonly hostMounts: NodeExporterHostMount[];
  /** The exporter's arguments: the generated ones, then `extraArgs`. */
  readonly args: string[];
  readonly tolerations: NodeExporterTolerations;
  /** `app.kubernetes.io/name` and `app.kubernetes.io/instance`, which the Service and the policies select. */
  readonly selectorLabels: Record<string, string>;
}

/**
 * Resolves the defaults of the props and checks them, in that order, before anything is built: a
 * contradiction throws at construction, naming the prop.
 */
export function resolveSettings(scope: IConstruct, id: string, props: NodeExporterDaemonSetProps): NodeExporterSettings {
  const hostNetwork = props.hostNetwork ?? true;
  const listen = props.listen ?? (hostNetwork ? NodeExporterListen.nodeIp() : NodeExporterListen.podIp());
  const base = {
    name: props.name ?? toDnsLabel(id),
    namespace: props.namespace ?? Chart.of(scope).namespace ?? NE_DEFAULTS.namespace,
    image: props.image ?? NE_DEFAULTS.image,
    port: props.port ?? NE_DEFAULTS.port,
    hostNetwork,
    hostPid: props.hostPid ?? true,
    listen,
    rootFs: props.rootFsMount ?? NodeExporterRootFsMount.HOST_TO_CONTAINER,
    proxy: resolveProxy(listen),
    tolerations: props.tolerations ?? NodeExporterTolerations.NO_SCHEDULE,
  };

  checkName(scope, 'name', base.name);
  checkName(scope, 'namespace', base.namespace);
  checkImage(scope, 'image', base.image);
  checkPort(scope, 'port', base.port, base.hostNetwork);
  checkListen(scope, base);
  const collectors = checkCollectors(scope, props.enableCollectors ?? [], props.disableCollectors ?? [], base.rootFs);
  const filters = {
    mountPointsExclude: checkRegex(scope, 'filesystemMountPointsExclude', props.filesystemMountPointsExclude ?? NE_DEFAULTS.mountPointsExclude),
    fsTypesExclude: checkRegex(scope, 'filesystemFsTypesExclude', props.filesystemFsTypesExclude ?? NE_DEFAULTS.fsTypesExclude),
    networkDevicesExclude: checkRegex(scope, 'networkDevicesExclude', props.networkDevicesExclude ?? NE_DEFAULTS.networkDevicesExclude),
  };
  if (props.networkPolicy && base.hostNetwork) {
    fail(scope, {
      prop: 'networkPolicy',
      problem: 'cannot apply with hostNetwork: NetworkPolicy does not filter pods in the node\'s network namespace',
      received: props.networkPolicy,
      allowed: 'networkPolicy with hostNetwork: false (the network metrics then describe the pod, not the node)',
      fix: 'remove networkPolicy and restrict access with listen (the default node IP, or NodeExporterListen.behindKubeRbacProxy()) and the node firewall, or set hostNetwork: false',
    });
  }
  checkServiceMonitor(scope, props.serviceMonitor);
  checkServiceMonitor(scope, props.podMonitor, 'podMonitor');
  checkLabels(scope, 'prometheusRule.labels', props.prometheusRule?.labels);
  checkNetworkPolicy(scope, props.networkPolicy);

  const textfileDirectory = props.textfileDirectory;
  if (textfileDirectory !== undefined) {
    checkHostPath(scope, 'textfileDirectory', textfileDirectory);
  }
  const hostMounts = checkHostMounts(scope, props.hostMounts ?? [], textfileDirectory);
  const generated = exporterArgs({ ...base, internalPort: base.proxy?.internalPort, collectors, filters, textfileDirectory });
  const extraArgs = checkExtraArgs(scope, props.extraArgs ?? [], generated, base.proxy !== undefined);
  return {
    ...base,
    collectors,
    filters,
    textfileDirectory,
    hostMounts,
    args: [...generated, ...extraArgs],
    selectorLabels: { 'app.kubernetes.io/name': NE_DEFAULTS.appName, 'app.kubernetes.io/instance': base.name },
  };
}

/** kube-rbac-proxy's settings with their defaults, when the exporter listens behind it. */
function resolveProxy(listen: NodeExporterListen): KubeRbacProxySettings | undefined {
  if (listen.kind !== NodeExporterListenKind.KUBE_RBAC_PROXY) {
    return undefined;
  }
  const proxy = listen.kubeRbacProxy ?? {};
  return {
    image: proxy.image ?? NE_DEFAULTS.proxyImage,
    internalPort: proxy.internalPort ?? NE_DEFAULTS.proxyInternalPort,
    healthPort: proxy.healthPort ?? NE_DEFAULTS.proxyHealthPort,
    resources: proxy.resources,
  };
}

/** The release of an image reference (`quay.io/x/y:v1.2.3` gives `1.2.3`), when it is a valid label value. */
export function imageVersion(image: string): string | undefined {
  const tag = image.split('@')[0].split('/').pop()!.split(':')[1];
  const version = tag?.replace(/^v(?=\d)/, '');
  return version && !checkLabelValue(version) ? version : undefined;
}
