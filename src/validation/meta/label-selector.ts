import { validateLabels } from './object-meta';
import { Err, list } from '../field';
import { checkLabelValue, checkQualifiedName } from '../names';

/**
 * Label selectors, as k8s.io/apimachinery pkg/apis/meta/v1/validation `ValidateLabelSelector`
 * checks them, and `LabelSelectorAsSelector` + `Matches`, which the DaemonSet rules use to require
 * that the selector matches the pod template's labels.
 */

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** `ValidateLabelSelector`: `matchLabels` as labels, each `matchExpressions` requirement. */
export function validateLabelSelector(err: Err, prop: string, selector: any): void {
  if (!selector || typeof selector !== 'object') {
    return;
  }
  validateLabels(err, `${prop}.matchLabels`, selector.matchLabels);
  list(selector.matchExpressions).forEach((expr, i) => validateLabelSelectorRequirement(err, `${prop}.matchExpressions[${i}]`, expr));
}

/** `ValidateLabelSelectorRequirement`. */
function validateLabelSelectorRequirement(err: Err, prop: string, expr: any): void {
  const values = list(expr?.values);
  switch (expr?.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        err(`${prop}.values`, `must be set when operator is ${expr.operator}`, expr.values, 'at least one value', `list the values, or use operator ${expr.operator === 'In' ? 'Exists' : 'DoesNotExist'}`);
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        err(`${prop}.values`, `must be empty when operator is ${expr.operator}`, values, 'no values', 'remove the values, or use operator In or NotIn');
      }
      break;
    default:
      err(`${prop}.operator`, 'is not a valid selector operator', expr?.operator, OPERATORS.join(', '), 'use one of the allowed operators');
  }
  const keyProblem = typeof expr?.key === 'string' ? checkQualifiedName(expr.key) : 'a qualified name';
  if (keyProblem) {
    err(`${prop}.key`, 'is not a valid label key', expr?.key, keyProblem, 'use a valid label key');
  }
  values.forEach((value, j) => {
    const problem = typeof value === 'string' ? checkLabelValue(value) : 'a string';
    if (problem) {
      err(`${prop}.values[${j}]`, 'is not a valid label value', value, problem, 'use a valid label value');
    }
  });
}

/**
 * Whether a selector matches a set of labels, as `LabelSelectorAsSelector(selector).Matches(labels)`:
 * `undefined` when the selector cannot be turned into one (it is invalid, and reported as such),
 * false for an absent selector (it selects nothing).
 */
export function selectorMatches(selector: any, labels: Record<string, unknown> | undefined): boolean | undefined {
  if (!selector || typeof selector !== 'object') {
    return false;
  }
  const has = (key: string) => labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (checkQualifiedName(key) || typeof value !== 'string' || checkLabelValue(value)) {
      return undefined;
    }
    if (!has(key) || labels![key] !== value) {
      return false;
    }
  }
  let matches = true;
  for (const expr of list(selector.matchExpressions)) {
    const values = list(expr?.values);
    const valid = typeof expr?.key === 'string' && !checkQualifiedName(expr.key) && values.every(v => typeof v === 'string' && !checkLabelValue(v))
      && (['In', 'NotIn'].includes(expr.operator) ? values.length > 0 : ['Exists', 'DoesNotExist'].includes(expr.operator) && values.length === 0);
    if (!valid) {
      return undefined;
    }
    const present = has(expr.key);
    const value = present ? labels![expr.key] : undefined;
    switch (expr.operator) {
      case 'In': matches &&= present && values.includes(value); break;
      case 'NotIn': matches &&= !present || !values.includes(value); break;
      case 'Exists': matches &&= present; break;
      default: matches &&= !present;
    }
  }
  return matches;
}
