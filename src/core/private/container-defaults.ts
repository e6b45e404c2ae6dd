import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { parseQuantity } from '../../validation/quantity';

/** A default [request, limit] for cpu and memory. */
export interface ResourceDefaults {
  readonly cpu: [kplus.Cpu, kplus.Cpu];
  readonly memory: [Size, Size];
}

/**
 * Container resources with each missing request or limit filled with the default, by the base
 * DaemonSet's rule: a missing request is the default capped at the limit given, a missing limit
 * the default raised to the request given. Values given are kept as they are.
 */
export function withResourceDefaults(given: kplus.ContainerResources | undefined, defaults: ResourceDefaults): kplus.ContainerResources {
  const cores = (c: kplus.Cpu) => parseQuantity(c.amount) ?? 0;
  const bytes = (s: Size) => s.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  return {
    ...given,
    cpu: fill(given?.cpu, defaults.cpu, cores),
    memory: fill(given?.memory, defaults.memory, bytes),
  };
}

function fill<T>(given: { request?: T; limit?: T } | undefined, [request, limit]: [T, T], value: (x: T) => number): { request: T; limit: T } {
  const userRequest = given?.request;
  const userLimit = given?.limit;
  return {
    request: userRequest ?? (userLimit !== undefined && value(userLimit) < value(request) ? userLimit : request),
    limit: userLimit ?? (userRequest !== undefined && value(userRequest) > value(limit) ? userRequest : limit),
  };
}

/** A hostPath volume named `name` with an explicit type (construct id `<name>-volume`). */
export function hostPathVolume(scope: Construct, name: string, path: string, type = kplus.HostPathVolumeType.DIRECTORY): kplus.Volume {
  return kplus.Volume.fromHostPath(scope, `${name}-volume`, name, { path, type });
}
