/** The kind of Service in front of the exporter pods. */
export enum NodeExporterServiceType {
  /**
   * A headless Service (`clusterIP: None`): Prometheus scrapes every endpoint (node) anyway, and a
   * virtual IP that load-balances to a random node's metrics is of no use.
   */
  HEADLESS = 'Headless',
  /** A ClusterIP Service, as the prometheus-node-exporter chart emits. */
  CLUSTER_IP = 'ClusterIP',
}
