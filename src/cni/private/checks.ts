import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { BUILT_IN_PATHS, CNI_DEFAULTS, KNOWN_CAPABILITIES } from './defaults';
import { hasWildcard } from './wildcards';
import { fail } from '../../core/private/errors';
import { checkOptionalReason } from '../../core/private/exemptions';
import { checkMonitorOptions } from '../../core/private/monitors';
import { noSurgeStrategy } from '../../core/private/no-surge';
import { DaemonSetUpdateStrategy } from '../../core/update-strategy';
import { checkDnsLabel, toDnsLabel } from '../../validation/names';
import { CniConfig } from '../config';
import { CniHostMount } from '../host-mount';
import { CniPaths } from '../paths';
import { CniPrivilege } from '../privilege';
import type { CniDaemonSetProps } from '../props';
import { CniRbacRule } from '../rbac';

// The checks of the props of `CniDaemonSet`: each throws at construction, naming the construct,
// the prop and the fix.

export function checkName(scope: IConstruct, prop: string, value: string): void {
  const problem = checkDnsLabel(value);
  if (problem) {
    fail(scope, { prop, problem: 'is not a valid name', received: value, allowed: problem, fix: `set ${prop} to a valid name` });
  }
}

/** The capabilities to add, normalized (no `CAP_` prefix, no duplicates). */
export function checkPrivilege(scope: IConstruct, privilege: CniPrivilege): string[] {
  checkOptionalReason(scope, 'privilege', privilege.reason ?? '');
  if (privilege.isPrivileged) {
    return [];
  }
  const capabilities = [...new Set(privilege.addedCapabilities.map(c => String(c).replace(/^CAP_/, '')))];
  if (capabilities.length === 0) {
    fail(scope, {
      prop: 'privilege',
      problem: 'adds an empty list of capabilities',
      received: privilege.addedCapabilities,
      allowed: 'the capabilities the agent needs, e.g. [\'NET_ADMIN\', \'NET_RAW\']',
      fix: 'name the capabilities, or leave privilege unset for the default NET_ADMIN and NET_RAW',
    });
  }
  if (capabilities.includes('ALL')) {
    fail(scope, {
      prop: 'privilege',
      problem: 'adds ALL capabilities, which is privileged in all but name',
      received: privilege.addedCapabilities,
      allowed: 'named capabilities, or an explicit privileged container',
      fix: 'name the capabilities the agent needs, or use CniPrivilege.privileged(\'<why>\')',
    });
  }
  const unknown = capabilities.filter(c => !KNOWN_CAPABILITIES.has(c));
  if (unknown.length > 0) {
    fail(scope, {
      prop: 'privilege',
      problem: `adds unknown capabilities: ${unknown.join(', ')}`,
      received: privilege.addedCapabilities,
      allowed: 'Linux capability names in upper case, with or without CAP_ (see kplus.Capability), e.g. NET_ADMIN, NET_RAW, SYS_ADMIN, BPF',
      fix: 'correct the names',
    });
  }
  return capabilities;
}

/** The strategy to send: no surge, one node at a time by default. */
export function checkStrategy(scope: IConstruct, requested: DaemonSetUpdateStrategy | undefined): DaemonSetUpdateStrategy {
  return noSurgeStrategy(scope, requested, {
    surge: 'cannot be used by a CNI agent: a surge pod would run a second agent on the node\'s network (host network) next to the old one, both rewriting routes, iptables and the CNI configuration, and bind the same host ports',
    zero: 'cannot be 0 for a CNI agent: without a surge the rollout could never replace a pod',
  });
}

export function checkRules(scope: IConstruct, rules: CniRbacRule[], wildcardReason: string | undefined): void {
  checkOptionalReason(scope, 'wildcardRbacReason', wildcardReason);
  rules.forEach((rule, i) => {
    for (const field of ['resources', 'verbs'] as const) {
      const values = rule[field];
      if (!Array.isArray(values) || values.length === 0 || values.some(v => typeof v !== 'string' || v.trim() === '')) {
        fail(scope, {
          prop: `clusterRoleRules[${i}].${field}`,
          problem: 'is empty',
          received: values,
          allowed: `a non-empty list of ${field}`,
          fix: `name the ${field} the agent needs`,
        });
      }
    }
    const apiGroups = rule.apiGroups ?? [''];
    if (!Array.isArray(apiGroups) || apiGroups.length === 0) {
      fail(scope, {
        prop: `clusterRoleRules[${i}].apiGroups`,
        problem: 'is empty',
        received: apiGroups,
        allowed: 'the API groups of the resources (\'\' for the core group); leave it unset for the core group',
        fix: 'name the API groups, or remove apiGroups',
      });
    }
    if (wildcardReason === undefined && hasWildcard({ ...rule, apiGroups })) {
      fail(scope, {
        prop: `clusterRoleRules[${i}]`,
        problem: 'uses a wildcard (*): it grants every current and future resource, group or verb',
        received: { apiGroups, resources: rule.resources, verbs: rule.verbs },
        allowed: 'named API groups, resources and verbs; a wildcard only with wildcardRbacReason',
        fix: 'name what the agent needs (see CniRbac.readNodesPodsNamespaces()), or give wildcardRbacReason: \'<why>\'',
      });
    }
  });
}

/** The parsed conflist, and its text when it is a template that is JSON only once filled in. */
export function checkConflist(scope: IConstruct, config: CniConfig): { conflist?: any; template?: string } {
  const parsed = config instanceof CniConfig ? config._parse() : { problem: 'is not a CniConfig', allowed: 'CniConfig.fromConflist({...}) or CniConfig.fromJson(json)' };
  if (parsed.problem) {
    fail(scope, {
      prop: 'conflist',
      problem: parsed.problem,
      allowed: parsed.allowed,
      fix: 'pass CniConfig.fromConflist({ name, cniVersion, plugins: [{ type, ... }] }) or the JSON of a .conflist file to CniConfig.fromJson()',
    });
  }
  return parsed;
}

export function checkConflistFileName(scope: IConstruct, fileName: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*\.conflist$/.test(fileName)) {
    fail(scope, {
      prop: 'conflistFileName',
      problem: 'is not a .conflist file name',
      received: fileName,
      allowed: 'a file name without \'/\' ending in .conflist (the runtime reads a configuration list only from a .conflist file)',
      fix: 'use a name such as \'10-flannel.conflist\'',
    });
  }
}

export function checkConfigData(scope: IConstruct, data: { [key: string]: string }): void {
  for (const key of Object.keys(data)) {
    if (key === CNI_DEFAULTS.conflistKey) {
      fail(scope, {
        prop: `configData.${key}`,
        problem: 'would replace the conflist',
        received: key,
        allowed: `keys other than '${CNI_DEFAULTS.conflistKey}'`,
        fix: 'pass the network configuration as conflist, and use another key for the agent\'s own configuration',
      });
    }
    if (!/^[-._a-zA-Z0-9]+$/.test(key) || key.length > 253) {
      fail(scope, {
        prop: 'configData',
        problem: 'has an invalid key',
        received: key,
        allowed: 'ConfigMap keys: letters, digits, \'-\', \'_\' and \'.\'',
        fix: 'rename the key',
      });
    }
  }
}

/** The node's CNI directories, absolute and distinct. */
export function checkPaths(scope: IConstruct, paths: CniPaths): CniPaths {
  for (const [prop, path] of [['cniPaths.binDir', paths.binDir], ['cniPaths.confDir', paths.confDir]]) {
    if (typeof path !== 'string' || !path.startsWith('/') || path === '/' || path.split('/').includes('..')) {
      fail(scope, {
        prop,
        problem: 'is not an absolute directory path',
        received: path,
        allowed: 'an absolute path without \'..\', other than /, e.g. /opt/cni/bin',
        fix: 'give the directory the node\'s container runtime reads, or use a preset such as CniPaths.k3s()',
      });
    }
  }
  if (trimSlash(paths.binDir) === trimSlash(paths.confDir)) {
    fail(scope, { prop: 'cniPaths', problem: 'names one directory for binaries and configurations', received: paths.binDir, allowed: 'two directories', fix: 'give the runtime\'s two directories' });
  }
  return CniPaths.custom(trimSlash(paths.binDir), trimSlash(paths.confDir));
}

/** The template variables: upper-case names, each of which appears as `__<NAME>__` in the conflist. */
export function checkTemplateVariables(
  scope: IConstruct, variables: { [name: string]: kplus.EnvValue }, conflistJson: string,
): { [name: string]: kplus.EnvValue } {
  for (const name of Object.keys(variables)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) {
      fail(scope, {
        prop: `configInstall.templateVariables.${name}`,
        problem: 'is not an upper-case variable name',
        received: name,
        allowed: 'upper-case letters, digits and \'_\', starting with a letter (the placeholder is __<NAME>__)',
        fix: 'rename it, e.g. KUBERNETES_NODE_NAME for __KUBERNETES_NODE_NAME__',
      });
    }
    if (!conflistJson.includes(`__${name}__`)) {
      fail(scope, {
        prop: `configInstall.templateVariables.${name}`,
        problem: `has no placeholder __${name}__ in the conflist`,
        received: name,
        allowed: 'variables whose placeholder the conflist contains',
        fix: `write __${name}__ where the value belongs in the conflist, or remove the variable`,
      });
    }
  }
  return { ...variables };
}

/** The host mounts with their defaults resolved. */
export function checkHostMounts(scope: IConstruct, mounts: CniHostMount[], paths: CniPaths = CniPaths.standard()): CniHostMount[] {
  const builtIn = [paths.binDir, paths.confDir, ...BUILT_IN_PATHS];
  const seen = new Set<string>(builtIn);
  const names = new Set<string>(['cni-bin-dir', 'cni-net-dir', 'lib-modules', 'xtables-lock', 'bpf-maps', 'cni-config']);
  return mounts.map((mount, i) => {
    const prop = `hostMounts[${i}]`;
    if (typeof mount.path !== 'string' || !mount.path.startsWith('/') || mount.path.split('/').includes('..')) {
      fail(scope, { prop: `${prop}.path`, problem: 'is not an absolute path without \'..\'', received: mount.path, allowed: 'an absolute path such as /run/flannel', fix: 'give the full path on the node' });
    }
    const path = mount.path.length > 1 ? trimSlash(mount.path) : mount.path;
    if (seen.has(path)) {
      const isBuiltIn = builtIn.includes(path);
      fail(scope, {
        prop: `${prop}.path`,
        problem: isBuiltIn ? 'is mounted by the construct already' : 'is mounted twice',
        received: path,
        allowed: isBuiltIn ? `paths other than ${builtIn.join(', ')}` : 'each host path once',
        fix: isBuiltIn ? 'use cniBinaries, cniPaths, mountLibModules, mountXtablesLock or mountBpf for it' : 'remove the duplicate',
      });
    }
    seen.add(path);
    checkOptionalReason(scope, `${prop}.reason`, mount.reason ?? '');
    const volumeName = mount.volumeName ?? toDnsLabel(`host${path}`);
    const problem = checkDnsLabel(volumeName);
    if (problem || names.has(volumeName)) {
      fail(scope, { prop: `${prop}.volumeName`, problem: problem ? 'is not a valid volume name' : 'is used by another volume', received: volumeName, allowed: problem ?? 'a name no other volume of the pod has', fix: 'set volumeName' });
    }
    names.add(volumeName);
    const writable = mount.writable ?? false;
    return {
      ...mount,
      path,
      writable,
      volumeName,
      type: mount.type ?? (writable ? kplus.HostPathVolumeType.DIRECTORY_OR_CREATE : kplus.HostPathVolumeType.DIRECTORY),
    };
  });
}

/** A path without its trailing slashes (`/` stays `/`). */
export function trimSlash(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

/** The metrics port and its monitors, the lifecycle hooks and the AppArmor profile. */
export function checkMetrics(scope: IConstruct, props: CniDaemonSetProps): void {
  const port = props.metricsPort;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    fail(scope, { prop: 'metricsPort', problem: 'is out of range', received: port, allowed: 'a whole number from 1 to 65535', fix: 'use the port the agent serves its metrics on' });
  }
  for (const prop of ['serviceMonitor', 'podMonitor'] as const) {
    if (props[prop] && port === undefined) {
      fail(scope, { prop, problem: 'needs metricsPort', received: props[prop], allowed: `${prop} with metricsPort`, fix: 'set metricsPort to the port the agent serves its metrics on' });
    }
    checkMonitorOptions(scope, prop, props[prop]);
  }
  if (props.metricsPath !== undefined && !/^\/[^\s]*$/.test(props.metricsPath)) {
    fail(scope, { prop: 'metricsPath', problem: 'is not an absolute URL path', received: props.metricsPath, allowed: 'a path such as /metrics', fix: 'start the path with /' });
  }
  if (props.lifecycle?.preStop && props.configInstall?.removeOnShutdown) {
    fail(scope, {
      prop: 'lifecycle.preStop',
      problem: 'is taken by configInstall.removeOnShutdown, whose preStop hook removes the conflist',
      received: 'preStop',
      allowed: 'one preStop hook',
      fix: 'remove the conflist in your own preStop hook, or drop removeOnShutdown',
    });
  }
}
