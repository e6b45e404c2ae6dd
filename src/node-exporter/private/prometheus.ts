import { SA_TOKEN_FILE } from './defaults';
import { RelabelAction, Relabeling } from '../../core/monitor-options';
import { promDuration } from '../../core/private/monitors';

export { promDuration };

/** The node's name as `instance`, instead of its IP and port: what dashboards and node-level metrics (kube-state-metrics) join on. */
export const INSTANCE_RELABELING: Relabeling = { action: RelabelAction.REPLACE, sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' };

/** The endpoint fields through kube-rbac-proxy: HTTPS with Prometheus' own token; the proxy's certificate is self-signed. */
export function proxyEndpoint(behindProxy: boolean): Record<string, unknown> {
  return {
    scheme: behindProxy ? 'https' : 'http',
    bearerTokenFile: behindProxy ? SA_TOKEN_FILE : undefined,
    tlsConfig: behindProxy ? { insecureSkipVerify: true } : undefined,
  };
}
