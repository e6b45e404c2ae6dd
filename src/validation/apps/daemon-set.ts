import type { ExclusiveNodeResource } from '../exclusive-node-resources';
import { checkNonNegative, Err, list } from '../field';
import { checkIntOrPercent, isZero } from '../int-or-percent';
import { selectorMatches, validateLabelSelector } from '../meta/label-selector';
import { validateObjectMeta } from '../meta/object-meta';
import { validatePodTemplateSpec } from '../pod/template';

/**
 * The DaemonSet, as k8s.io/kubernetes pkg/apis/apps/validation v1.34 checks it on create:
 * `ValidateDaemonSet` (`ValidateObjectMeta`, `ValidateDaemonSetSpec`),
 * `ValidateDaemonSetUpdateStrategy` and `ValidateRollingUpdateDaemonSet`, after the API server's
 * defaults (a `RollingUpdate` strategy, `maxUnavailable: 1`, `maxSurge: 0`).
 */
export function validateDaemonSet(err: Err, manifest: any, exclusive: ExclusiveNodeResource[]): void {
  validateObjectMeta(err, manifest.metadata ?? {});
  const spec = manifest.spec ?? {};
  validateSelector(err, spec);
  const template = spec.template ?? {};
  validatePodTemplateSpec(err, template);
  const pod = template.spec ?? {};
  if (pod.restartPolicy !== undefined && pod.restartPolicy !== '' && pod.restartPolicy !== 'Always') {
    err('restartPolicy', 'is not allowed for a DaemonSet', pod.restartPolicy, '\'Always\'', 'remove restartPolicy or set it to RestartPolicy.ALWAYS');
  }
  if (pod.activeDeadlineSeconds !== undefined && pod.activeDeadlineSeconds !== null) {
    err('activeDeadlineSeconds', 'is forbidden for a DaemonSet pod', pod.activeDeadlineSeconds, 'unset', 'remove activeDeadlineSeconds');
  }
  checkNonNegative(err, 'minReadySeconds', spec.minReadySeconds, 'set minReadySeconds to 0 or more');
  checkNonNegative(err, 'revisionHistoryLimit', spec.revisionHistoryLimit, 'set revisionHistoryLimit to 0 or more');
  validateDaemonSetUpdateStrategy(err, spec.updateStrategy, exclusive);
}

/**
 * The selector (`ValidateLabelSelector`), not empty, and matching the template's labels
 * (`LabelSelectorAsSelector(...).Matches`), expressions included.
 */
function validateSelector(err: Err, spec: any): void {
  const selector = spec.selector;
  const labels = spec.template?.metadata?.labels ?? {};
  validateLabelSelector(err, 'spec.selector', selector);
  const matchLabels = selector?.matchLabels ?? {};
  const expressions = list(selector?.matchExpressions);
  if (!selector || Object.keys(matchLabels).length + expressions.length === 0) {
    err('spec.selector', 'is empty', selector, 'a non-empty label selector', 'do not remove the selector; it is built from app.kubernetes.io/name and app.kubernetes.io/instance');
    return;
  }
  if (selectorMatches(selector, labels) !== false) {
    return;
  }
  for (const [key, value] of Object.entries(matchLabels)) {
    if (labels[key] !== value) {
      err(`spec.selector.matchLabels.${key}`, 'does not match the pod template labels', value, 'selector labels that the pod template carries with the same value',
        `add the label ${key}=${value} to podMetadata, or do not select on it`);
    }
  }
  expressions.forEach((expr, i) => {
    if (!selectorMatches({ matchExpressions: [expr] }, labels)) {
      err('podMetadata.labels', `do not meet selector requirement matchExpressions[${i}] (${expr.key} ${expr.operator} ${JSON.stringify(list(expr.values))})`, labels,
        'pod template labels that every selector requirement matches',
        `change podMetadata's label ${expr.key} to meet ${expr.key} ${expr.operator} ${JSON.stringify(list(expr.values))}, or remove the requirement`);
    }
  });
}

/**
 * `ValidateDaemonSetUpdateStrategy` and `ValidateRollingUpdateDaemonSet`; and, beyond the API
 * server, no surge while the pod holds something exclusive on its node (`exclusiveNodeResources`:
 * a host port, where the surge pod could never start next to the old one, kubernetes#106417; a
 * host path it writes, which the surge pod would contend for), and no `rollingUpdate` settings
 * with `OnDelete` (they would be ignored).
 */
export function validateDaemonSetUpdateStrategy(err: Err, strategy: any, exclusive: ExclusiveNodeResource[]): void {
  if (strategy === undefined || strategy === null) {
    return;
  }
  const type = strategy.type || 'RollingUpdate';
  if (type !== 'RollingUpdate' && type !== 'OnDelete') {
    err('updateStrategy.type', 'is not a DaemonSet update strategy', strategy.type, 'RollingUpdate, OnDelete',
      'use DaemonSetUpdateStrategy.rollingUpdate() or DaemonSetUpdateStrategy.onDelete()');
    return;
  }
  const rolling = strategy.rollingUpdate;
  if (type === 'OnDelete') {
    if (rolling !== undefined && rolling !== null) {
      err('updateStrategy.rollingUpdate', 'is set with type OnDelete', rolling, 'no rollingUpdate with OnDelete', 'remove rollingUpdate');
    }
    return;
  }
  const surge = rolling?.maxSurge ?? 0;
  const unavailable = rolling?.maxUnavailable ?? 1;
  let valid = true;
  for (const [prop, value] of [['maxSurge', surge], ['maxUnavailable', unavailable]]) {
    const problem = checkIntOrPercent(value);
    if (problem) {
      valid = false;
      err(`updateStrategy.${prop}`, 'is not a valid value', value, problem,
        'use PercentOrAbsolute.absolute(n) with a whole n >= 0, or PercentOrAbsolute.percent(n) with a whole n from 0 to 100');
    }
  }
  if (!valid) {
    return;
  }
  const held = exclusive[0];
  if (isZero(surge) && isZero(unavailable) && held) {
    const why = held.kind === 'hostPort'
      ? `binds ${held.description}: a surge pod could never bind the port next to the old one`
      : `writes ${held.description}: a surge pod must not write it next to the old one`;
    err('updateStrategy.maxUnavailable', `cannot be 0 while the pod ${why}, so each node must let its old pod go first`,
      unavailable, `maxUnavailable >= 1 when the pod holds something exclusive on its node (${EXCLUSIVE})`, 'set maxUnavailable: PercentOrAbsolute.absolute(1) (or a percentage above 0%)');
  } else if (isZero(surge) && isZero(unavailable)) {
    err('updateStrategy.maxUnavailable', 'cannot be 0 when maxSurge is 0: the rollout could never replace a pod', unavailable, 'maxUnavailable >= 1 or a maxSurge >= 1',
      'set maxUnavailable: PercentOrAbsolute.absolute(1)');
  } else if (!isZero(surge) && !isZero(unavailable)) {
    err('updateStrategy.maxSurge', 'may not be set when maxUnavailable is not 0 (the API server rejects the pair)', { maxSurge: surge, maxUnavailable: unavailable },
      'either a surge with maxUnavailable: 0, or maxUnavailable with no surge', 'set maxUnavailable: PercentOrAbsolute.absolute(0) to surge, or remove maxSurge');
  } else if (!isZero(surge) && held?.kind === 'hostPort') {
    err('updateStrategy.maxSurge', `cannot be used while the pod binds ${held.description}: the surge pod can never bind the port next to the old pod on the same node, so the rollout hangs (kubernetes#106417)`,
      surge, `no surge while the pod holds something exclusive on its node (${EXCLUSIVE})`,
      'use DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(1) }) instead');
  } else if (!isZero(surge) && held) {
    err('updateStrategy.maxSurge', `cannot be used while the pod writes ${held.description}: the surge pod would run next to the old pod on the same node, `
      + 'and what one pod writes on its node is its own (a database or lock file the old pod holds keeps the new one from starting, so the rollout hangs; '
      + 'a position file written by both ships lines twice; a socket or a watched configuration file is replaced under the old pod)',
    surge, `no surge while the pod holds something exclusive on its node (${EXCLUSIVE})`,
    `use DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(1) }) instead; or, if two pods may write ${held.path} at once, `
      + `declare it with Relaxation.sharedWritableHostPath('${held.path}', '<why sharing is safe>') in place of Relaxation.writableHostPath`);
  }
}

/** What the update strategy rules call exclusive, for the messages. */
const EXCLUSIVE = 'a host port, or a host path it writes that is not declared with Relaxation.sharedWritableHostPath';
