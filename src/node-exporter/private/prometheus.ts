import { Duration } from 'cdk8s';
import { NE_DEFAULTS, SA_TOKEN_FILE } from './defaults';
import { monitoring } from '../../core/private/monitoring';
import type { ServiceMonitorSpecEndpoints } from '../../imports/monitoring.coreos.com.generated';
import { NodeExporterServiceMonitorOptions } from '../service-monitor-options';

/** A Prometheus duration: whole seconds as `30s`, anything finer in milliseconds (`1500ms`). */
export function promDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The ServiceMonitor's endpoint: the Service's metrics port, through kube-rbac-proxy when there is one. */
export function serviceMonitorEndpoint(
  portName: string, behindProxy: boolean, options: NodeExporterServiceMonitorOptions,
): ServiceMonitorSpecEndpoints {
  return {
    port: portName,
    path: '/metrics',
    scheme: behindProxy ? monitoring().ServiceMonitorSpecEndpointsScheme.HTTPS : monitoring().ServiceMonitorSpecEndpointsScheme.HTTP,
    interval: promDuration(options.interval ?? NE_DEFAULTS.scrapeInterval),
    scrapeTimeout: options.scrapeTimeout ? promDuration(options.scrapeTimeout) : undefined,
    // The node's name as `instance`, instead of its IP and port: what dashboards and other
    // node-level metrics (kube-state-metrics) join on.
    relabelings: [{
      action: monitoring().ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE,
      sourceLabels: ['__meta_kubernetes_pod_node_name'],
      targetLabel: 'instance',
    }],
    // kube-rbac-proxy authenticates Prometheus' own ServiceAccount token and serves a
    // self-signed certificate.
    bearerTokenFile: behindProxy ? SA_TOKEN_FILE : undefined,
    tlsConfig: behindProxy ? { insecureSkipVerify: true } : undefined,
  };
}
