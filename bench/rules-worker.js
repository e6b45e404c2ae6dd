// One measurement of the validation rules in a fresh process: `node bench/rules-worker.js <variant> <n>`.
// Prints one JSON line: { variant, n, cpuMs, maxRssMb }.
// Variants:
//   rules        the rules alone (validateDaemonSetManifest) on n synthesized agent manifests, 20 times over
//   synth        construct and synthesize n agents (app.synthYaml(), every validation)
//   synth-no-rules  the same with validateDaemonSetManifest replaced by a no-op (the baseline of the rules' share)
'use strict';
const [variant, nArg] = process.argv.slice(2);
const n = Number(nArg ?? 100);
const rulesModule = require('../lib/validation/daemon-set-rules');
if (variant === 'synth-no-rules') {
  rulesModule.validateDaemonSetManifest = () => [];
}
const cdk8s = require('cdk8s');
const kplus = require('cdk8s-plus-28');
const lib = require('../lib');

/** A node agent as users write them: ports, a probe, env from the downward API, a read-only host mount. */
function agent(chart, i) {
  const ds = new lib.DaemonSet(chart, `agent-${i}`, {
    metadata: { name: `agent-${i}` },
    relaxations: [lib.Relaxation.hostPath('/proc', 'reads process statistics')],
  });
  const c = ds.addContainer({
    name: 'agent',
    image: 'registry.example.com/agent:1.0.0',
    ports: [{ number: 9100, name: 'metrics' }],
    envVariables: { NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME) },
    liveness: kplus.Probe.fromHttpGet('/healthz', { port: 9100 }),
  });
  c.mount('/host/proc', kplus.Volume.fromHostPath(chart, `proc-${i}`, 'proc', { path: '/proc' }), { readOnly: true });
  return ds;
}

function build() {
  const app = new cdk8s.App({ outdir: '/tmp/cdk8s-daemonsets-bench' });
  const chart = new cdk8s.Chart(app, 'bench');
  const agents = [];
  for (let i = 0; i < n; i++) agents.push(agent(chart, i));
  return { app, agents };
}

let cpuMs;
if (variant === 'rules') {
  const { agents } = build();
  const inputs = agents.map(ds => ({ path: ds.node.path, manifest: cdk8s.ApiObject.of(ds).toJson(), relaxations: ds.relaxations }));
  const start = process.cpuUsage();
  for (let round = 0; round < 20; round++) {
    for (const input of inputs) {
      const errors = rulesModule.validateDaemonSetManifest(input.path, input.manifest, input.relaxations);
      if (errors.length) throw new Error(errors.join('\n'));
    }
  }
  const used = process.cpuUsage(start);
  cpuMs = (used.user + used.system) / 1000 / 20;
} else if (variant === 'synth' || variant === 'synth-no-rules') {
  const start = process.cpuUsage();
  const { app } = build();
  app.synthYaml();
  const used = process.cpuUsage(start);
  cpuMs = (used.user + used.system) / 1000;
} else {
  console.error(`unknown variant ${variant}; known: rules, synth, synth-no-rules`);
  process.exit(2);
}
console.log(JSON.stringify({ variant, n, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
