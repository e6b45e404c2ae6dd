// `node bench/agents.js <workload> <n> <outdir>`: bench/agents.py's apps in TypeScript, against the
// compiled lib/ (`agent-step-by-step` writes what `agent` writes; in TypeScript the pattern costs
// nothing, so the bench measures `agent` only).
'use strict';
const { App, Chart, Duration } = require('cdk8s');
const kplus = require('cdk8s-plus-28');
const { DaemonSet, NodeExporterDaemonSet, Relaxation } = require('../lib');

const [workload, n, outdir] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const IMAGE = 'registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.20';
const ARGS = ['--config.system-log-monitor=/config/kernel-monitor.json', '--address=0.0.0.0', '--port=20256'];

const app = new App({ outdir });
const chart = new Chart(app, 'agents');
if (workload === 'agent') {
  const relaxations = [Relaxation.hostPath('/var/log', 'reads the kernel and system logs of the node to detect node problems')];
  const envVariables = { NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME) };
  const liveness = kplus.Probe.fromHttpGet('/healthz', { port: 20256, initialDelaySeconds: Duration.seconds(10) });
  const readiness = kplus.Probe.fromTcpSocket({ port: 20256 });
  const log = kplus.Volume.fromHostPath(chart, 'log', 'log', { path: '/var/log' });
  for (let i = 0; i < n; i++) {
    new DaemonSet(chart, `agent-${i}`, {
      metadata: { name: `agent-${i}`, namespace: 'node-agents' },
      relaxations,
      containers: [{
        name: 'agent', image: IMAGE, args: ARGS, ports: [{ name: 'http', number: 20256 }],
        envVariables, liveness, readiness, volumeMounts: [{ path: '/var/log', volume: log }],
      }],
    });
  }
} else if (workload === 'node-exporter') {
  for (let i = 0; i < n; i++) {
    new NodeExporterDaemonSet(chart, `node-exporter-${i}`, { port: 10000 + i });
  }
} else {
  console.error(`unknown workload ${workload}`);
  process.exit(2);
}
app.synth();
