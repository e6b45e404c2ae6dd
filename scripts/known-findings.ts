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

const FILEBEAT_BY_TAG = 'the default filebeat-wolfi 9.5.2 image is pinned by tag, as Elastic\'s Kubernetes manifest pins it: its digest could not be verified offline';
const NVIDIA_BY_TAG = 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0 is pinned by tag, as NVIDIA\'s static manifest pins it: its digest could not be verified offline';
const FALCO_BY_TAG = 'the default falco 0.44.1 image is pinned by tag, as the falco chart 9.1.0 pins it: its digest could not be verified offline';
const CSI_SIDECARS_BY_TAG = 'the default node-driver-registrar v2.17.0 and livenessprobe v2.19.0 images are pinned by tag, as kubernetes-csi/csi-driver-host-path deploys them: their digests could not be verified from the build machine (no registry access) and a digest is not invented';
const NO_PLUGIN_HEALTH_ENDPOINT = 'device plugins serve no health endpoint, so DevicePluginDaemonSet sets no probe by default (the kubelet notices a plugin whose socket is gone); liveness and readiness take the probes of a plugin that has one';

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
    target: 'example glusterfs',
    tool: 'checkov',
    finding: 'DaemonSet.storage.glusterfs-client: CKV_K8S_43 Image should use digest',
    why: 'gluster/gluster-centos:gluster4u0_centos7 is pinned by tag (the guide runs :latest): its digest could not be verified offline',
  },
  {
    target: 'example device-plugin',
    tool: 'checkov',
    finding: 'DaemonSet.kube-system.nvidia-device-plugin-daemonset: CKV_K8S_43 Image should use digest',
    why: NVIDIA_BY_TAG,
  },
  { target: 'example device-plugin', tool: 'checkov', finding: 'DaemonSet.kube-system.nvidia-device-plugin-daemonset: CKV_K8S_8 Liveness Probe Should be Configured', why: NO_PLUGIN_HEALTH_ENDPOINT },
  { target: 'example device-plugin', tool: 'checkov', finding: 'DaemonSet.kube-system.nvidia-device-plugin-daemonset: CKV_K8S_9 Readiness Probe Should be Configured', why: NO_PLUGIN_HEALTH_ENDPOINT },
  {
    target: 'example falco',
    tool: 'checkov',
    finding: 'DaemonSet.falco.falco: CKV_K8S_43 Image should use digest',
    why: FALCO_BY_TAG,
  },
  {
    target: 'CsiNodePluginDaemonSet: defaults (driver, node-driver-registrar, livenessprobe)',
    tool: 'checkov',
    finding: 'DaemonSet.kube-system.csi: CKV_K8S_43 Image should use digest',
    why: CSI_SIDECARS_BY_TAG,
  },
  { target: 'CsiNodePluginDaemonSet: with its CSIDriver object and the API token', tool: 'checkov', finding: 'DaemonSet.kube-system.csi: CKV_K8S_43 Image should use digest', why: CSI_SIDECARS_BY_TAG },
  { target: 'DevicePluginDaemonSet: defaults (labelled device nodes, unprivileged)', tool: 'checkov', finding: 'DaemonSet.kube-system.gpu: CKV_K8S_8 Liveness Probe Should be Configured', why: NO_PLUGIN_HEALTH_ENDPOINT },
  { target: 'DevicePluginDaemonSet: defaults (labelled device nodes, unprivileged)', tool: 'checkov', finding: 'DaemonSet.kube-system.gpu: CKV_K8S_9 Readiness Probe Should be Configured', why: NO_PLUGIN_HEALTH_ENDPOINT },
  { target: 'DevicePluginDaemonSet: any of several label sets, privileged', tool: 'checkov', finding: 'DaemonSet.kube-system.gpu: CKV_K8S_8 Liveness Probe Should be Configured', why: NO_PLUGIN_HEALTH_ENDPOINT },
  { target: 'DevicePluginDaemonSet: any of several label sets, privileged', tool: 'checkov', finding: 'DaemonSet.kube-system.gpu: CKV_K8S_9 Readiness Probe Should be Configured', why: NO_PLUGIN_HEALTH_ENDPOINT },
  ...['example agents', 'example python-agents'].flatMap(target => [
    { target, tool: 'checkov', finding: 'DaemonSet.kube-system.csi-hostpathplugin: CKV_K8S_43 Image should use digest', why: `${CSI_SIDECARS_BY_TAG}; the hostpathplugin v1.17.1 driver image likewise` },
    { target, tool: 'checkov', finding: 'DaemonSet.kube-system.nvidia-device-plugin: CKV_K8S_43 Image should use digest', why: NVIDIA_BY_TAG },
    { target, tool: 'checkov', finding: 'DaemonSet.kube-system.nvidia-device-plugin: CKV_K8S_8 Liveness Probe Should be Configured', why: `${NO_PLUGIN_HEALTH_ENDPOINT}; NVIDIA's image is distroless, so no command probe can run in it` },
    { target, tool: 'checkov', finding: 'DaemonSet.kube-system.nvidia-device-plugin: CKV_K8S_9 Readiness Probe Should be Configured', why: `${NO_PLUGIN_HEALTH_ENDPOINT}; NVIDIA's image is distroless, so no command probe can run in it` },
    { target, tool: 'checkov', finding: 'DaemonSet.kube-system.falco: CKV_K8S_43 Image should use digest', why: FALCO_BY_TAG },
  ]),
  {
    target: 'example calico',
    tool: 'checkov',
    finding: 'DaemonSet.kube-system.calico-node: CKV_K8S_43 Image should use digest',
    why: 'the calico node and cni v3.32.1 images are pinned by tag, as calico\'s manifest pins them: their digests could not be verified from a first-party source offline',
  },
  {
    target: 'example filebeat',
    tool: 'checkov',
    finding: 'DaemonSet.logging.filebeat: CKV_K8S_43 Image should use digest',
    why: FILEBEAT_BY_TAG,
  },
  { target: 'LogCollectorDaemonSet: Filebeat to Elasticsearch', tool: 'checkov', finding: 'DaemonSet.logging.logs: CKV_K8S_43 Image should use digest', why: FILEBEAT_BY_TAG },
  {
    target: 'example filebeat',
    tool: 'checkov',
    finding: 'DaemonSet.logging.filebeat: CKV_K8S_35 Prefer using secrets as files over secrets as environment variables',
    why: 'filebeat.yml reads the Elasticsearch user name and password as ${VAR} from the environment, filled from the Secret through secretKeyRef, never through the ConfigMap; as a file they would need a Filebeat keystore built from the Secret',
  },
  {
    target: 'LogCollectorDaemonSet: fluentd forwarding',
    tool: 'checkov',
    finding: 'DaemonSet.logging.logs: CKV_K8S_43 Image should use digest',
    why: 'the default fluentd-kubernetes-daemonset v1.19.3-debian-forward-1.1 image is pinned by tag: the project publishes no digest for it',
  },
];
