/**
 * `npm run bench:rules`: what the validation rules cost, to weigh them against the API server's own
 * validation compiled to WebAssembly (docs/architecture.md, "The rules: TypeScript, not
 * WebAssembly").
 *
 * For N agents (a container with a port, a probe, an env var from the downward API and a
 * read-only host mount), each measurement runs in a fresh process (bench/rules-worker.js, against
 * the compiled lib/), in interleaved rounds, and reads the process's CPU time
 * (`process.cpuUsage()`): the rules alone per DaemonSet; and the synthesis of the app with the
 * rules against the same synthesis with the rules replaced by a no-op, as a ratio. Reports, never
 * fails.
 *
 *   npm run bench:rules [-- --sizes 100,1000 --runs 7]
 */
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';

interface Sample {
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

const worker = path.join(__dirname, 'rules-worker.js');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const sizes = option('sizes', '100,1000').split(',').map(Number);
const runs = Number(option('runs', '7'));
const variants = ['rules', 'synth', 'synth-no-rules'];

function measure(variant: string, n: number): Sample {
  const out = execFileSync(process.execPath, [worker, variant, String(n)], { encoding: 'utf-8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main() {
  console.log('# cdk8s-daemonsets validation rules benchmark');
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, Node ${process.version}; ${runs} runs per cell, a fresh process each, interleaved; CPU time\n`);
  console.log('| N | rules alone, per DaemonSet (CPU µs) | synth with rules (CPU ms) | synth, rules a no-op (CPU ms) | ratio | rules\' share of synth | peak RSS MiB (synth) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const n of sizes) {
    const samples = new Map<string, Sample[]>(variants.map(v => [v, []]));
    for (let i = 0; i < runs; i++) {
      for (const variant of variants) {
        samples.get(variant)!.push(measure(variant, n));
      }
    }
    const cpu = (v: string) => median(samples.get(v)!.map(s => s.cpuMs));
    const perDs = cpu('rules') / n * 1000;
    const withRules = cpu('synth');
    const without = cpu('synth-no-rules');
    console.log(`| ${n} | ${perDs.toFixed(0)} | ${withRules.toFixed(0)} | ${without.toFixed(0)} | ${(withRules / without).toFixed(2)}x | `
      + `${((withRules - without) / withRules * 100).toFixed(0)}% | ${median(samples.get('synth')!.map(s => s.maxRssMb)).toFixed(0)} |`);
  }
}

main();
