/**
 * `npm run bench:python`: how long `cdk8s synth` of examples/python takes next to
 * examples/quickstart (the same constructs in TypeScript), run side by side, interleaved, in
 * fresh processes. The Python app talks to the library through the jsii bridge (a Node.js
 * process behind the Python objects); the TypeScript app runs through ts-node.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { linkSelf, pythonVenv, synthExample } from '../scripts/synth-examples';

const runs = Number(process.argv[2] ?? '5');
const venv = pythonVenv(path.join(__dirname, '..', '.venv'));
linkSelf();
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-examples-'));
const times: Record<string, number[]> = { quickstart: [], python: [] };
for (let i = 0; i < runs; i++) {
  for (const name of ['quickstart', 'python']) {
    const start = performance.now();
    synthExample(name, path.join(out, name), venv);
    times[name].push(performance.now() - start);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, Node ${process.version}; ${runs} runs each, interleaved`);
console.log('| app | median s | spread s |');
console.log('|---|---|---|');
for (const [name, v] of Object.entries(times)) {
  console.log(`| examples/${name} | ${(median(v) / 1000).toFixed(2)} | ${(Math.min(...v) / 1000).toFixed(2)}-${(Math.max(...v) / 1000).toFixed(2)} |`);
}
console.log(`Python / TypeScript: ${(median(times.python) / median(times.quickstart)).toFixed(2)}x`);
