import { Duration } from 'cdk8s';

/** What a Prometheus relabeling rule does (`action`). */
export enum RelabelAction {
  /** Write `replacement` (with the regex's groups) into `targetLabel`. */
  REPLACE = 'replace',
  /** Keep the target or series only when the regex matches. */
  KEEP = 'keep',
  /** Drop the target or series when the regex matches. */
  DROP = 'drop',
  /** Write a hash of the source labels modulo `modulus` into `targetLabel`. */
  HASHMOD = 'hashmod',
  /** Copy the labels whose names match the regex to the names `replacement` gives. */
  LABEL_MAP = 'labelmap',
  /** Drop the labels whose names match the regex. */
  LABEL_DROP = 'labeldrop',
  /** Keep only the labels whose names match the regex. */
  LABEL_KEEP = 'labelkeep',
  /** Write the source labels in lower case into `targetLabel`. */
  LOWERCASE = 'lowercase',
  /** Write the source labels in upper case into `targetLabel`. */
  UPPERCASE = 'uppercase',
}

/** A Prometheus relabeling rule, as the Prometheus Operator's monitors take it. */
export interface Relabeling {
  /**
   * The labels whose values are joined (with `separator`) and matched.
   *
   * @default - none
   */
  readonly sourceLabels?: string[];

  /**
   * The separator of the joined source label values.
   *
   * @default ';'
   */
  readonly separator?: string;

  /**
   * The label written, for `REPLACE`, `HASHMOD`, `LOWERCASE` and `UPPERCASE`.
   *
   * @default - none
   */
  readonly targetLabel?: string;

  /**
   * The regular expression (RE2) matched against the joined values, or the label names.
   *
   * @default '(.*)'
   */
  readonly regex?: string;

  /**
   * The value written, with `$1`... for the regex's groups.
   *
   * @default '$1'
   */
  readonly replacement?: string;

  /**
   * The modulus, for `HASHMOD`.
   *
   * @default - none
   */
  readonly modulus?: number;

  /**
   * What the rule does.
   *
   * @default RelabelAction.REPLACE
   */
  readonly action?: RelabelAction;
}

/**
 * A Prometheus Operator `ServiceMonitor` or `PodMonitor` for an agent's metrics: the options
 * operators change most (kube-prometheus-stack selects monitors by the `release` label).
 */
export interface MonitorOptions {
  /**
   * Labels of the monitor, e.g. the ones your Prometheus' `serviceMonitorSelector` or
   * `podMonitorSelector` matches (`release: kube-prometheus-stack` for that chart).
   *
   * @default - the agent's `app.kubernetes.io/name` and `app.kubernetes.io/instance`
   */
  readonly labels?: { [key: string]: string };

  /**
   * How often each target is scraped.
   *
   * @default - the construct's (30s for the node exporter), else Prometheus' own (1m)
   */
  readonly interval?: Duration;

  /**
   * How long a scrape may take. At most `interval` (Prometheus refuses a longer one).
   *
   * @default - Prometheus' default (10s)
   */
  readonly scrapeTimeout?: Duration;

  /**
   * Relabeling rules applied to each target before the scrape, after the construct's own.
   *
   * @default - the construct's own only
   */
  readonly relabelings?: Relabeling[];

  /**
   * Relabeling rules applied to each scraped series before it is stored (e.g. to drop series).
   *
   * @default - none
   */
  readonly metricRelabelings?: Relabeling[];
}
