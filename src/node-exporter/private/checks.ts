import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { HOST_PROC, HOST_ROOT, HOST_SYS, HOST_TEXTFILE, NE_DEFAULTS } from './defaults';
import { fail } from '../../core/private/errors';
import { checkReason } from '../../core/private/exemptions';
import { checkImage as checkPinned } from '../../core/private/images';
import { checkMonitorOptions } from '../../core/private/monitors';
import { checkDnsLabel, checkLabelValue, checkQualifiedName } from '../../validation/names';
import { NodeExporterCollector } from '../collector';
import { NodeExporterHostMount } from '../host-mount';
import { NodeExporterListen, NodeExporterListenKind } from '../listen';
import { NodeExporterNetworkPolicyOptions } from '../network-policy-options';
import { NodeExporterRootFsMount } from '../root-fs-mount';
import { NodeExporterServiceMonitorOptions } from '../service-monitor-options';

// The checks of the props of `NodeExporterDaemonSet`: each throws at construction, naming the
// construct, the prop and the fix.

/** What `checkListen` reads: the listen choice with what it depends on. */
export interface ListenSettings {
  readonly listen: NodeExporterListen;
  readonly hostNetwork: boolean;
  readonly port: number;
  readonly proxy?: KubeRbacProxySettings;
}

/** `NodeExporterListen.behindKubeRbacProxy()` with its defaults resolved. */
export interface KubeRbacProxySettings {
  readonly image: string;
  readonly internalPort: number;
  readonly healthPort: number;
  readonly resources?: kplus.ContainerResources;
}

/** The collectors to switch on and off. */
export interface Collectors {
  readonly enabled: NodeExporterCollector[];
  readonly disabled: NodeExporterCollector[];
}

export function checkName(scope: IConstruct, prop: string, value: string): void {
  const problem = typeof value === 'string' ? checkDnsLabel(value) : 'a string';
  if (problem) {
    fail(scope, { prop, problem: 'is not a valid name', received: value, allowed: problem, fix: `set ${prop} to a valid name` });
  }
}

/** An image must be pinned: a tag other than `latest`, or a digest. */
export function checkImage(scope: IConstruct, prop: string, image: string): void {
  checkPinned(scope, prop, image, prop === 'image' ? NE_DEFAULTS.image : NE_DEFAULTS.proxyImage);
}

export function checkPort(scope: IConstruct, prop: string, port: number, hostNetwork: boolean): void {
  if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    fail(scope, { prop, problem: 'is out of range', received: port, allowed: 'a whole number from 1 to 65535', fix: 'use a valid port number' });
  }
  if (hostNetwork && port < 1024) {
    fail(scope, {
      prop,
      problem: 'is a privileged port on the node: the exporter runs as nobody with every capability dropped, so it could not bind it',
      received: port,
      allowed: '1024 to 65535 with hostNetwork',
      fix: `use a port from 1024 up (the default is ${NE_DEFAULTS.port})`,
    });
  }
}

export function checkListen(scope: IConstruct, s: ListenSettings): void {
  const { listen, hostNetwork, port } = s;
  const { image: proxyImage, internalPort, healthPort } = s.proxy ?? {};
  if (!(listen instanceof NodeExporterListen)) {
    fail(scope, { prop: 'listen', problem: 'is not a NodeExporterListen', received: listen, allowed: 'NodeExporterListen.nodeIp(), podIp(), allInterfaces(reason) or behindKubeRbacProxy()', fix: 'use one of the factories' });
  }
  if (listen.kind === NodeExporterListenKind.NODE_IP && !hostNetwork) {
    fail(scope, {
      prop: 'listen',
      problem: 'is the node IP, which a pod outside the node\'s network namespace cannot bind',
      received: 'NodeExporterListen.nodeIp()',
      allowed: 'nodeIp() only with hostNetwork',
      fix: 'use NodeExporterListen.podIp() (the default without hostNetwork), or keep hostNetwork',
    });
  }
  if (listen.kind === NodeExporterListenKind.ALL_INTERFACES && (typeof listen.reason !== 'string' || listen.reason.trim().length < 3)) {
    fail(scope, {
      prop: 'listen',
      problem: 'listens on every interface without a reason: with hostNetwork the metrics are then served on every address of the node, public ones included',
      received: listen.reason,
      allowed: 'a sentence saying why every interface is needed',
      fix: 'write the reason, or use NodeExporterListen.nodeIp()',
    });
  }
  if (listen.kind !== NodeExporterListenKind.KUBE_RBAC_PROXY) {
    return;
  }
  if (!hostNetwork) {
    fail(scope, {
      prop: 'listen',
      problem: 'puts kube-rbac-proxy in front of an exporter that is not in the node\'s network namespace: the kubelet could not probe the exporter on the pod\'s loopback',
      received: 'NodeExporterListen.behindKubeRbacProxy()',
      allowed: 'behindKubeRbacProxy() with hostNetwork',
      fix: 'keep hostNetwork, or restrict access with networkPolicy instead of the proxy',
    });
  }
  checkImage(scope, 'listen.kubeRbacProxy.image', proxyImage!);
  if (!(Number.isInteger(internalPort) && internalPort! >= 1024 && internalPort! <= 65535)) {
    fail(scope, { prop: 'listen.kubeRbacProxy.internalPort', problem: 'is out of range', received: internalPort, allowed: 'a whole number from 1024 to 65535', fix: `use a free port, e.g. ${NE_DEFAULTS.proxyInternalPort}` });
  }
  if (internalPort === port) {
    fail(scope, {
      prop: 'listen.kubeRbacProxy.internalPort',
      problem: 'is the metrics port: the exporter (on 127.0.0.1) and the proxy (on the node IP) would both bind it in the node\'s network namespace',
      received: internalPort,
      allowed: `a port other than ${port}`,
      fix: `use another port, e.g. ${port === NE_DEFAULTS.proxyInternalPort ? NE_DEFAULTS.port : NE_DEFAULTS.proxyInternalPort}`,
    });
  }
  if (!(Number.isInteger(healthPort) && healthPort! >= 1024 && healthPort! <= 65535)) {
    fail(scope, { prop: 'listen.kubeRbacProxy.healthPort', problem: 'is out of range', received: healthPort, allowed: 'a whole number from 1024 to 65535', fix: `use a free port, e.g. ${NE_DEFAULTS.proxyHealthPort}` });
  }
  if (healthPort === port || healthPort === internalPort) {
    fail(scope, {
      prop: 'listen.kubeRbacProxy.healthPort',
      problem: `is the ${healthPort === port ? 'metrics port' : 'internal port'}: two servers would bind it in the node's network namespace`,
      received: healthPort,
      allowed: `a port other than ${port} and ${internalPort}`,
      fix: `use another free port, e.g. ${Math.max(port, internalPort!) + 1}`,
    });
  }
}

export function checkCollectors(
  scope: IConstruct, enable: NodeExporterCollector[], disable: NodeExporterCollector[], rootFs: NodeExporterRootFsMount,
): Collectors {
  const known = new Set<string>(Object.values(NodeExporterCollector));
  for (const [prop, list] of [['enableCollectors', enable], ['disableCollectors', disable]] as const) {
    const unknown = list.filter(c => !known.has(c));
    if (unknown.length > 0) {
      fail(scope, {
        prop,
        problem: `names unknown collectors: ${unknown.join(', ')}`,
        received: list,
        allowed: 'NodeExporterCollector values',
        fix: 'use the NodeExporterCollector enum; switch a collector of another release with extraArgs (--collector.<name> or --no-collector.<name>)',
      });
    }
  }
  const both = enable.filter(c => disable.includes(c));
  if (both.length > 0) {
    fail(scope, {
      prop: 'enableCollectors',
      problem: `switches on collectors that disableCollectors switches off: ${both.join(', ')}`,
      received: { enableCollectors: enable, disableCollectors: disable },
      allowed: 'each collector in one of the two lists',
      fix: 'remove it from one of the lists',
    });
  }
  if (rootFs === NodeExporterRootFsMount.OMIT && enable.includes(NodeExporterCollector.FILESYSTEM)) {
    fail(scope, {
      prop: 'enableCollectors',
      problem: 'switches on the filesystem collector while the root filesystem is not mounted: it would report the container\'s filesystems under the node\'s mount points',
      received: NodeExporterCollector.FILESYSTEM,
      allowed: 'the filesystem collector with the root filesystem mounted',
      fix: 'remove FILESYSTEM from enableCollectors, or mount the root filesystem (rootFsMount: NodeExporterRootFsMount.NO_PROPAGATION works where / is not a shared mount)',
    });
  }
  const disabled = [...new Set(disable)];
  if (rootFs === NodeExporterRootFsMount.OMIT && !disabled.includes(NodeExporterCollector.FILESYSTEM)) {
    disabled.push(NodeExporterCollector.FILESYSTEM);
  }
  return { enabled: [...new Set(enable)], disabled };
}

/** A Go (RE2) regular expression: it must compile, and use nothing RE2 lacks. */
export function checkRegex(scope: IConstruct, prop: string, regex: string): string {
  const reject = (problem: string) => fail(scope, {
    prop,
    problem,
    received: regex,
    allowed: 'a non-empty Go (RE2) regular expression: no look-around and no back-references',
    fix: 'correct the expression (node-exporter refuses to start on an invalid one)',
  });
  if (typeof regex !== 'string' || regex.length === 0) {
    reject('is empty');
  }
  if (/\(\?<?[=!]/.test(regex) || /\\[1-9]/.test(regex)) {
    reject('uses look-around or a back-reference, which Go regular expressions do not support');
  }
  try {
    new RegExp(regex);
  } catch (e) {
    reject(`is not a valid regular expression: ${(e as Error).message}`);
  }
  return regex;
}

/**
 * Extra flags must not repeat a flag the construct sets, nor contradict one. `--web.listen-address`
 * is the one flag node-exporter takes repeatedly (exporter-toolkit, since node-exporter 1.5.0): each
 * more address is another listener, so a dual-stack node or a scraper on the node's loopback can
 * have its own; it must differ from the construct's, and is refused behind kube-rbac-proxy, whose
 * authorization it would bypass.
 */
export function checkExtraArgs(scope: IConstruct, extraArgs: string[], generated: string[], behindProxy = false): string[] {
  const flagOf = (arg: string) => arg.replace(/^--?/, '').split('=')[0];
  const set = new Map(generated.map(arg => [flagOf(arg), arg]));
  /** Flags node-exporter refuses together with one the construct sets, and the prop for it. */
  const exclusive: Record<string, [string, string]> = {
    'collector.filesystem.mount-points-include': ['collector.filesystem.mount-points-exclude', 'filesystemMountPointsExclude'],
    'collector.filesystem.fs-types-include': ['collector.filesystem.fs-types-exclude', 'filesystemFsTypesExclude'],
    'collector.netdev.device-include': ['collector.netdev.device-exclude', 'networkDevicesExclude'],
  };
  const props: Record<string, string> = {
    'web.listen-address': 'listen',
    'collector.filesystem.mount-points-exclude': 'filesystemMountPointsExclude',
    'collector.filesystem.fs-types-exclude': 'filesystemFsTypesExclude',
    'collector.netclass.ignored-devices': 'networkDevicesExclude',
    'collector.netdev.device-exclude': 'networkDevicesExclude',
    'collector.textfile.directory': 'textfileDirectory',
  };
  extraArgs.forEach((arg, i) => {
    if (typeof arg !== 'string' || !arg.startsWith('--')) {
      fail(scope, { prop: `extraArgs[${i}]`, problem: 'is not a flag', received: arg, allowed: 'flags of the form --name or --name=value', fix: 'write the flag with its leading --' });
    }
    const flag = flagOf(arg);
    if (flag === 'web.listen-address') {
      checkExtraListenAddress(scope, `extraArgs[${i}]`, arg, [...generated, ...extraArgs.slice(0, i)], behindProxy);
      return;
    }
    const collector = /^(no-)?collector\.([a-z0-9_]+)$/.exec(flag);
    const clash = set.get(flag) ?? (collector ? set.get(`collector.${collector[2]}`) ?? set.get(`no-collector.${collector[2]}`) : undefined);
    if (clash) {
      const prop = collector ? 'enableCollectors / disableCollectors' : props[flag];
      fail(scope, {
        prop: `extraArgs[${i}]`,
        problem: `repeats or contradicts a flag the construct sets (${clash}): node-exporter refuses a flag given twice`,
        received: arg,
        allowed: 'flags the construct does not set',
        fix: prop ? `use the prop ${prop} instead`
          : PATH_FLAGS[flag] ?? 'remove the flag',
      });
    }
    if (exclusive[flag]) {
      const [other, prop] = exclusive[flag];
      fail(scope, {
        prop: `extraArgs[${i}]`,
        problem: `cannot be combined with --${other}, which the construct sets: node-exporter refuses to start with both`,
        received: arg,
        allowed: `--${other} through ${prop}`,
        fix: `express the filter as an exclude pattern in ${prop}`,
      });
    }
  });
  return extraArgs;
}

/** The fix for a path flag, which no prop sets: where the construct mounts what it points at. */
const PATH_FLAGS: Record<string, string> = {
  'path.procfs': 'remove the flag: the construct mounts the node\'s /proc at /host/proc and points --path.procfs there',
  'path.sysfs': 'remove the flag: the construct mounts the node\'s /sys at /host/sys and points --path.sysfs there',
  'path.rootfs': 'remove the flag: the construct mounts the node\'s / at /host/root (rootFsMount chooses how, or leaves it out)',
  'path.udev.data': 'remove the flag: the construct points it at /run/udev/data under the mounted root (rootFsMount)',
};

/** One more `--web.listen-address`: not one already listened on, and not behind the proxy. */
function checkExtraListenAddress(scope: IConstruct, prop: string, arg: string, earlier: string[], behindProxy: boolean): void {
  const address = arg.slice(arg.indexOf('=') + 1);
  if (behindProxy) {
    fail(scope, {
      prop,
      problem: 'adds a listener next to kube-rbac-proxy, which would serve the metrics without the proxy\'s authorization',
      received: arg,
      allowed: 'no more listen addresses with NodeExporterListen.behindKubeRbacProxy()',
      fix: 'remove the flag, or scrape through the proxy',
    });
  }
  if (!arg.includes('=') || address === '') {
    fail(scope, { prop, problem: 'has no address', received: arg, allowed: '--web.listen-address=<host>:<port>, e.g. 127.0.0.1:9100', fix: 'give the address' });
  }
  const listened = earlier.filter(e => e.startsWith('--web.listen-address=')).map(e => e.slice('--web.listen-address='.length));
  const port = (a: string) => /:(\d+)$/.exec(a)?.[1];
  const wildcard = (a: string) => /^(|0\.0\.0\.0|\[::\]|::):\d+$/.test(a);
  const clash = listened.find(a => a === address || (port(a) === port(address) && (wildcard(a) || wildcard(address))));
  if (clash !== undefined) {
    fail(scope, {
      prop,
      problem: `would bind ${clash === address ? 'an address' : 'a port'} the exporter already listens on (${clash}): the second bind fails and the exporter stops`,
      received: arg,
      allowed: 'addresses the exporter does not listen on yet; every interface (:<port>) only on a port of its own',
      fix: 'remove the flag, or listen on another address or port',
    });
  }
}

export function checkServiceMonitor(scope: IConstruct, options: NodeExporterServiceMonitorOptions | undefined, prop = 'serviceMonitor'): void {
  checkMonitorOptions(scope, prop, options, NE_DEFAULTS.scrapeInterval);
}

export function checkNetworkPolicy(scope: IConstruct, options: NodeExporterNetworkPolicyOptions | undefined): void {
  for (const ns of options?.fromNamespaces ?? []) {
    checkName(scope, 'networkPolicy.fromNamespaces', ns);
  }
  if (options?.fromNamespaces && options.fromNamespaces.length === 0) {
    fail(scope, {
      prop: 'networkPolicy.fromNamespaces',
      problem: 'is empty, which would admit no one',
      received: [],
      allowed: 'namespace names, or unset for every namespace',
      fix: 'name the namespaces of the scrapers, or remove fromNamespaces',
    });
  }
  checkLabels(scope, 'networkPolicy.fromPodLabels', options?.fromPodLabels);
}

export function checkLabels(scope: IConstruct, prop: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const problem = checkQualifiedName(key) ?? (typeof value === 'string' ? checkLabelValue(value) : 'a string');
    if (problem) {
      fail(scope, { prop: `${prop}.${key}`, problem: 'is not a valid label', received: value, allowed: problem, fix: 'use a valid label key and value' });
    }
  }
}

/** An absolute node path, other than /, without '..'. */
export function checkHostPath(scope: IConstruct, prop: string, path: unknown): void {
  if (typeof path !== 'string' || !path.startsWith('/') || path === '/' || path.split('/').includes('..') || path.endsWith('/')) {
    fail(scope, { prop, problem: 'is not an absolute path on the node', received: path, allowed: 'an absolute path without \'..\' or a trailing \'/\', other than /', fix: 'give the full path on the node, e.g. /var/lib/node-exporter/textfile' });
  }
}

/** More host mounts: absolute, with a reason, not a path the exporter mounts already. */
export function checkHostMounts(scope: IConstruct, mounts: NodeExporterHostMount[], textfileDirectory: string | undefined): NodeExporterHostMount[] {
  const taken = ['/proc', '/sys', ...textfileDirectory ? [textfileDirectory] : []];
  const mountPaths = [HOST_PROC, HOST_SYS, HOST_ROOT, HOST_TEXTFILE];
  return mounts.map((m, i) => {
    checkHostPath(scope, `hostMounts[${i}].path`, m.path);
    checkReason(scope, `hostMounts[${i}].reason`, m.reason);
    const mountPath = m.mountPath ?? m.path;
    if (taken.includes(m.path) || mountPaths.some(p => mountPath === p || mountPath.startsWith(`${p}/`))) {
      fail(scope, {
        prop: `hostMounts[${i}]`,
        problem: 'is mounted by the construct already, or mounts over one of its mounts',
        received: { path: m.path, mountPath },
        allowed: `paths other than /proc, /sys and the textfile directory, mounted outside ${mountPaths.join(', ')}`,
        fix: 'remove it, or mount it elsewhere with mountPath',
      });
    }
    taken.push(m.path);
    mountPaths.push(mountPath);
    return { ...m, mountPath };
  });
}
