/**
 * Options of the NetworkPolicy of the exporter pods. It only applies without `hostNetwork`:
 * NetworkPolicy does not filter pods in the node's network namespace.
 */
export interface NodeExporterNetworkPolicyOptions {
  /**
   * Names of the namespaces whose pods may scrape the metrics port.
   *
   * @default - every namespace
   */
  readonly fromNamespaces?: string[];

  /**
   * Labels of the pods (in `fromNamespaces`) that may scrape the metrics port, e.g.
   * `{ 'app.kubernetes.io/name': 'prometheus' }`.
   *
   * @default - every pod of those namespaces; with neither option, any source
   */
  readonly fromPodLabels?: { [key: string]: string };
}
