/** Options of the PrometheusRule with the core node alerts (Prometheus Operator). */
export interface NodeExporterPrometheusRuleOptions {
  /**
   * Labels of the PrometheusRule, e.g. the ones your Prometheus' `ruleSelector` matches.
   *
   * @default - the exporter's `app.kubernetes.io/name` and `app.kubernetes.io/instance`
   */
  readonly labels?: { [key: string]: string };

  /**
   * The severity of the alerts that mean a node fails soon (filesystem full in hours).
   *
   * @default 'critical' - as the node-exporter mixin; use 'warning' where a single node's failure
   * should not page
   */
  readonly criticalSeverity?: string;
}
