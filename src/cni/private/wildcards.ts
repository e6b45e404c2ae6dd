import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { formatError } from '../../core/private/errors';

/** Whether a rule names `*` as an API group, a resource or a verb. */
export function hasWildcard(rule: { apiGroups?: string[]; resources?: string[]; verbs?: string[] }): boolean {
  return [...rule.apiGroups ?? [], ...rule.resources ?? [], ...rule.verbs ?? []].some(v => v.includes('*'));
}

/**
 * Wildcards in the final ClusterRole (rules added with `clusterRole.allow()` included), checked at
 * synth: a wildcard needs `wildcardRbacReason`, and the reason needs a wildcard.
 */
export function validateRbac(scope: IConstruct, clusterRole: kplus.ClusterRole | undefined, wildcardRbacReason: string | undefined): string[] {
  if (!clusterRole) {
    return [];
  }
  const rules: any[] = ApiObject.of(clusterRole).toJson().rules ?? [];
  const wildcard = rules.find(hasWildcard);
  if (wildcard && wildcardRbacReason === undefined) {
    return [formatError(scope, {
      prop: 'clusterRole.rules',
      problem: 'uses a wildcard (*): it grants every current and future resource, group or verb',
      received: wildcard,
      allowed: 'named API groups, resources and verbs; a wildcard only with wildcardRbacReason',
      fix: 'name what the agent needs, or give wildcardRbacReason: \'<why>\'',
    })];
  }
  if (!wildcard && wildcardRbacReason !== undefined) {
    return [formatError(scope, {
      prop: 'wildcardRbacReason',
      problem: 'is given, but no rule of the ClusterRole uses a wildcard',
      received: wildcardRbacReason,
      allowed: 'wildcardRbacReason only with a wildcard rule',
      fix: 'remove wildcardRbacReason, so the exemption annotations stay honest',
    })];
  }
  return [];
}
