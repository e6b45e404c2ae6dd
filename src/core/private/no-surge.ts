import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { isZero } from '../../validation/int-or-percent';
import { DaemonSetUpdateStrategy } from '../update-strategy';

/** Why an agent cannot surge, as the errors say it: for a surge, and for `maxUnavailable: 0`. */
export interface NoSurgeProblems {
  readonly surge: string;
  readonly zero: string;
}

/**
 * The problems of an agent that holds something on its node exclusively (a socket the kubelet
 * connects to, a kernel module, a state directory); `holds` says what (e.g. `its CSI socket`).
 */
export function holdsExclusively(holds: string): NoSurgeProblems {
  return {
    surge: `cannot be used: the agent holds ${holds} on its node, so a surge pod would start next to the old one and contend for it`,
    zero: 'cannot be 0 without a surge: the rollout could never replace a pod',
  };
}

/**
 * The update strategy of an agent that must never surge (it holds something on its node
 * exclusively, or, for a CNI agent, the node's network itself): one node at a time by default,
 * because a surge pod would start next to the old one and contend for the same thing.
 *
 * Returns the strategy to send: `OnDelete` as given, else `maxSurge: 0` with `maxUnavailable` as
 * given or 1; a requested surge or a `maxUnavailable` of 0 fails with `problems`.
 */
export function noSurgeStrategy(
  scope: IConstruct, requested: DaemonSetUpdateStrategy | undefined, problems: NoSurgeProblems,
): DaemonSetUpdateStrategy {
  if (requested?.type === 'OnDelete') {
    return requested;
  }
  const surge = requested?.maxSurge?.value;
  if (surge !== undefined && !isZero(surge)) {
    fail(scope, {
      prop: 'updateStrategy.maxSurge',
      problem: problems.surge,
      received: surge,
      allowed: 'no surge: maxUnavailable >= 1, or OnDelete',
      fix: 'use DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(1) }), or DaemonSetUpdateStrategy.onDelete()',
    });
  }
  const unavailable = requested?.maxUnavailable;
  if (unavailable !== undefined && isZero(unavailable.value)) {
    fail(scope, {
      prop: 'updateStrategy.maxUnavailable',
      problem: problems.zero,
      received: unavailable.value,
      allowed: 'maxUnavailable >= 1 (or a percentage above 0%)',
      fix: 'use maxUnavailable: PercentOrAbsolute.absolute(1), or DaemonSetUpdateStrategy.onDelete()',
    });
  }
  return DaemonSetUpdateStrategy.rollingUpdate({
    maxSurge: kplus.PercentOrAbsolute.absolute(0),
    maxUnavailable: unavailable ?? kplus.PercentOrAbsolute.absolute(1),
  });
}
