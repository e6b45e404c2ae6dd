import * as kplus from 'cdk8s-plus-28';

/** How `NodeExporterListen` binds the metrics endpoint. */
export enum NodeExporterListenKind {
  /** The node's IP, from the downward API (`status.hostIP`). */
  NODE_IP = 'NodeIp',
  /** The pod's IP, from the downward API (`status.podIP`). */
  POD_IP = 'PodIp',
  /** Every interface (`:<port>`). */
  ALL_INTERFACES = 'AllInterfaces',
  /** Loopback, behind kube-rbac-proxy on the node's IP. */
  KUBE_RBAC_PROXY = 'KubeRbacProxy',
}

/** Options of `NodeExporterListen.behindKubeRbacProxy()`. */
export interface NodeExporterKubeRbacProxyOptions {
  /**
   * The kube-rbac-proxy image, pinned by tag or digest.
   *
   * @default 'quay.io/brancz/kube-rbac-proxy:v0.22.1' - the release the prometheus-node-exporter chart
   * 4.56.1 and kube-prometheus pin, by tag
   */
  readonly image?: string;

  /**
   * The port the exporter listens on, on 127.0.0.1, for the proxy only. With `hostNetwork` this is
   * the node's loopback, so the port must be free there.
   *
   * @default 9101 - as kube-prometheus
   */
  readonly internalPort?: number;

  /**
   * The port kube-rbac-proxy serves its own `/healthz` on (`--proxy-endpoints-port`, HTTPS, on
   * the node IP), which its liveness probe reads; readiness is a TCP check on the metrics port.
   * With `hostNetwork` it is a port of the node, declared as a host port.
   *
   * @default 9102
   */
  readonly healthPort?: number;

  /**
   * Resources of the proxy container. Each value given is kept; a missing one is the default.
   *
   * @default - cpu 10m request / 50m limit, memory 20Mi / 40Mi: kube-prometheus' sizing with more
   * CPU headroom for TLS handshakes and token reviews
   */
  readonly resources?: kplus.ContainerResources;
}

/**
 * Where the exporter serves its metrics. node-exporter listens on every interface by default,
 * which puts the metrics of every node on its public addresses too; the choices here do not,
 * except `allInterfaces(reason)`.
 */
export class NodeExporterListen {
  /**
   * The node's IP (`--web.listen-address=[$(HOST_IP)]:<port>`, `HOST_IP` from the downward API
   * `status.hostIP`): the address Prometheus scrapes, and only that one. Needs `hostNetwork`.
   * The default with `hostNetwork`.
   */
  public static nodeIp(): NodeExporterListen {
    return new NodeExporterListen(NodeExporterListenKind.NODE_IP);
  }

  /**
   * The pod's IP (`status.podIP`): the node's IP under `hostNetwork`, the pod's own otherwise.
   * The default without `hostNetwork`.
   */
  public static podIp(): NodeExporterListen {
    return new NodeExporterListen(NodeExporterListenKind.POD_IP);
  }

  /**
   * Every interface (`:<port>`), as the prometheus-node-exporter chart does by default. With
   * `hostNetwork` that is every address of the node, public ones included. The reason is written on
   * the DaemonSet as the annotation `cdk8s-daemonsets/listen-all-interfaces`.
   */
  public static allInterfaces(reason: string): NodeExporterListen {
    return new NodeExporterListen(NodeExporterListenKind.ALL_INTERFACES, reason);
  }

  /**
   * The exporter on 127.0.0.1 only, and a kube-rbac-proxy sidecar on the node's IP and the
   * metrics port that serves TLS and lets through only callers whose token may `get` the
   * non-resource URL `/metrics` (as kube-prometheus does). Adds a ServiceAccount with its token
   * mounted and a ClusterRole to create TokenReviews and SubjectAccessReviews. Needs `hostNetwork`.
   */
  public static behindKubeRbacProxy(options: NodeExporterKubeRbacProxyOptions = {}): NodeExporterListen {
    return new NodeExporterListen(NodeExporterListenKind.KUBE_RBAC_PROXY, undefined, options);
  }

  /** How the endpoint is bound. */
  public readonly kind: NodeExporterListenKind;

  /** Why every interface, for `allInterfaces`. */
  public readonly reason?: string;

  /** The proxy options, for `behindKubeRbacProxy`. */
  public readonly kubeRbacProxy?: NodeExporterKubeRbacProxyOptions;

  private constructor(kind: NodeExporterListenKind, reason?: string, kubeRbacProxy?: NodeExporterKubeRbacProxyOptions) {
    this.kind = kind;
    this.reason = reason;
    this.kubeRbacProxy = kubeRbacProxy;
  }
}
