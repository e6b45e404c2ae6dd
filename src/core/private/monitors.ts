import { ApiObject, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { fail } from './errors';
import { monitoring } from './monitoring';
import { checkLabelValue, checkQualifiedName } from '../../validation/names';
import { MonitorOptions, RelabelAction, Relabeling } from '../monitor-options';

/**
 * The Prometheus Operator monitors of the agents (ServiceMonitor, PodMonitor), built the same way
 * for each: the options checked, the construct's own relabelings first.
 */

/** A Prometheus duration: whole seconds as `30s`, anything finer in milliseconds (`1500ms`). */
export function promDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Checks the options of a monitor; `prop` is the prop that holds them (`serviceMonitor`, `podMonitor`). */
export function checkMonitorOptions(scope: IConstruct, prop: string, options: MonitorOptions | undefined, defaultInterval?: Duration): void {
  if (!options) {
    return;
  }
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    const problem = checkQualifiedName(key) ?? (typeof value === 'string' ? checkLabelValue(value) : 'a string');
    if (problem) {
      fail(scope, { prop: `${prop}.labels.${key}`, problem: 'is not a valid label', received: value, allowed: problem, fix: 'use a valid label key and value' });
    }
  }
  for (const field of ['interval', 'scrapeTimeout'] as const) {
    const duration = options[field];
    if (duration !== undefined && !(duration.toMilliseconds() >= 1)) {
      fail(scope, { prop: `${prop}.${field}`, problem: 'is zero', received: promDuration(duration), allowed: 'a positive duration', fix: `set a longer ${prop}.${field}` });
    }
  }
  const interval = options.interval ?? defaultInterval ?? Duration.minutes(1);
  if (options.scrapeTimeout !== undefined && options.scrapeTimeout.toMilliseconds() > interval.toMilliseconds()) {
    fail(scope, {
      prop: `${prop}.scrapeTimeout`,
      problem: 'is longer than the scrape interval, which Prometheus refuses',
      received: { scrapeTimeout: promDuration(options.scrapeTimeout), interval: promDuration(interval) },
      allowed: 'scrapeTimeout <= interval',
      fix: 'shorten scrapeTimeout or lengthen interval',
    });
  }
  for (const [field, rules] of [['relabelings', options.relabelings], ['metricRelabelings', options.metricRelabelings]] as const) {
    (rules ?? []).forEach((rule, i) => checkRelabeling(scope, `${prop}.${field}[${i}]`, rule));
  }
}

function checkRelabeling(scope: IConstruct, prop: string, rule: Relabeling): void {
  const action = rule.action ?? RelabelAction.REPLACE;
  if (!Object.values(RelabelAction).includes(action)) {
    fail(scope, { prop: `${prop}.action`, problem: 'is not a relabel action', received: action, allowed: 'a RelabelAction value', fix: 'use the RelabelAction enum' });
  }
  if (rule.regex !== undefined) {
    let problem: string | undefined;
    if (/\(\?<?[=!]/.test(rule.regex) || /\\[1-9]/.test(rule.regex)) {
      problem = 'uses look-around or a back-reference, which Go regular expressions do not support';
    } else {
      try {
        new RegExp(rule.regex);
      } catch (e) {
        problem = `is not a valid regular expression: ${(e as Error).message}`;
      }
    }
    if (problem) {
      fail(scope, { prop: `${prop}.regex`, problem, received: rule.regex, allowed: 'a Go (RE2) regular expression', fix: 'correct the expression (Prometheus refuses the whole configuration)' });
    }
  }
  const needsTarget = [RelabelAction.REPLACE, RelabelAction.HASHMOD, RelabelAction.LOWERCASE, RelabelAction.UPPERCASE].includes(action);
  if (needsTarget && !rule.targetLabel) {
    fail(scope, { prop: `${prop}.targetLabel`, problem: `is required with action ${action}`, received: rule, allowed: 'the label to write', fix: 'set targetLabel' });
  }
  if (action === RelabelAction.HASHMOD && !(Number.isInteger(rule.modulus) && rule.modulus! > 0)) {
    fail(scope, { prop: `${prop}.modulus`, problem: 'is required with action hashmod', received: rule.modulus, allowed: 'a whole number above 0', fix: 'set modulus' });
  }
}

/** The endpoint fields the options give, in the CRD's shape; `own` relabelings come first. */
export function endpointOptions(options: MonitorOptions, own: Relabeling[] = [], defaultInterval?: Duration): any {
  const interval = options.interval ?? defaultInterval;
  const rules = (list: Relabeling[]) => list.length === 0 ? undefined : list.map(r => ({
    sourceLabels: r.sourceLabels,
    separator: r.separator,
    targetLabel: r.targetLabel,
    regex: r.regex,
    replacement: r.replacement,
    modulus: r.modulus,
    action: r.action ?? RelabelAction.REPLACE,
  }));
  return {
    interval: interval ? promDuration(interval) : undefined,
    scrapeTimeout: options.scrapeTimeout ? promDuration(options.scrapeTimeout) : undefined,
    relabelings: rules([...own, ...options.relabelings ?? []]),
    metricRelabelings: rules(options.metricRelabelings ?? []),
  };
}

/** What a monitor of an agent is built from. */
export interface MonitorTarget {
  readonly name: string;
  readonly namespace: string;
  /** The labels that select the agent's pods (and its Service). */
  readonly selectorLabels: Record<string, string>;
  /** The named port scraped (of the Service for a ServiceMonitor, of the container for a PodMonitor). */
  readonly port: string;
  readonly path: string;
  readonly options: MonitorOptions;
  /** The construct's own relabelings, before the user's. */
  readonly relabelings?: Relabeling[];
  readonly defaultInterval?: Duration;
  /** More endpoint fields (scheme, TLS...). */
  readonly endpoint?: Record<string, unknown>;
  /** The label whose value names the job. */
  readonly jobLabel?: string;
}

/** A ServiceMonitor scraping the agent's Service. */
export function createServiceMonitor(scope: Construct, t: MonitorTarget): ApiObject {
  return new (monitoring().ServiceMonitor)(scope, 'ServiceMonitor', {
    metadata: { name: t.name, namespace: t.namespace, labels: { ...t.selectorLabels, ...t.options.labels } },
    spec: {
      jobLabel: t.jobLabel,
      selector: { matchLabels: { ...t.selectorLabels } },
      namespaceSelector: { matchNames: [t.namespace] },
      endpoints: [{ port: t.port, path: t.path, ...t.endpoint, ...endpointOptions(t.options, t.relabelings, t.defaultInterval) }],
    },
  });
}

/** A PodMonitor scraping the agent's pods directly (no Service needed). */
export function createPodMonitor(scope: Construct, t: MonitorTarget): ApiObject {
  return new (monitoring().PodMonitor)(scope, 'PodMonitor', {
    metadata: { name: t.name, namespace: t.namespace, labels: { ...t.selectorLabels, ...t.options.labels } },
    spec: {
      jobLabel: t.jobLabel,
      selector: { matchLabels: { ...t.selectorLabels } },
      namespaceSelector: { matchNames: [t.namespace] },
      podMetricsEndpoints: [{ port: t.port, path: t.path, ...t.endpoint, ...endpointOptions(t.options, t.relabelings, t.defaultInterval) }],
    },
  });
}
