import { MonitorOptions } from '../core/monitor-options';

/**
 * Options of the node exporter's ServiceMonitor (Prometheus Operator): the shared `MonitorOptions`.
 * Its `interval` defaults to 30s: the core alerts take rates over 2 minutes, which needs several
 * samples per window, and Prometheus' own default (1m) leaves two at best.
 */
export interface NodeExporterServiceMonitorOptions extends MonitorOptions {}
