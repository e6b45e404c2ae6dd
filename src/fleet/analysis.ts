import { evaluatePodSecurity } from './pod-security';
import { levelRank, parseLevel, PodSecurityLevel } from './pod-security-level';
import { amountOf, formatAmount, podUsage, ResourceName, scaleUsage, sumUsage, toAmount } from './resources';
import { estimateRollout } from './rollout';
import { markdownTable } from './table';
import { FleetAnalysis, FleetAnalysisOptions, FleetBudgetCheck, FleetDaemonSet, FleetHostPort, FleetNamespace, PodSecurityFinding } from './types';
import { formatError } from '../core/private/errors';
import { hostPortBindings } from '../validation/daemon-set-rules';
import { hostPortClashes } from '../validation/host-port-clashes';
import { parseQuantity } from '../validation/quantity';

/** A Kubernetes object and where it comes from (a construct path, or a file). */
export interface FleetObject {
  readonly manifest: any;
  readonly source: string;
}

/** The label that makes Pod Security admission reject pods below its level. */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** The pod start time assumed when none is given. */
export const DEFAULT_POD_START_SECONDS = 30;

/** How many DaemonSets the budget error lists. */
const TOP_CONSUMERS = 5;

/**
 * Checks the options; returns one message per problem, each starting with `path`.
 */
export function checkFleetOptions(path: string, options: FleetAnalysisOptions): string[] {
  const errors: string[] = [];
  if (!(Number.isInteger(options.nodeCount) && options.nodeCount >= 1)) {
    errors.push(formatError(path, {
      prop: 'nodeCount', problem: 'is not a whole number of nodes', received: options.nodeCount, allowed: 'an integer >= 1', fix: 'give the number of nodes of the cluster',
    }));
  }
  for (const prop of ['podStartSeconds', 'podStopSeconds'] as const) {
    const value = options[prop];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      errors.push(formatError(path, { prop, problem: 'is not a number of seconds', received: value, allowed: 'a number >= 0', fix: `set ${prop} to 0 or more` }));
    }
  }
  for (const resource of ['cpu', 'memory'] as const) {
    const budget = options.budget?.[resource];
    if (budget !== undefined && !((toAmount(resource, budget) ?? -1) > 0)) {
      errors.push(formatError(path, {
        prop: `budget.${resource}`,
        problem: 'is not a positive quantity',
        received: budget,
        allowed: resource === 'cpu' ? 'a cpu quantity such as 500m or 2' : 'a memory quantity such as 512Mi or 2Gi',
        fix: 'write the budget as a Kubernetes quantity',
      }));
    }
  }
  return errors;
}

/**
 * The values of the DaemonSets that the analysis cannot read: resource quantities of their pods
 * that are not Kubernetes quantities. The API server rejects such a DaemonSet, and counting the
 * value as 0 would hide it from the totals and the budget. One message per value, starting with
 * where the object comes from.
 */
export function checkFleetObjects(objects: FleetObject[]): string[] {
  const errors: string[] = [];
  for (const { manifest, source } of flatten(objects).filter(o => o.manifest?.kind === 'DaemonSet')) {
    const pod = manifest.spec?.template?.spec ?? {};
    const fields: Array<[string, unknown]> = [];
    for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      for (const kind of ['requests', 'limits']) {
        for (const [resource, value] of Object.entries(container?.resources?.[kind] ?? {})) {
          fields.push([`containers[${container.name}].resources.${kind}.${resource}`, value]);
        }
      }
    }
    for (const [resource, value] of Object.entries(pod.overhead ?? {})) {
      fields.push([`overhead.${resource}`, value]);
    }
    for (const [field, value] of fields) {
      if (parseQuantity(value as string | number) === undefined) {
        errors.push(formatError(source, {
          prop: field,
          problem: 'is not a Kubernetes quantity (the API server rejects the DaemonSet, and the fleet view cannot count it)',
          received: value,
          allowed: 'a number with an optional suffix: cpu as 500m or 1.5, memory and storage as 512Mi, 1Gi or 1e9',
          fix: 'write the quantity as Kubernetes does, e.g. 1500m for one and a half cores',
        }));
      }
    }
  }
  return errors;
}

/** The display name of an object: `namespace/name`, or `name`. */
export function objectName(manifest: any): string {
  const name = manifest?.metadata?.name ?? '(unnamed)';
  return manifest?.metadata?.namespace ? `${manifest.metadata.namespace}/${name}` : name;
}

/** The display name of a DaemonSet of the fleet: `namespace/name`, or `name`. */
export function daemonSetName(d: FleetDaemonSet): string {
  return d.namespace ? `${d.namespace}/${d.name}` : d.name;
}

/** The objects, with the items of `List` objects (`kubectl get -o yaml`) in place of the list. */
function flatten(objects: FleetObject[]): FleetObject[] {
  return objects.flatMap(o => typeof o.manifest?.kind === 'string' && o.manifest.kind.endsWith('List') && Array.isArray(o.manifest.items)
    ? flatten(o.manifest.items.map((item: any) => ({ manifest: item, source: o.source })))
    : [o]);
}

/**
 * The fleet view of a set of Kubernetes objects: every DaemonSet's node overhead, Pod Security
 * level and rollout time, the host ports, the Namespaces' enforce levels, the budget, and the
 * problems: budgets exceeded, Namespaces that would reject a DaemonSet's pods, host ports bound by
 * two DaemonSets on the same nodes. Pure: the same code serves the app view at synth and the
 * command line on any manifest files.
 *
 * `reportPath` starts the budget error messages. Throws on invalid options and on objects it
 * cannot read (`checkFleetOptions`, `checkFleetObjects`).
 */
export function analyzeFleet(objects: FleetObject[], options: FleetAnalysisOptions, reportPath = 'fleet'): FleetAnalysis {
  const inputErrors = [...checkFleetOptions(reportPath, options), ...checkFleetObjects(objects)];
  if (inputErrors.length > 0) {
    throw new Error(inputErrors.join('\n'));
  }
  const nodeCount = options.nodeCount;
  const podStartSeconds = options.podStartSeconds ?? DEFAULT_POD_START_SECONDS;
  const all = flatten(objects).filter(o => o.manifest && typeof o.manifest === 'object');
  const daemonSetObjects = all.filter(o => o.manifest.kind === 'DaemonSet');

  const daemonSets: FleetDaemonSet[] = [];
  const hostPorts: FleetHostPort[] = [];
  for (const { manifest, source } of daemonSetObjects) {
    const template = manifest.spec?.template ?? {};
    const pod = template.spec ?? {};
    const security = evaluatePodSecurity(pod, template.metadata?.annotations ?? {});
    daemonSets.push({
      name: manifest.metadata?.name ?? '(unnamed)',
      namespace: manifest.metadata?.namespace,
      source,
      perNode: podUsage(pod),
      podSecurityLevel: security.level,
      podSecurityFindings: security.findings,
      rollout: estimateRollout(manifest, nodeCount, podStartSeconds, options.podStopSeconds),
    });
    for (const binding of hostPortBindings(pod)) {
      const { protocol, port, hostIp, container } = binding;
      hostPorts.push({ protocol, port, hostIp, daemonSet: objectName(manifest), container });
    }
  }
  hostPorts.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port || a.daemonSet.localeCompare(b.daemonSet));

  const perNode = sumUsage(daemonSets.map(d => d.perNode));
  const evaluated = daemonSetObjects.map((o, i) => ({ ...o, level: daemonSets[i].podSecurityLevel, findings: daemonSets[i].podSecurityFindings }));
  const namespaceResult = checkNamespaces(evaluated, all.filter(o => o.manifest.kind === 'Namespace'));
  const budget = checkBudget(options, perNode.requests);
  return {
    nodeCount,
    podStartSeconds,
    podStopSeconds: options.podStopSeconds,
    daemonSets,
    perNode,
    cluster: scaleUsage(perNode, nodeCount),
    hostPorts,
    namespaces: namespaceResult.namespaces,
    budget,
    problems: [
      ...budgetProblems(reportPath, budget, daemonSets),
      ...namespaceResult.problems,
      // DaemonSet pods run on every node they select: the second agent on a taken port never starts.
      ...hostPortClashes(daemonSetObjects.map(o => ({ path: o.source, manifest: o.manifest }))),
    ],
  };
}

function checkBudget(options: FleetAnalysisOptions, requests: FleetAnalysis['perNode']['requests']): FleetBudgetCheck[] {
  const checks: FleetBudgetCheck[] = [];
  for (const resource of ['cpu', 'memory'] as const) {
    const budget = options.budget?.[resource];
    if (budget === undefined) {
      continue;
    }
    const budgetAmount = toAmount(resource, budget)!;
    const requested = amountOf(requests, resource);
    checks.push({ resource, budget, budgetAmount, requested, exceeded: requested > budgetAmount });
  }
  return checks;
}

/**
 * The budget errors: what is requested per node against the budget, and a table of the
 * DaemonSets that request the most.
 */
export function budgetProblems(reportPath: string, checks: FleetBudgetCheck[], daemonSets: FleetDaemonSet[]): string[] {
  return checks.filter(c => c.exceeded).map(check => {
    const resource = check.resource as ResourceName;
    const top = [...daemonSets]
      .sort((a, b) => amountOf(b.perNode.requests, resource) - amountOf(a.perNode.requests, resource))
      .slice(0, TOP_CONSUMERS);
    const rows = top.map(d => {
      const amount = amountOf(d.perNode.requests, resource);
      return [daemonSetName(d), formatAmount(resource, amount), percent(amount, check.budgetAmount)];
    });
    const message = formatError(reportPath, {
      prop: `budget.${resource}`,
      problem: `is exceeded: the DaemonSets request ${formatAmount(resource, check.requested)} ${resource} on every node, ${percent(check.requested, check.budgetAmount)} of the budget`,
      received: check.budget,
      allowed: `DaemonSet ${resource} requests of at most ${check.budget} per node`,
      fix: `lower the ${resource} requests of the top consumers below, remove an agent, or raise the budget`,
    });
    return [message, `Top ${resource} consumers per node:`, ...markdownTable(['DaemonSet', `${resource} request`, 'of the budget'], rows, ['l', 'r', 'r'])].join('\n');
  });
}

function percent(amount: number, of: number): string {
  return `${Math.round(amount * 100 / of)}%`;
}

/** A DaemonSet with its evaluated level, for the namespace check. */
export interface EvaluatedDaemonSet extends FleetObject {
  readonly level: PodSecurityLevel;
  readonly findings: PodSecurityFinding[];
}

/** How to remove what a failed check stands for, for a DaemonSet of this library. */
const RELAXATIONS: Record<string, string> = {
  hostNamespaces: 'Relaxation.hostNetwork/hostPid/hostIpc',
  privileged: 'Relaxation.privileged',
  capabilities_baseline: 'Relaxation.capabilities',
  capabilities_restricted: 'Relaxation.capabilities',
  hostPathVolumes: 'Relaxation.hostPath',
  hostPorts: 'Relaxation.hostPort',
  allowPrivilegeEscalation: 'Relaxation.privilegeEscalation',
  runAsNonRoot: 'Relaxation.runAsRoot',
  runAsUser: 'Relaxation.runAsRoot',
};

/**
 * The Namespaces with the level their DaemonSets need, and an error for each DaemonSet placed in a
 * Namespace whose `pod-security.kubernetes.io/enforce` label is stricter than its pods: Pod
 * Security admission accepts the DaemonSet (it only warns for workload objects) and rejects every
 * pod it creates.
 */
export function checkNamespaces(daemonSets: EvaluatedDaemonSet[], namespaces: FleetObject[]): { namespaces: FleetNamespace[]; problems: string[] } {
  const problems: string[] = [];
  const result: FleetNamespace[] = [];
  for (const { manifest, source } of namespaces) {
    const name = manifest.metadata?.name;
    const enforce = manifest.metadata?.labels?.[ENFORCE_LABEL];
    const inside = daemonSets.filter(d => d.manifest.metadata?.namespace === name);
    const neededLevel = inside.reduce((level, d) => levelRank(d.level) < levelRank(level) ? d.level : level, PodSecurityLevel.RESTRICTED);
    const rejected: string[] = [];
    if (enforce !== undefined) {
      const enforced = parseLevel(enforce);
      if (!enforced) {
        problems.push(formatError(source, {
          prop: `metadata.labels.${ENFORCE_LABEL}`,
          problem: `of namespace '${name}' is not a Pod Security level`,
          received: enforce,
          allowed: 'privileged, baseline, restricted',
          fix: `label the namespace with the level its DaemonSets need ('${neededLevel}')`,
        }));
      } else {
        for (const d of inside.filter(ds => levelRank(ds.level) < levelRank(enforced))) {
          rejected.push(objectName(d.manifest));
          const lowering = d.findings.filter(f => levelRank(f.lowersTo) < levelRank(enforced));
          const relaxations = [...new Set(lowering.map(f => RELAXATIONS[f.check]).filter(r => r))];
          problems.push(formatError(d.source, {
            prop: 'metadata.namespace',
            problem: `places the DaemonSet in namespace '${name}' (${source}), which enforces Pod Security '${enforced}', but its pods satisfy only '${d.level}' `
              + `(${lowering.map(f => `${f.check}: ${f.detail}`).join('; ')}): the DaemonSet is accepted and every pod it creates is rejected`,
            received: name,
            allowed: `a namespace that enforces '${d.level}' or a less strict level`,
            fix: `label namespace '${name}' with ${ENFORCE_LABEL}: ${d.level} (PodSecurityNamespace labels it with the level its DaemonSets need), `
              + `or remove what lowers the level${relaxations.length > 0 ? ` (${relaxations.join(', ')} and the settings they allow)` : ''}`,
          }));
        }
      }
    }
    result.push({ name, source, enforce, daemonSets: inside.map(d => objectName(d.manifest)), neededLevel, rejected });
  }
  return { namespaces: result, problems };
}
