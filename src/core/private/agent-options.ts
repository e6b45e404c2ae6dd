import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { checkLabelValue, checkQualifiedName } from '../../validation/names';
import { NodeAgentOptions } from '../agent-options';
import type { DaemonSet, DaemonSetProps } from '../daemon-set';
import { Relaxation } from '../relaxation';

/**
 * How the typed constructs apply the `NodeAgentOptions` they all take: one mechanism, so each new
 * agent gets the same options with the same checks.
 */

/** The base DaemonSet's props that come from the options, with the construct's own relaxations first. */
export function agentDaemonSetProps(options: NodeAgentOptions, ownRelaxations: Relaxation[] = []): DaemonSetProps {
  return {
    priorityClassName: options.priorityClassName,
    priorityClassQuota: options.priorityClassQuota,
    nodeSelector: options.nodeSelector,
    updateStrategy: options.updateStrategy,
    revisionHistoryLimit: options.revisionHistoryLimit,
    imagePullSecrets: options.imagePullSecrets,
    relaxations: [...ownRelaxations, ...options.relaxations ?? []],
  };
}

/**
 * The pod's labels, annotations, extra tolerations and node affinity. `ownAffinity` is the
 * construct's own required node affinity, as terms the scheduler ORs (the queries of a term are
 * ANDed): the extra affinity is added to each term, so both hold (a term of its own would let a
 * node that matches either one in). `ownAnnotations` are the pod annotations the construct sets,
 * which the options cannot replace.
 */
export function applyPodOptions(
  ds: DaemonSet, options: NodeAgentOptions, ownAffinity: kplus.NodeLabelQuery[][] = [], ownAnnotations: string[] = [],
): void {
  for (const [key, value] of Object.entries(options.podLabels ?? {})) {
    checkMetadata(ds, 'podLabels', key, value, true);
    if (key in ds.selectorLabels) {
      fail(ds, {
        prop: `podLabels.${key}`,
        problem: 'is a label of the immutable selector',
        received: value,
        allowed: `labels other than ${Object.keys(ds.selectorLabels).join(' and ')}`,
        fix: 'use another label key; the selector labels come from the construct\'s name',
      });
    }
    ds.podMetadata.addLabel(key, value);
  }
  for (const [key, value] of Object.entries(options.podAnnotations ?? {})) {
    checkMetadata(ds, 'podAnnotations', key, value, false);
    if (ownAnnotations.includes(key)) {
      fail(ds, {
        prop: `podAnnotations.${key}`,
        problem: 'is set by the construct',
        received: value,
        allowed: `annotations other than ${ownAnnotations.join(', ')}`,
        fix: 'remove it: the construct computes it',
      });
    }
    ds.podMetadata.addAnnotation(key, value);
  }
  for (const taint of options.extraTolerations ?? []) {
    ds.scheduling.tolerate(kplus.Node.tainted(taint));
  }
  const extra = options.extraNodeAffinity ?? [];
  for (const term of ownAffinity.length > 0 ? ownAffinity : [[]]) {
    if (term.length + extra.length > 0) {
      ds.scheduling.attract(kplus.Node.labeled(...term, ...extra));
    }
  }
}

/**
 * The main container's environment: the construct's own variables, then `env` (a name the construct
 * sets is an error), and `envFrom`.
 */
export function agentEnv(scope: IConstruct, options: NodeAgentOptions, own: { [name: string]: kplus.EnvValue } = {}): Pick<kplus.ContainerProps, 'envVariables' | 'envFrom'> {
  for (const name of Object.keys(options.env ?? {})) {
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) {
      fail(scope, {
        prop: `env.${name}`,
        problem: 'is not an environment variable name',
        received: name,
        allowed: 'letters, digits, \'_\', \'-\' and \'.\', not starting with a digit',
        fix: 'rename the variable',
      });
    }
    if (name in own) {
      fail(scope, {
        prop: `env.${name}`,
        problem: 'is set by the construct',
        received: name,
        allowed: `variables other than ${Object.keys(own).join(', ')}`,
        fix: 'use another name; the construct\'s own value is what its config refers to',
      });
    }
  }
  const envVariables = { ...own, ...options.env };
  return {
    envVariables: Object.keys(envVariables).length > 0 ? envVariables : undefined,
    envFrom: options.envFrom && options.envFrom.length > 0 ? [...options.envFrom] : undefined,
  };
}

function checkMetadata(scope: IConstruct, prop: string, key: string, value: unknown, label: boolean): void {
  const problem = checkQualifiedName(key) ?? (typeof value !== 'string' ? 'a string value' : label ? checkLabelValue(value) : undefined);
  if (problem) {
    fail(scope, { prop: `${prop}.${key}`, problem: `is not a valid ${label ? 'label' : 'annotation'}`, received: value, allowed: problem, fix: 'use a valid key and value' });
  }
}
