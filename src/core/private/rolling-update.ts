import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { exclusiveNodeResources } from '../../validation/exclusive-node-resources';
import { checkIntOrPercent, isZero } from '../../validation/int-or-percent';
import type { Relaxation } from '../relaxation';
import type { DaemonSetUpdateStrategy } from '../update-strategy';

/** An update strategy in the manifest's shape. */
export interface ManifestUpdateStrategy {
  readonly type: string;
  readonly rollingUpdate?: { readonly maxSurge: string | number; readonly maxUnavailable: string | number };
}

/**
 * The update strategy to send, for a pod spec in the manifest's shape: the requested one with the
 * unset half filled in, or, when none is requested, a surge where the pod holds nothing exclusive
 * on its node and one node at a time where it does (a host port, or a host path it writes and may
 * not share: see `exclusiveNodeResources`).
 */
export function resolveUpdateStrategy(requested: DaemonSetUpdateStrategy | undefined, pod: any,
  relaxations: readonly Relaxation[]): ManifestUpdateStrategy {
  if (requested?.type === 'OnDelete') {
    return { type: 'OnDelete' };
  }
  const exclusive = exclusiveNodeResources(pod, relaxations).length > 0;
  let surge = requested?.maxSurge?.value;
  let unavailable = requested?.maxUnavailable?.value;
  if (surge === undefined && unavailable === undefined) {
    [surge, unavailable] = exclusive ? [0, 1] : [1, 0];
  } else if (unavailable === undefined) {
    unavailable = isZero(surge) ? 1 : 0;
  } else if (surge === undefined) {
    surge = isZero(unavailable) && !exclusive ? 1 : 0;
  }
  // Keys in the order cdk8s-plus writes them.
  return { rollingUpdate: { maxSurge: surge!, maxUnavailable: unavailable! }, type: 'RollingUpdate' };
}

/** The strategy in cdk8s-plus's typed shape (for `_toKube`, before the JSON patches). */
export function typedUpdateStrategy(strategy: ManifestUpdateStrategy): k8s.DaemonSetUpdateStrategy {
  const rolling = strategy.rollingUpdate;
  return {
    type: strategy.type,
    rollingUpdate: rolling && { maxSurge: intOrString(rolling.maxSurge), maxUnavailable: intOrString(rolling.maxUnavailable) },
  };
}

/** The API server's rules for `maxSurge` and `maxUnavailable`, checked at construction. */
export function checkUpdateStrategy(scope: IConstruct, strategy: DaemonSetUpdateStrategy | undefined): void {
  for (const prop of ['maxSurge', 'maxUnavailable'] as const) {
    const value = strategy?.[prop]?.value;
    const problem = value === undefined ? undefined : checkIntOrPercent(value);
    if (problem) {
      fail(scope, {
        prop: `updateStrategy.${prop}`,
        problem: 'is not a valid value',
        received: value,
        allowed: problem,
        fix: 'use PercentOrAbsolute.absolute(n) with a whole n >= 0, or PercentOrAbsolute.percent(n) with a whole n from 0 to 100',
      });
    }
  }
  const surge = strategy?.maxSurge?.value;
  const unavailable = strategy?.maxUnavailable?.value;
  if (surge !== undefined && unavailable !== undefined) {
    if (isZero(surge) && isZero(unavailable)) {
      fail(scope, {
        prop: 'updateStrategy.maxUnavailable',
        problem: 'cannot be 0 when maxSurge is 0: the rollout could never replace a pod',
        received: unavailable,
        allowed: 'maxUnavailable >= 1, or a maxSurge >= 1',
        fix: 'set maxUnavailable: PercentOrAbsolute.absolute(1)',
      });
    }
    if (!isZero(surge) && !isZero(unavailable)) {
      fail(scope, {
        prop: 'updateStrategy.maxSurge',
        problem: 'may not be set when maxUnavailable is not 0 (the API server rejects the pair)',
        received: { maxSurge: surge, maxUnavailable: unavailable },
        allowed: 'either a surge with maxUnavailable: 0, or maxUnavailable with no surge',
        fix: 'set maxUnavailable: PercentOrAbsolute.absolute(0) to surge, or remove maxSurge',
      });
    }
  }
}

function intOrString(value: string | number): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

/** The few fields `exclusiveNodeResources` reads of a typed pod spec, in the manifest's casing. */
export function toManifestShape(pod: k8s.PodSpec): any {
  const containers = (list?: k8s.Container[]) => list?.map(c => ({
    name: c.name,
    ports: c.ports?.map(p => ({ ...p, hostIP: p.hostIp })),
    volumeMounts: c.volumeMounts,
  }));
  return {
    hostNetwork: pod.hostNetwork,
    containers: containers(pod.containers),
    initContainers: containers(pod.initContainers),
    volumes: pod.volumes?.map(v => ({ name: v.name, hostPath: v.hostPath })),
  };
}
