// One benchmark measurement in a fresh process: `node bench/worker.js <variant> <n> [perChart]`
// (perChart: DaemonSets per chart, the app then has n / perChart charts; 0 or absent: one chart).
// Prints one JSON line: { variant, n, ms, maxRssMb, objects }.
// Variants: require-lib, require-kplus, daemonset, kplus, raw, and the typed constructs.
'use strict';
const [variant, nArg, perChartArg] = process.argv.slice(2);
const n = Number(nArg ?? 0);
const perChart = Number(perChartArg ?? 0) || n;
const { performance } = require('perf_hooks');

if (variant === 'require-lib' || variant === 'require-kplus') {
  const start = performance.now();
  require(variant === 'require-lib' ? '../lib' : 'cdk8s-plus-28');
  const ms = performance.now() - start;
  console.log(JSON.stringify({ variant, n: 0, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, objects: 0 }));
  process.exit(0);
}

const cdk8s = require('cdk8s');
const kplus = require('cdk8s-plus-28');
const k8s = require('cdk8s-plus-28/lib/imports/k8s');
const lib = require('../lib');

const IMAGE = 'registry.example.com/agent:1.0.0';

/** The spec our DaemonSet and cdk8s-plus produce for one agent, written out for the raw baseline. */
function rawSpec(i) {
  const labels = { 'app.kubernetes.io/name': `agent-${i}`, 'app.kubernetes.io/instance': `agent-${i}` };
  return {
    metadata: { name: `agent-${i}`, labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-node-critical',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          automountServiceAccountToken: false,
          containers: [{
            name: 'agent',
            image: IMAGE,
            imagePullPolicy: 'Always',
            ports: [{ containerPort: 8080 }],
            resources: {
              requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
              limits: { cpu: k8s.Quantity.fromString('250m'), memory: k8s.Quantity.fromString('128Mi') },
            },
            securityContext: {
              runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, readOnlyRootFilesystem: true,
              allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            },
          }],
        },
      },
    },
  };
}

const container = { name: 'agent', image: IMAGE, ports: [{ number: 8080 }] };

const builders = {
  daemonset: (chart, i) => new lib.DaemonSet(chart, `agent-${i}`, { metadata: { name: `agent-${i}` } }).addContainer(container),
  // The same DaemonSet without its NetworkPolicy: the same objects as the baselines emit.
  'daemonset-no-netpol': (chart, i) => new lib.DaemonSet(chart, `agent-${i}`, { metadata: { name: `agent-${i}` }, networkPolicy: false }).addContainer(container),
  kplus: (chart, i) => new kplus.DaemonSet(chart, `agent-${i}`, { metadata: { name: `agent-${i}` } }).addContainer(container),
  raw: (chart, i) => new k8s.KubeDaemonSet(chart, `agent-${i}`, rawSpec(i)),
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
const ms = performance.now() - start;
const objects = (yaml.match(/^kind: /gm) ?? []).length;
console.log(JSON.stringify({ variant, n, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, objects }));
