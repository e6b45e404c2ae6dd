import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import {
  checkConfigData, checkConflist, checkConflistFileName, checkHostMounts, checkMetrics, checkName, checkPaths, checkPrivilege,
  checkRules, checkStrategy, checkTemplateVariables, trimSlash,
} from './checks';
import { CNI_BIN_DIR, CNI_DEFAULTS, CNI_NET_DIR } from './defaults';
import { fail } from '../../core/private/errors';
import { checkOptionalReason } from '../../core/private/exemptions';
import { checkImage } from '../../core/private/images';
import { RelaxationKind, ResourceLimit } from '../../core/relaxation';
import { DaemonSetUpdateStrategy } from '../../core/update-strategy';
import { toDnsLabel } from '../../validation/names';
import { CniHostMount } from '../host-mount';
import { CniPaths } from '../paths';
import { CniPrivilege } from '../privilege';
import type { CniDaemonSetProps } from '../props';
import { CniRbac, CniRbacRule } from '../rbac';

/** The props of a `CniDaemonSet` with every default resolved and every check passed. */
export interface CniSettings {
  readonly name: string;
  readonly namespace: string;
  readonly privilege: CniPrivilege;
  /** The capabilities to add, normalized (none when privileged). */
  readonly capabilities: string[];
  readonly terminationGracePeriod: Duration;
  readonly wildcardRbacReason?: string;
  readonly containerName: string;
  /** The init container that installs the plugin binaries, with `cniBinaries`. */
  readonly binariesInstallerName?: string;
  /** The init container that installs the conflist. */
  readonly configInstallerName: string;
  /** The agent allows privilege escalation: the API server requires it for SYS_ADMIN without privileged. */
  readonly privilegeEscalation: boolean;
  readonly configMountPath: string;
  readonly clusterRoleRules: CniRbacRule[];
  readonly updateStrategy: DaemonSetUpdateStrategy;
  /** The conflist, as written to the node. */
  readonly conflistJson: string;
  readonly conflistFileName: string;
  /** The host mounts with their defaults resolved. */
  readonly hostMounts: CniHostMount[];
  /** When the kubelet pulls the images of every container of the pod. */
  readonly imagePullPolicy: kplus.ImagePullPolicy;
  /** The agent's memory limit is left out (the default), with its relaxation. */
  readonly noMemoryLimit: boolean;
  /** The node's CNI directories. */
  readonly paths: CniPaths;
  /** The installer's template variables, by name. */
  readonly templateVariables: { [name: string]: kplus.EnvValue };
  /** The agent removes the conflist when it stops. */
  readonly removeOnShutdown: boolean;
  /** The agent's metrics port on the node, if any. */
  readonly metricsPort?: number;
}

/**
 * Resolves the defaults of the props and checks them, in that order, before anything is built: a
 * contradiction throws at construction, naming the prop.
 */
export function resolveSettings(scope: IConstruct, id: string, props: CniDaemonSetProps): CniSettings {
  const name = props.name ?? toDnsLabel(id);
  const namespace = props.namespace ?? CNI_DEFAULTS.namespace;
  const privilege = props.privilege ?? CniPrivilege.capabilities(CniPrivilege.DEFAULT_CAPABILITIES, CniPrivilege.DEFAULT_REASON);
  const terminationGracePeriod = props.terminationGracePeriod ?? CNI_DEFAULTS.terminationGracePeriod;
  const wildcardRbacReason = props.wildcardRbacReason;
  const containerName = props.containerName ?? CNI_DEFAULTS.containerName;
  const configMountPath = trimSlash(props.configMountPath ?? CNI_DEFAULTS.configMountPath);
  const clusterRoleRules = props.clusterRoleRules ?? CniRbac.readNodesPodsNamespaces();

  checkName(scope, 'name', name);
  checkName(scope, 'namespace', namespace);
  checkImage(scope, 'image', props.image, 'ghcr.io/flannel-io/flannel:v0.28.9');
  if (props.cniBinaries) {
    checkImage(scope, 'cniBinaries.image', props.cniBinaries.image, 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3');
  }
  if (props.configInstall?.image !== undefined) {
    checkImage(scope, 'configInstall.image', props.configInstall.image, 'docker.io/library/busybox:1.37.0');
  }
  const capabilities = checkPrivilege(scope, privilege);
  if (props.mountBpf && !privilege.isPrivileged) {
    fail(scope, {
      prop: 'mountBpf',
      problem: 'needs a privileged agent: /sys/fs/bpf is mounted with Bidirectional propagation, which the API server only allows in a privileged container',
      received: { mountBpf: true, privilege: `capabilities ${capabilities.join(',')}` },
      allowed: 'mountBpf with privilege: CniPrivilege.privileged(reason)',
      fix: 'set privilege: CniPrivilege.privileged(\'<why>\'), or remove mountBpf',
    });
  }
  checkOptionalReason(scope, 'writableRootFilesystem', props.writableRootFilesystem);
  const updateStrategy = checkStrategy(scope, props.updateStrategy);
  checkRules(scope, clusterRoleRules, wildcardRbacReason);
  const { conflist: parsed, template } = checkConflist(scope, props.conflist);
  const conflistJson = template ?? JSON.stringify(parsed, undefined, 2) + '\n';
  const conflistFileName = props.conflistFileName ?? `10-${parsed.name}.conflist`;
  checkConflistFileName(scope, conflistFileName);
  checkConfigData(scope, props.configData ?? {});
  if (!configMountPath.startsWith('/') || configMountPath === '/' || [CNI_BIN_DIR, CNI_NET_DIR].includes(configMountPath)) {
    fail(scope, {
      prop: 'configMountPath',
      problem: 'is not an absolute path of its own',
      received: props.configMountPath,
      allowed: 'an absolute path other than /, /opt/cni/bin and /etc/cni/net.d, e.g. /etc/kube-flannel',
      fix: 'choose another path, or leave configMountPath unset for /etc/cni-config',
    });
  }
  if (props.cniBinaries && (!Array.isArray(props.cniBinaries.command) || props.cniBinaries.command.length === 0)) {
    fail(scope, {
      prop: 'cniBinaries.command',
      problem: 'is empty',
      received: props.cniBinaries.command,
      allowed: 'the command that copies the plugin binaries into /opt/cni/bin',
      fix: 'give the command, e.g. command: [\'cp\'], args: [\'-f\', \'/flannel\', \'/opt/cni/bin/flannel\']',
    });
  }
  checkMetrics(scope, props);
  const paths = checkPaths(scope, props.cniPaths ?? CniPaths.standard());
  const hostMounts = checkHostMounts(scope, props.hostMounts ?? [], paths);
  const templateVariables = checkTemplateVariables(scope, props.configInstall?.templateVariables ?? {}, conflistJson);
  const userNoMemoryLimit = (props.relaxations ?? [])
    .some(r => r.kind === RelaxationKind.NO_LIMIT && r.target === containerName && r.resource === ResourceLimit.MEMORY);
  return {
    imagePullPolicy: props.imagePullPolicy ?? kplus.ImagePullPolicy.IF_NOT_PRESENT,
    paths,
    templateVariables,
    removeOnShutdown: props.configInstall?.removeOnShutdown ?? false,
    metricsPort: props.metricsPort,
    noMemoryLimit: props.resources?.memory?.limit === undefined && !userNoMemoryLimit,
    name,
    namespace,
    privilege,
    capabilities,
    terminationGracePeriod,
    wildcardRbacReason,
    containerName,
    binariesInstallerName: props.cniBinaries ? props.cniBinaries.name ?? CNI_DEFAULTS.binariesName : undefined,
    configInstallerName: props.configInstall?.name ?? CNI_DEFAULTS.configInstallName,
    privilegeEscalation: !privilege.isPrivileged && capabilities.includes('SYS_ADMIN'),
    configMountPath,
    clusterRoleRules,
    updateStrategy,
    conflistJson,
    conflistFileName,
    hostMounts,
  };
}
