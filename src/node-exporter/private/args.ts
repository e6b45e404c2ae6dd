import * as kplus from 'cdk8s-plus-28';
import { Collectors } from './checks';
import { HOST_PROC, HOST_ROOT, HOST_SYS, HOST_TEXTFILE } from './defaults';
import { NodeExporterListen, NodeExporterListenKind } from '../listen';
import { NodeExporterRootFsMount } from '../root-fs-mount';

/** The regular expressions of the collectors' filters. */
export interface Filters {
  readonly mountPointsExclude: string;
  readonly fsTypesExclude: string;
  readonly networkDevicesExclude: string;
}

/** What the exporter's command line is generated from. */
export interface ArgsSettings {
  readonly listen: NodeExporterListen;
  readonly port: number;
  /** The exporter's port on 127.0.0.1 behind kube-rbac-proxy. */
  readonly internalPort?: number;
  readonly rootFs: NodeExporterRootFsMount;
  readonly collectors: Collectors;
  readonly filters: Filters;
  /** The textfile collector reads the node directory mounted here. */
  readonly textfileDirectory?: string;
}

/** The arguments the construct sets (`extraArgs` come after them). */
export function exporterArgs(s: ArgsSettings): string[] {
  return [
    `--path.procfs=${HOST_PROC}`,
    `--path.sysfs=${HOST_SYS}`,
    ...(s.rootFs === NodeExporterRootFsMount.OMIT ? [] : [`--path.rootfs=${HOST_ROOT}`, `--path.udev.data=${HOST_ROOT}/run/udev/data`]),
    `--web.listen-address=${listenAddress(s.listen, s.port, s.internalPort)}`,
    `--collector.filesystem.mount-points-exclude=${s.filters.mountPointsExclude}`,
    `--collector.filesystem.fs-types-exclude=${s.filters.fsTypesExclude}`,
    `--collector.netclass.ignored-devices=${s.filters.networkDevicesExclude}`,
    `--collector.netdev.device-exclude=${s.filters.networkDevicesExclude}`,
    ...s.collectors.enabled.map(c => `--collector.${c}`),
    ...s.collectors.disabled.map(c => `--no-collector.${c}`),
    ...(s.textfileDirectory ? [`--collector.textfile.directory=${HOST_TEXTFILE}`] : []),
  ];
}

/** `--web.listen-address` of the exporter. IPs in brackets, so IPv6 addresses work too. */
function listenAddress(listen: NodeExporterListen, port: number, internalPort: number | undefined): string {
  switch (listen.kind) {
    case NodeExporterListenKind.NODE_IP:
      return `[$(HOST_IP)]:${port}`;
    case NodeExporterListenKind.POD_IP:
      return `[$(POD_IP)]:${port}`;
    case NodeExporterListenKind.ALL_INTERFACES:
      return `:${port}`;
    default:
      return `127.0.0.1:${internalPort}`;
  }
}

/** The environment the listen address refers to, from the downward API. */
export function listenEnv(kind: NodeExporterListenKind): { [name: string]: kplus.EnvValue } | undefined {
  switch (kind) {
    case NodeExporterListenKind.NODE_IP:
      return { HOST_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP) };
    case NodeExporterListenKind.POD_IP:
      return { POD_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_IP) };
    default:
      return undefined;
  }
}
