/**
 * One rule of the agent's ClusterRole. Wildcards (`*`) need `wildcardRbacReason`.
 */
export interface CniRbacRule {
  /**
   * The API groups (`''` is the core group: nodes, pods, namespaces...).
   *
   * @default [''] - the core group
   */
  readonly apiGroups?: string[];

  /** The resources, including subresources such as `nodes/status`. */
  readonly resources: string[];

  /** The verbs, e.g. `get`, `list`, `watch`, `patch`. */
  readonly verbs: string[];
}

/**
 * Common ClusterRole rules of CNI agents.
 */
export class CniRbac {
  /**
   * `get`, `list` and `watch` on nodes, pods and namespaces (core group): what calico, cilium and
   * flannel read to learn the node's pod CIDR and the pods and namespaces they route for.
   */
  public static readNodesPodsNamespaces(): CniRbacRule[] {
    return [{ apiGroups: [''], resources: ['nodes', 'pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }];
  }

  /** `patch` on `nodes/status`: agents that report the node's network condition (flannel, calico). */
  public static patchNodeStatus(): CniRbacRule[] {
    return [{ apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] }];
  }

  private constructor() {}
}
