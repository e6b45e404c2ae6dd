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

const FLUENT_BIT_DIGEST = 'the default fluent-bit 4.2.2 image is pinned by tag: its multi-arch digest could not be verified from this project\'s build machine (no registry access) and a digest is not invented';

export const KNOWN_FINDINGS: KnownFinding[] = [
  {
    target: 'example flannel',
    tool: 'checkov',
    finding: 'DaemonSet.kube-flannel.flannel: CKV_K8S_43 Image should use digest',
    why: 'the flannel v0.26.1 and flannel-cni-plugin v1.5.1-flannel2 images are pinned by tag, as kube-flannel.yml pins them: their digests could not be verified offline',
  },
  { target: 'example python', tool: 'checkov', finding: 'DaemonSet.node-agents.logs: CKV_K8S_43 Image should use digest', why: FLUENT_BIT_DIGEST },
  { target: 'example quickstart', tool: 'checkov', finding: 'DaemonSet.node-agents.logs: CKV_K8S_43 Image should use digest', why: FLUENT_BIT_DIGEST },
  { target: 'LogCollectorDaemonSet: defaults (fluent-bit to stdout)', tool: 'checkov', finding: 'DaemonSet.logging.logs: CKV_K8S_43 Image should use digest', why: FLUENT_BIT_DIGEST },
  { target: 'LogCollectorDaemonSet: fluent-bit to Loki with a ServiceMonitor', tool: 'checkov', finding: 'DaemonSet.logging.logs: CKV_K8S_43 Image should use digest', why: FLUENT_BIT_DIGEST },
  {
    target: 'LogCollectorDaemonSet: fluentd forwarding',
    tool: 'checkov',
    finding: 'DaemonSet.logging.logs: CKV_K8S_43 Image should use digest',
    why: 'the default fluentd-kubernetes-daemonset v1.19.0 image is pinned by tag: its digest could not be verified offline',
  },
];
