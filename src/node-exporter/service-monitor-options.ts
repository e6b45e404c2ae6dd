import { Duration } from 'cdk8s';

/** Options of the ServiceMonitor (Prometheus Operator). */
export interface NodeExporterServiceMonitorOptions {
  /**
   * Labels of the ServiceMonitor, e.g. the ones your Prometheus' `serviceMonitorSelector` matches
   * (`release: kube-prometheus-stack` for that chart).
   *
   * @default - the exporter's `app.kubernetes.io/name` and `app.kubernetes.io/instance`
   */
  readonly labels?: { [key: string]: string };

  /**
   * How often each node is scraped.
   *
   * @default Duration.seconds(30) - the core alerts take rates over 2 minutes, which needs
   * several samples per window; Prometheus' own default (1m) leaves two at best
   */
  readonly interval?: Duration;

  /**
   * How long a scrape may take. At most `interval` (Prometheus refuses a longer one).
   *
   * @default - Prometheus' default (10s)
   */
  readonly scrapeTimeout?: Duration;
}
