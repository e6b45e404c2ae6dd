/** Which node taints the exporter tolerates, so it runs (and reports) on tainted nodes too. */
export enum NodeExporterTolerations {
  /**
   * Every taint with effect `NoSchedule`: control-plane nodes, dedicated node pools and nodes being
   * cordoned by autoscalers, as the prometheus-node-exporter chart does. A `NoExecute` taint
   * still evicts the exporter (DaemonSet pods tolerate the node-lifecycle ones, not-ready and
   * unreachable, automatically).
   */
  NO_SCHEDULE = 'NoSchedule',
  /**
   * Every taint of every effect, as kube-prometheus does: the exporter also stays on nodes that
   * evict everything else with a `NoExecute` taint.
   */
  ALL = 'All',
  /** Only the control-plane taint (`node-role.kubernetes.io/control-plane:NoSchedule`). */
  CONTROL_PLANE = 'ControlPlane',
}
