import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { isZero } from '../../validation/int-or-percent';
import { DaemonSetUpdateStrategy } from '../update-strategy';

/**
 * The update strategy of an agent that holds something on its node exclusively (a socket the
 * kubelet connects to, a kernel module, a state directory): one node at a time, never a surge,
 * because a surge pod would start next to the old one and contend for the same thing.
 *
 * `holds` says what the agent holds, for the error message (e.g. `its CSI socket`). Returns the
 * strategy to send: `OnDelete` as given, else `maxSurge: 0` with `maxUnavailable` as given or 1.
 */
export function noSurgeStrategy(scope: IConstruct, requested: DaemonSetUpdateStrategy | undefined, holds: string): DaemonSetUpdateStrategy {
  if (requested?.type === 'OnDelete') {
    return requested;
  }
  const surge = requested?.maxSurge?.value;
  if (surge !== undefined && !isZero(surge)) {
    fail(scope, {
      prop: 'updateStrategy.maxSurge',
      problem: `cannot be used: the agent holds ${holds} on its node, so a surge pod would start next to the old one and contend for it`,
      received: surge,
      allowed: 'no surge: maxUnavailable >= 1, or OnDelete',
      fix: 'use DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(1) }), or DaemonSetUpdateStrategy.onDelete()',
    });
  }
  const unavailable = requested?.maxUnavailable;
  if (unavailable !== undefined && isZero(unavailable.value)) {
    fail(scope, {
      prop: 'updateStrategy.maxUnavailable',
      problem: 'cannot be 0 without a surge: the rollout could never replace a pod',
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
