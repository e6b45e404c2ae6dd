import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { DEV, HOST_DIRECTORIES, HostDirectory, SA_DEFAULTS, SYS_KERNEL } from './defaults';
import { fail } from '../../core/private/errors';
import { checkImage } from '../../core/private/images';
import { holdsExclusively, noSurgeStrategy } from '../../core/private/no-surge';
import { DaemonSetUpdateStrategy } from '../../core/update-strategy';
import { checkDnsLabel, toDnsLabel } from '../../validation/names';
import { SecurityAgentDriver } from '../driver';
import type { SecurityAgentDaemonSetProps } from '../props';

/** The props of a `SecurityAgentDaemonSet` with every default resolved and every check passed. */
export interface SecurityAgentSettings {
  readonly name: string;
  readonly namespace: string;
  readonly containerName: string;
  readonly driver: SecurityAgentDriver;
  readonly port: number;
  readonly healthPath: string;
  /** The host directories the agent reads, for its driver. */
  readonly hostDirectories: HostDirectory[];
  readonly containerRuntimeSocket?: string;
  readonly updateStrategy: DaemonSetUpdateStrategy;
}

function checkName(scope: IConstruct, prop: string, value: string): void {
  const problem = checkDnsLabel(value);
  if (problem) {
    fail(scope, { prop, problem: 'is not a valid name', received: value, allowed: problem, fix: `set ${prop} to a valid name` });
  }
}

/**
 * Resolves the defaults of the props and checks them, in that order, before anything is built: a
 * contradiction throws at construction, naming the prop.
 */
export function resolveSettings(scope: IConstruct, id: string, props: SecurityAgentDaemonSetProps): SecurityAgentSettings {
  const name = props.name ?? toDnsLabel(id);
  const namespace = props.namespace ?? SA_DEFAULTS.namespace;
  const containerName = props.containerName ?? SA_DEFAULTS.containerName;
  const driver = props.driver ?? SecurityAgentDriver.modernEbpf();
  const port = props.port ?? SA_DEFAULTS.port;
  const healthPath = props.healthPath ?? SA_DEFAULTS.healthPath;

  checkName(scope, 'name', name);
  checkName(scope, 'namespace', namespace);
  checkName(scope, 'containerName', containerName);
  if (driver.isPrivileged && containerName === SA_DEFAULTS.loaderName) {
    fail(scope, {
      prop: 'containerName',
      problem: 'is the name of the kernel module\'s loader',
      received: containerName,
      allowed: `a name other than '${SA_DEFAULTS.loaderName}'`,
      fix: 'choose another name',
    });
  }
  if (props.image !== undefined) {
    checkImage(scope, 'image', props.image, SA_DEFAULTS.image);
  }
  if (driver.loaderImage !== undefined) {
    checkImage(scope, 'driver.loaderImage', driver.loaderImage, SA_DEFAULTS.loaderImage);
  }
  if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    fail(scope, { prop: 'port', problem: 'is not a port number', received: port, allowed: '1 to 65535', fix: 'use the agent\'s HTTP port, e.g. 8765' });
  }
  if (typeof healthPath !== 'string' || !healthPath.startsWith('/')) {
    fail(scope, { prop: 'healthPath', problem: 'is not an absolute URL path', received: healthPath, allowed: 'a path such as /healthz', fix: 'start the path with \'/\'' });
  }
  const socket = props.containerRuntimeSocket;
  if (socket !== undefined && (typeof socket !== 'string' || !socket.startsWith('/') || socket.endsWith('/') || socket.split('/').includes('..'))) {
    fail(scope, {
      prop: 'containerRuntimeSocket',
      problem: 'is not an absolute path to a socket',
      received: socket,
      allowed: 'the runtime socket\'s path on the node, e.g. /run/containerd/containerd.sock or /run/crio/crio.sock',
      fix: 'give the full path of the socket',
    });
  }
  const updateStrategy = driver.isPrivileged
    ? noSurgeStrategy(scope, props.updateStrategy, holdsExclusively('the kernel module, which the new pod\'s loader cannot replace while the old agent uses it,'))
    : props.updateStrategy ?? DaemonSetUpdateStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.absolute(0),
      maxUnavailable: kplus.PercentOrAbsolute.absolute(1),
    });

  return {
    name,
    namespace,
    containerName,
    driver,
    port,
    healthPath,
    hostDirectories: [...HOST_DIRECTORIES, driver.isPrivileged ? DEV : SYS_KERNEL],
    containerRuntimeSocket: socket,
    updateStrategy,
  };
}
