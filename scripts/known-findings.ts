/**
 * The findings of the third-party checkers that are known and not fixed yet, each with why.
 *
 * scripts/validate-manifests.ts fails on any finding that is not listed here, and on any listed
 * one that no longer occurs, so the list can only shrink. No check is switched off: each entry is
 * one finding on one object of one scored manifest, and the report shows it as a finding.
 */
export interface KnownFinding {
  /** The scored manifest, as the report names it (e.g. `example quickstart`). */
  readonly target: string;
  /** The checker. */
  readonly tool: string;
  /** The finding, exactly as the report prints it. */
  readonly finding: string;
  /** Why it is not fixed. */
  readonly why: string;
}

/**
 * Why each default image is pinned by tag. A digest is only good for the registry it was read from,
 * a wrong one leaves every node in ImagePullBackOff, and this project's build machine reaches no
 * container registry to read one: a digest without a public first-party source is not pinned.
 */
const FLUENT_BIT_DIGEST = 'the default fluent-bit 5.1.1 image (the fluent-bit chart 0.58.1 release) is pinned by tag: Fluent Bit publishes no digest for it, and a third-party pin of its Docker Hub copy is no source for cr.fluentbit.io';
const NODE_EXPORTER_DIGEST = 'the default node-exporter v1.12.1 image is pinned by tag, as the prometheus-node-exporter chart 4.56.1 pins it: the digest pinned before was the one of prom/node-exporter on Docker Hub, which quay.io does not serve, and no first-party digest is published';
const NPD_DIGEST = 'node-problem-detector v0.8.20 is pinned by tag: the digest pinned before cited no source and was removed';
const SECRET_ENV = 'Fluent Bit reads output credentials only from environment variables (${VAR} in its config): they come from the Secret through secretKeyRef, never through the ConfigMap';

export const KNOWN_FINDINGS: KnownFinding[] = [
  {
    target: 'example flannel',
    tool: 'checkov',
    finding: 'DaemonSet.kube-flannel.flannel: CKV_K8S_43 Image should use digest',
    why: 'the flannel v0.28.9 and flannel-cni-plugin v1.9.1-flannel3 images are pinned by tag, as kube-flannel.yml v0.28.9 pins them: flannel publishes no digest for them',
  },
  { target: 'example python', tool: 'checkov', finding: 'DaemonSet.node-agents.logs: CKV_K8S_43 Image should use digest', why: FLUENT_BIT_DIGEST },
  { target: 'example python', tool: 'checkov', finding: 'DaemonSet.node-agents.node-exporter: CKV_K8S_43 Image should use digest', why: NODE_EXPORTER_DIGEST },
  { target: 'example python', tool: 'checkov', finding: 'DaemonSet.node-agents.node-problem-detector: CKV_K8S_43 Image should use digest', why: NPD_DIGEST },
  { target: 'example quickstart', tool: 'checkov', finding: 'DaemonSet.node-agents.logs: CKV_K8S_43 Image should use digest', why: FLUENT_BIT_DIGEST },
  { target: 'example quickstart', tool: 'checkov', finding: 'DaemonSet.node-agents.node-exporter: CKV_K8S_43 Image should use digest', why: NODE_EXPORTER_DIGEST },
  { target: 'example quickstart', tool: 'checkov', finding: 'DaemonSet.node-agents.node-problem-detector: CKV_K8S_43 Image should use digest', why: NPD_DIGEST },
  ...[
    'defaults',
    'ServiceMonitor and PrometheusRule',
    'behind kube-rbac-proxy',
    'textfile directory, PodMonitor and the shared agent options',
    'in the pod network with its NetworkPolicy',
  ].map(description => ({
    target: `NodeExporterDaemonSet: ${description}`,
    tool: 'checkov',
    finding: 'DaemonSet.monitoring.node-exporter: CKV_K8S_43 Image should use digest',
    why: NODE_EXPORTER_DIGEST,
  })),
  ...[
    'defaults (fluent-bit to stdout)',
    'fluent-bit to Loki with a ServiceMonitor',
    'fluent-bit to Loki and Elasticsearch with credentials from Secrets, buffered on disk',
  ].map(description => ({
    target: `LogCollectorDaemonSet: ${description}`,
    tool: 'checkov',
    finding: 'DaemonSet.logging.logs: CKV_K8S_43 Image should use digest',
    why: FLUENT_BIT_DIGEST,
  })),
  {
    target: 'LogCollectorDaemonSet: fluent-bit to Loki and Elasticsearch with credentials from Secrets, buffered on disk',
    tool: 'checkov',
    finding: 'DaemonSet.logging.logs: CKV_K8S_35 Prefer using secrets as files over secrets as environment variables',
    why: SECRET_ENV,
  },
  {
    target: 'LogCollectorDaemonSet: fluentd forwarding',
    tool: 'checkov',
    finding: 'DaemonSet.logging.logs: CKV_K8S_43 Image should use digest',
    why: 'the default fluentd-kubernetes-daemonset v1.19.3-debian-forward-1.1 image is pinned by tag: the project publishes no digest for it',
  },
];
