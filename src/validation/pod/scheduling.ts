import { checkFormat, Err, isInteger, list, notSupported } from '../field';
import { validateLabelSelector } from '../meta/label-selector';
import { checkDnsLabel, checkDnsSubdomain, checkLabelValue, checkQualifiedName } from '../names';

/**
 * Where the pods may run, as k8s.io/kubernetes pkg/apis/core/validation v1.34 checks it:
 * the node selector (`ValidateLabels`), `ValidateTolerations`, `validateAffinity`
 * (`validateNodeAffinity`, `ValidateNodeSelector`, `ValidateNodeSelectorRequirement`,
 * `ValidateNodeFieldSelectorRequirement`, `ValidatePreferredSchedulingTerms`,
 * `validatePodAffinity`, `validatePodAntiAffinity`, `validatePodAffinityTerm`),
 * `validateTopologySpreadConstraints`, `validateReadinessGates`, `validateSchedulingGates`, the
 * priority class, runtime class, node name and `ValidatePreemptionPolicy` checks of
 * `ValidatePodSpec`, and `validateOS`.
 */

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];

export function validateScheduling(err: Err, pod: any): void {
  for (const [key, value] of Object.entries(pod.nodeSelector ?? {})) {
    const keyProblem = checkQualifiedName(key);
    if (keyProblem) {
      err('nodeSelector', 'has an invalid key', key, keyProblem, 'use a valid node label key');
    }
    const valueProblem = typeof value === 'string' ? checkLabelValue(value) : 'a string';
    if (valueProblem) {
      err(`nodeSelector.${key}`, 'has an invalid value', value, valueProblem, 'use a valid node label value');
    }
  }
  validateTolerations(err, 'tolerations', pod.tolerations);
  validateAffinity(err, pod.affinity);
  validateTopologySpreadConstraints(err, pod.topologySpreadConstraints);
  list(pod.readinessGates).forEach((gate, i) =>
    checkFormat(err, `readinessGates[${i}].conditionType`, gate?.conditionType, checkQualifiedName, 'is not a valid condition type', 'use a qualified name such as example.com/ready'));
  const gates = new Set<string>();
  list(pod.schedulingGates).forEach((gate, i) => {
    checkFormat(err, `schedulingGates[${i}].name`, gate?.name, checkQualifiedName, 'is not a valid scheduling gate', 'use a qualified name such as example.com/wait');
    if (gates.has(gate?.name)) {
      err(`schedulingGates[${i}].name`, 'is listed twice', gate.name, 'each gate once', 'remove the duplicate');
    }
    gates.add(gate?.name);
  });
  if (pod.priorityClassName !== undefined && pod.priorityClassName !== '') {
    checkFormat(err, 'priorityClassName', pod.priorityClassName, checkDnsSubdomain, 'is not a valid name', 'use the name of an existing PriorityClass');
  }
  if (pod.runtimeClassName !== undefined && pod.runtimeClassName !== null) {
    checkFormat(err, 'runtimeClassName', pod.runtimeClassName, checkDnsSubdomain, 'is not a valid name', 'use the name of an existing RuntimeClass');
  }
  if (pod.nodeName !== undefined && pod.nodeName !== '') {
    checkFormat(err, 'nodeName', pod.nodeName, checkDnsSubdomain, 'is not a valid node name', 'use the name of a node, or a nodeSelector');
  }
  if (pod.preemptionPolicy !== undefined && pod.preemptionPolicy !== null && !['PreemptLowerPriority', 'Never'].includes(pod.preemptionPolicy)) {
    notSupported(err, 'preemptionPolicy', pod.preemptionPolicy, ['PreemptLowerPriority', 'Never'], 'use PreemptLowerPriority or Never');
  }
  if (pod.os !== undefined && pod.os !== null && !['linux', 'windows'].includes(pod.os.name)) {
    notSupported(err, 'os.name', pod.os.name, ['linux', 'windows'], 'use linux or windows');
  }
}

/** `ValidateTolerations`. */
export function validateTolerations(err: Err, where: string, tolerations: unknown): void {
  list(tolerations).forEach((t, i) => {
    const prop = `${where}[${i}]`;
    const operator = t?.operator || 'Equal';
    if (operator !== 'Equal' && operator !== 'Exists') {
      err(`${prop}.operator`, 'is not a toleration operator', operator, 'Equal, Exists', 'use NodeTaintQuery.is() or NodeTaintQuery.exists()');
    }
    if (!t?.key && operator !== 'Exists') {
      err(`${prop}.key`, 'is empty with operator Equal', t, 'operator Exists when the key is empty', 'set a key, or use operator Exists to tolerate every taint');
    }
    if (t?.key) {
      const problem = checkQualifiedName(t.key);
      if (problem) {
        err(`${prop}.key`, 'is not a valid taint key', t.key, problem, 'use the key of the taint to tolerate');
      }
    }
    if (operator === 'Exists' && t?.value) {
      err(`${prop}.value`, 'must be empty with operator Exists', t.value, 'no value with Exists', 'remove the value, or use operator Equal');
    }
    if (operator === 'Equal' && t?.value !== undefined) {
      const problem = typeof t.value === 'string' ? checkLabelValue(t.value) : 'a string';
      if (problem) {
        err(`${prop}.value`, 'is not a valid taint value for operator Equal', t.value, problem, 'use the value of the taint to tolerate');
      }
    }
    if (t?.effect !== undefined && t.effect !== '' && !EFFECTS.includes(t.effect)) {
      err(`${prop}.effect`, 'is not a taint effect', t.effect, EFFECTS.join(', '), 'use a TaintEffect value');
    }
    if (t?.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      err(`${prop}.tolerationSeconds`, 'is only allowed with effect NoExecute', t.tolerationSeconds, 'tolerationSeconds with NoExecute', 'set effect NoExecute, or remove tolerationSeconds');
    }
  });
}

function validateAffinity(err: Err, affinity: any): void {
  if (!affinity || typeof affinity !== 'object') {
    return;
  }
  const node = affinity.nodeAffinity;
  if (node?.requiredDuringSchedulingIgnoredDuringExecution) {
    const prop = 'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution';
    const terms = list(node.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms);
    if (terms.length === 0) {
      err(`${prop}.nodeSelectorTerms`, 'is empty', [], 'at least one node selector term', 'add a term, or remove the required node affinity');
    }
    terms.forEach((term, i) => validateNodeSelectorTerm(err, `${prop}.nodeSelectorTerms[${i}]`, term, true));
  }
  list(node?.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
    const prop = `affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    checkWeight(err, `${prop}.weight`, term?.weight);
    validateNodeSelectorTerm(err, `${prop}.preference`, term?.preference ?? {}, false);
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pods = affinity[kind];
    list(pods?.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) =>
      validatePodAffinityTerm(err, `affinity.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, term));
    list(pods?.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      const prop = `affinity.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkWeight(err, `${prop}.weight`, term?.weight);
      validatePodAffinityTerm(err, `${prop}.podAffinityTerm`, term?.podAffinityTerm ?? {});
    });
  }
}

function checkWeight(err: Err, prop: string, weight: unknown): void {
  if (!(isInteger(weight) && weight >= 1 && weight <= 100)) {
    err(prop, 'is out of range', weight, '1 to 100', 'give the term a weight from 1 to 100');
  }
}

/**
 * `ValidateNodeSelectorTerm`: label requirements (values must be label values in required terms)
 * and field requirements (only metadata.name, In or NotIn with one node name).
 */
function validateNodeSelectorTerm(err: Err, prop: string, term: any, required: boolean): void {
  list(term?.matchExpressions).forEach((req, i) => {
    const at = `${prop}.matchExpressions[${i}]`;
    const values = list(req?.values);
    switch (req?.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          err(`${at}.values`, `must be set when operator is ${req.operator}`, req.values, 'at least one value', 'list the values');
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          err(`${at}.values`, `must be empty when operator is ${req.operator}`, values, 'no values', 'remove the values');
        }
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1) {
          err(`${at}.values`, `must hold one value when operator is ${req.operator}`, values, 'exactly one value', 'give one number');
        }
        break;
      default:
        err(`${at}.operator`, 'is not a valid node selector operator', req?.operator, NODE_OPERATORS.join(', '), 'use one of the allowed operators');
    }
    checkFormat(err, `${at}.key`, req?.key, checkQualifiedName, 'is not a valid label key', 'use a node label key');
    if (required) {
      values.forEach((value, j) => checkFormat(err, `${at}.values[${j}]`, value, checkLabelValue, 'is not a valid label value', 'use a valid node label value'));
    }
  });
  list(term?.matchFields).forEach((req, i) => {
    const at = `${prop}.matchFields[${i}]`;
    const values = list(req?.values);
    if (req?.operator !== 'In' && req?.operator !== 'NotIn') {
      err(`${at}.operator`, 'is not a valid field selector operator', req?.operator, 'In, NotIn', 'use In or NotIn');
    } else if (values.length !== 1) {
      err(`${at}.values`, 'must hold one value', values, 'exactly one node name', 'give one node name');
    }
    if (req?.key !== 'metadata.name') {
      err(`${at}.key`, 'is not a valid field selector key', req?.key, 'metadata.name', 'select nodes by metadata.name, or use matchExpressions on labels');
    } else {
      values.forEach((value, j) => checkFormat(err, `${at}.values[${j}]`, value, checkDnsSubdomain, 'is not a valid node name', 'give a node name'));
    }
  });
}

/** `validatePodAffinityTerm`. */
function validatePodAffinityTerm(err: Err, prop: string, term: any): void {
  validateLabelSelector(err, `${prop}.labelSelector`, term?.labelSelector);
  validateLabelSelector(err, `${prop}.namespaceSelector`, term?.namespaceSelector);
  list(term?.namespaces).forEach(ns => checkFormat(err, `${prop}.namespaces`, ns, checkDnsLabel, 'has an invalid namespace name', 'use namespace names'));
  if (!term?.topologyKey) {
    err(`${prop}.topologyKey`, 'is required', term?.topologyKey, 'a node label key such as kubernetes.io/hostname', 'set the topology key');
  } else {
    checkFormat(err, `${prop}.topologyKey`, term.topologyKey, checkQualifiedName, 'is not a valid label key', 'use a node label key');
  }
  checkLabelKeys(err, `${prop}.matchLabelKeys`, term?.matchLabelKeys, term?.labelSelector);
  checkLabelKeys(err, `${prop}.mismatchLabelKeys`, term?.mismatchLabelKeys, term?.labelSelector);
  const mismatch = new Set(list(term?.mismatchLabelKeys));
  list(term?.matchLabelKeys).forEach((key, i) => {
    if (mismatch.has(key)) {
      err(`${prop}.matchLabelKeys[${i}]`, 'is also in mismatchLabelKeys', key, 'a key in one of the two lists', 'remove it from one list');
    }
  });
}

/** matchLabelKeys / mismatchLabelKeys: label keys, only with a labelSelector. */
function checkLabelKeys(err: Err, prop: string, keys: unknown, selector: any): void {
  const items = list(keys);
  if (items.length > 0 && !selector) {
    err(prop, 'is set without a labelSelector', items, 'label keys next to a labelSelector', 'add a labelSelector, or remove the keys');
  }
  items.forEach((key, i) => checkFormat(err, `${prop}[${i}]`, key, checkQualifiedName, 'is not a valid label key', 'use a pod label key'));
}

/** `validateTopologySpreadConstraints`. */
function validateTopologySpreadConstraints(err: Err, constraints: unknown): void {
  const items = list(constraints);
  items.forEach((c, i) => {
    const prop = `topologySpreadConstraints[${i}]`;
    if (!(isInteger(c?.maxSkew) && c.maxSkew > 0)) {
      err(`${prop}.maxSkew`, 'must be greater than 0', c?.maxSkew, 'an integer >= 1', 'set maxSkew to 1 or more');
    }
    if (!c?.topologyKey) {
      err(`${prop}.topologyKey`, 'is required', c?.topologyKey, 'a node label key such as topology.kubernetes.io/zone', 'set the topology key');
    }
    if (!WHEN_UNSATISFIABLE.includes(c?.whenUnsatisfiable)) {
      notSupported(err, `${prop}.whenUnsatisfiable`, c?.whenUnsatisfiable, WHEN_UNSATISFIABLE, 'use DoNotSchedule or ScheduleAnyway');
    }
    if (items.slice(i + 1).some(o => o?.topologyKey === c?.topologyKey && o?.whenUnsatisfiable === c?.whenUnsatisfiable)) {
      err(prop, 'repeats the topologyKey and whenUnsatisfiable of a later constraint', `${c?.topologyKey}, ${c?.whenUnsatisfiable}`,
        'one constraint per topologyKey and whenUnsatisfiable', 'merge the two constraints');
    }
    if (c?.minDomains !== undefined && c.minDomains !== null) {
      if (!(isInteger(c.minDomains) && c.minDomains > 0)) {
        err(`${prop}.minDomains`, 'must be greater than 0', c.minDomains, 'an integer >= 1', 'set minDomains to 1 or more, or remove it');
      }
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        err(`${prop}.minDomains`, 'is only allowed with whenUnsatisfiable DoNotSchedule', c.minDomains, 'minDomains with DoNotSchedule', 'remove minDomains, or use DoNotSchedule');
      }
    }
    for (const field of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (c?.[field] !== undefined && c[field] !== null && !NODE_INCLUSION_POLICIES.includes(c[field])) {
        notSupported(err, `${prop}.${field}`, c[field], NODE_INCLUSION_POLICIES, 'use Honor or Ignore');
      }
    }
    // With MatchLabelKeysInPodTopologySpreadSelectorMerge (on in 1.34), as for pod affinity terms.
    checkLabelKeys(err, `${prop}.matchLabelKeys`, c?.matchLabelKeys, c?.labelSelector);
    // `ValidateMatchLabelKeysAndMismatchLabelKeys`: a key of matchLabelKeys that the labelSelector
    // already names and names again in an expression.
    const matchLabelKeys = list(c?.matchLabelKeys);
    const seen = new Set(Object.keys(c?.labelSelector?.matchLabels ?? {}));
    for (const expr of list(c?.labelSelector?.matchExpressions)) {
      const j = matchLabelKeys.indexOf(expr?.key);
      if (j >= 0 && seen.has(expr.key)) {
        err(`${prop}.matchLabelKeys[${j}]`, 'is also a key of the labelSelector', expr.key, 'keys not in the labelSelector', 'remove the key from one of the two');
      }
      seen.add(expr?.key);
    }
    validateLabelSelector(err, `${prop}.labelSelector`, c?.labelSelector);
  });
}
