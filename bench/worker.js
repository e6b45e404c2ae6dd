// One benchmark measurement in a fresh process: `node bench/worker.js <variant> <n> [perChart]`
// (perChart: DaemonSets per chart, the app then has n / perChart charts; 0 or absent: one chart).
// Prints one JSON line: { variant, n, cpuMs, wallMs, maxRssMb, objects, sha256 }: the CPU time
// (user + system, `process.cpuUsage`) and wall time to construct and synthesize (`app.synthYaml()`,
// which runs every validation), the process's peak RSS, and the hash of the YAML written.
// Variants: require-lib, require-kplus, daemonset, kplus, and the same-output baselines
// (kplus-same-output, raw-same-output: byte-identical YAML to `daemonset`), and the typed constructs.
'use strict';
const [variant, nArg, perChartArg] = process.argv.slice(2);
const n = Number(nArg ?? 0);
const perChart = Number(perChartArg ?? 0) || n;
const { createHash } = require('crypto');
const { performance } = require('perf_hooks');

/** CPU milliseconds (user + system) since `start`, a `process.cpuUsage()`. */
function cpuMs(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

if (variant === 'require-lib' || variant === 'require-kplus') {
  const cpu = process.cpuUsage();
  const start = performance.now();
  require(variant === 'require-lib' ? '../lib' : 'cdk8s-plus-28');
  console.log(JSON.stringify({ variant, n: 0, cpuMs: cpuMs(cpu), wallMs: performance.now() - start, maxRssMb: process.resourceUsage().maxRSS / 1024, objects: 0 }));
  process.exit(0);
}

const cdk8s = require('cdk8s');
const kplus = require('cdk8s-plus-28');
const k8s = require('cdk8s-plus-28/lib/imports/k8s');
const lib = require('../lib');

const { Construct } = require('constructs');

const IMAGE = 'registry.example.com/agent:1.0.0';

/** The selector labels and all the labels the library puts on agent `name`'s DaemonSet and pods. */
function agentLabels(name) {
  const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
  return { selector, labels: { ...selector, 'app.kubernetes.io/component': 'node-agent', 'app.kubernetes.io/managed-by': 'cdk8s' } };
}

/** The NetworkPolicy the library emits for an agent with container port 8080. */
function networkPolicy(scope, name, selector) {
  return new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: { name, labels: selector },
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ port: k8s.IntOrString.fromNumber(8080), protocol: 'TCP' }] }],
      egress: [{}],
    },
  });
}

/**
 * The ResourceQuota the library emits outside kube-system (priorityClassQuota), so clusters that
 * limit the system priority classes to namespaces with such a quota admit the pods.
 */
function priorityClassQuota(scope, name, selector) {
  return new k8s.KubeResourceQuota(scope, 'CriticalPods', {
    metadata: { name: `${name}-critical-pods`, labels: selector },
    spec: {
      hard: { pods: k8s.Quantity.fromString('1G') },
      scopeSelector: { matchExpressions: [{ operator: 'In', scopeName: 'PriorityClass', values: ['system-node-critical'] }] },
    },
  });
}

// The library's agent-sized resources, written out. cdk8s-plus writes ephemeral storage in whole
// gibibytes only, so its same-output baseline sets them with a patch.
const resources = {
  limits: { 'cpu': k8s.Quantity.fromString('250m'), 'ephemeral-storage': k8s.Quantity.fromString('256Mi'), 'memory': k8s.Quantity.fromString('128Mi') },
  requests: { 'cpu': k8s.Quantity.fromString('50m'), 'ephemeral-storage': k8s.Quantity.fromString('64Mi'), 'memory': k8s.Quantity.fromString('64Mi') },
};
const rollingUpdate = { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } };
const podSeccomp = { type: 'RuntimeDefault' };

/**
 * cdk8s-plus-28's DaemonSet configured by hand to write the library's default DaemonSet, its
 * NetworkPolicy and its ResourceQuota byte for byte: what cdk8s-plus has a prop for through the
 * prop, the rest (priority class, node selector, pod seccomp, update strategy, the resources)
 * through patches.
 */
function kplusSameOutput(chart, i) {
  const name = `agent-${i}`;
  const { selector, labels } = agentLabels(name);
  const ds = new kplus.DaemonSet(chart, name, { metadata: { name, labels }, podMetadata: { labels }, select: false });
  ds.select(kplus.LabelSelector.of({ labels: selector }));
  ds.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.exists('node-role.kubernetes.io/control-plane', { effect: kplus.TaintEffect.NO_SCHEDULE })));
  ds.addContainer({
    name: 'agent',
    image: IMAGE,
    ports: [{ number: 8080 }],
    resources: {},
    securityContext: { user: 65534, group: 65534, seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT }, capabilities: { drop: [kplus.Capability.ALL] } },
  });
  cdk8s.ApiObject.of(ds).addJsonPatch(
    cdk8s.JsonPatch.add('/spec/template/spec/priorityClassName', 'system-node-critical'),
    cdk8s.JsonPatch.add('/spec/template/spec/nodeSelector', { 'kubernetes.io/os': 'linux' }),
    cdk8s.JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', podSeccomp),
    cdk8s.JsonPatch.add('/spec/template/spec/containers/0/resources', resources),
    cdk8s.JsonPatch.add('/spec/updateStrategy', rollingUpdate),
  );
  networkPolicy(ds, name, selector);
  priorityClassQuota(ds, name, selector);
}

/** A raw KubeDaemonSet, KubeNetworkPolicy and KubeResourceQuota written by hand to the same bytes. */
function rawSameOutput(chart, i) {
  const name = `agent-${i}`;
  const { selector, labels } = agentLabels(name);
  // The construct layout of cdk8s-plus (the object is the child 'Resource'), so the pod's
  // cdk8s.io/metadata.addr label is the same.
  const scope = new Construct(chart, name);
  new k8s.KubeDaemonSet(scope, 'Resource', {
    metadata: { name, labels },
    spec: {
      minReadySeconds: 0,
      selector: { matchLabels: selector },
      updateStrategy: rollingUpdate,
      template: {
        metadata: { labels: { ...labels, 'cdk8s.io/metadata.addr': cdk8s.Names.toLabelValue(scope) } },
        spec: {
          automountServiceAccountToken: false,
          containers: [{
            name: 'agent',
            image: IMAGE,
            imagePullPolicy: 'Always',
            ports: [{ containerPort: 8080 }],
            resources,
            securityContext: {
              runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, readOnlyRootFilesystem: true,
              allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
            },
          }],
          dnsPolicy: 'ClusterFirst',
          hostNetwork: false,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-node-critical',
          restartPolicy: 'Always',
          securityContext: { fsGroupChangePolicy: 'Always', runAsNonRoot: true, seccompProfile: podSeccomp },
          setHostnameAsFqdn: false,
          terminationGracePeriodSeconds: 30,
          tolerations: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }],
        },
      },
    },
  });
  networkPolicy(scope, name, selector);
  priorityClassQuota(scope, name, selector);
}

const container = { name: 'agent', image: IMAGE, ports: [{ number: 8080 }] };

const builders = {
  daemonset: (chart, i) => new lib.DaemonSet(chart, `agent-${i}`, { metadata: { name: `agent-${i}` } }).addContainer(container),
  // The same DaemonSet without its NetworkPolicy.
  'daemonset-no-netpol': (chart, i) => new lib.DaemonSet(chart, `agent-${i}`, { metadata: { name: `agent-${i}` }, networkPolicy: false }).addContainer(container),
  // cdk8s-plus-28's DaemonSet with the same props: less YAML (no hardening, no NetworkPolicy).
  kplus: (chart, i) => new kplus.DaemonSet(chart, `agent-${i}`, { metadata: { name: `agent-${i}` } }).addContainer(container),
  'kplus-same-output': kplusSameOutput,
  'raw-same-output': rawSameOutput,
};
if (lib.NodeExporterDaemonSet) {
  builders['node-exporter'] = (chart, i) => new lib.NodeExporterDaemonSet(chart, `node-exporter-${i}`, { port: 10000 + (i % 50000) });
}
if (lib.LogCollectorDaemonSet) {
  // Each collector needs its own state directory (two on one node would share read positions).
  builders['log-collector'] = (chart, i) => new lib.LogCollectorDaemonSet(chart, `log-collector-${i}`, { stateDir: `/var/lib/fluent-bit-${i}` });
}
if (lib.CniDaemonSet) {
  const conflist = lib.CniConfig.fromConflist({ name: 'bench', cniVersion: '1.0.0', plugins: [{ type: 'bridge' }] });
  builders.cni = (chart, i) => new lib.CniDaemonSet(chart, `cni-${i}`, { image: IMAGE, conflist });
}

const build = builders[variant];
if (!build) {
  console.error(`unknown variant ${variant}; known: ${Object.keys(builders).join(', ')}, require-lib, require-kplus`);
  process.exit(2);
}

const cpu = process.cpuUsage();
const start = performance.now();
const app = new cdk8s.App({ outdir: '/tmp/cdk8s-daemonsets-bench' });
let chart;
for (let i = 0; i < n; i++) {
  if (i % perChart === 0) {
    chart = new cdk8s.Chart(app, `bench-${i / perChart}`);
  }
  build(chart, i);
}
const yaml = app.synthYaml();
const measured = { cpuMs: cpuMs(cpu), wallMs: performance.now() - start };
const objects = (yaml.match(/^kind: /gm) ?? []).length;
const sha256 = createHash('sha256').update(yaml).digest('hex');
console.log(JSON.stringify({ variant, n, ...measured, maxRssMb: process.resourceUsage().maxRSS / 1024, objects, sha256 }));
