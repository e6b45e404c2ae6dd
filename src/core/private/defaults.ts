/** The defaults of the library, in one place. */
export const DEFAULTS = {
  priorityClassName: 'system-node-critical',
  /** The classes clusters limit with a ResourceQuota (GKE: to `kube-system`). */
  systemPriorityClasses: ['system-node-critical', 'system-cluster-critical'],
  /** Where such clusters admit the system classes already. */
  systemNamespace: 'kube-system',
  /** The pod count of the quota admitting a priority class: GKE's own `gcp-critical-pods` value. */
  priorityClassQuotaPods: '1G',
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  user: 65534,
  group: 65534,
  component: 'node-agent',
  /** [request, limit] per resource: sized for a node agent, not for an application. */
  resources: {
    'cpu': ['50m', '250m'],
    'memory': ['64Mi', '128Mi'],
    'ephemeral-storage': ['64Mi', '256Mi'],
  } as Record<string, [string, string]>,
};

/** The labels of Kubernetes' recommended set that the selector is built from. */
export const NAME_LABEL = 'app.kubernetes.io/name';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
