import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { NodeExporterNetworkPolicyOptions } from '../network-policy-options';

/** Ingress to the metrics port only, from the given sources; no egress. */
export function networkPolicySpec(podLabels: Record<string, string>, port: number, options: NodeExporterNetworkPolicyOptions): k8s.NetworkPolicySpec {
  const peer: k8s.NetworkPolicyPeer = {
    namespaceSelector: options.fromNamespaces
      ? { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...options.fromNamespaces] }] }
      : options.fromPodLabels ? {} : undefined,
    podSelector: options.fromPodLabels ? { matchLabels: { ...options.fromPodLabels } } : undefined,
  };
  const restricted = options.fromNamespaces !== undefined || options.fromPodLabels !== undefined;
  return {
    podSelector: { matchLabels: podLabels },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: restricted ? [peer] : undefined, ports: [{ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' }] }],
    // The exporter connects nowhere: no egress rule.
    egress: [],
  };
}
