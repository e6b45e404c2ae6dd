import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { parseQuantity } from '../../validation/quantity';
import { Relaxation, RelaxationKind, ResourceLimit } from '../relaxation';

/** A default [request, limit] for cpu and memory; a limit left undefined is not filled in. */
export interface ResourceDefaults {
  readonly cpu: [kplus.Cpu, kplus.Cpu | undefined];
  readonly memory: [Size, Size | undefined];
}

/**
 * Container resources with each missing request or limit filled with the default, by the base
 * DaemonSet's rule: a missing request is the default capped at the limit given, a missing limit
 * the default raised to the request given. Values given are kept as they are. The limits named in
 * `noLimits` (relaxed with `Relaxation.noLimit`) are not filled in.
 */
export function withResourceDefaults(
  given: kplus.ContainerResources | undefined, defaults: ResourceDefaults, noLimits: ResourceLimit[] = [],
): kplus.ContainerResources {
  const cores = (c: kplus.Cpu) => parseQuantity(c.amount) ?? 0;
  const bytes = (s: Size) => s.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  return {
    ...given,
    cpu: fill(given?.cpu, defaults.cpu, cores, noLimits.includes(ResourceLimit.CPU)),
    memory: fill(given?.memory, defaults.memory, bytes, noLimits.includes(ResourceLimit.MEMORY)),
  };
}

/** The limits `relaxations` remove from the container named `container`. */
export function noLimitsOf(relaxations: Relaxation[], container: string): ResourceLimit[] {
  return relaxations.filter(r => r.kind === RelaxationKind.NO_LIMIT && r.target === container).map(r => r.resource!);
}

function fill<T>(
  given: { request?: T; limit?: T } | undefined, [request, limit]: [T, T | undefined], value: (x: T) => number, noLimit: boolean,
): { request: T; limit?: T } {
  const userRequest = given?.request;
  const userLimit = given?.limit;
  const defaultLimit = noLimit ? undefined : limit;
  return {
    request: userRequest ?? (userLimit !== undefined && value(userLimit) < value(request) ? userLimit : request),
    limit: userLimit ?? (defaultLimit === undefined ? undefined
      : userRequest !== undefined && value(userRequest) > value(defaultLimit) ? userRequest : defaultLimit),
  };
}

/** A hostPath volume named `name` with an explicit type (construct id `<name>-volume`). */
export function hostPathVolume(scope: Construct, name: string, path: string, type = kplus.HostPathVolumeType.DIRECTORY): kplus.Volume {
  return kplus.Volume.fromHostPath(scope, `${name}-volume`, name, { path, type });
}
