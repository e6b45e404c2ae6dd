/**
 * `npm run bench`: synthesis cost of the library against cdk8s-plus-28 and raw API objects.
 *
 * For N = 1, 100, 1 000 and 10 000 DaemonSets in one app, each measurement runs in a fresh
 * process (bench/worker.js, against the compiled lib/), several times; prints the median and the
 * spread (min-max) of the time to construct and synthesize (`app.synthYaml()`, which runs every
 * validation), the peak RSS, and the ratios to the baselines measured in the same run:
 * cdk8s-plus-28's `DaemonSet` with the same props, and a raw `KubeDaemonSet` with an equivalent
 * spec. Also the `require` time of the library against `require('cdk8s-plus-28')`.
 *
 * Goals: the base DaemonSet within 1.3x of cdk8s-plus-28 at 1 000 and 10 000; `require` within 1.2x.
 * This reports; it never fails on a slow machine.
 *
 * With `--per-chart K`, the N DaemonSets are spread over N / K charts (cdk8s validates the app once
 * per chart, so this shows whether synthesis stays linear in charts x DaemonSets).
 *
 *   npm run bench [-- --sizes 1,100,1000 --runs 5 --variants daemonset,kplus,raw --per-chart 10]
 */
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';

interface Sample {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly objects: number;
}

const worker = path.join(__dirname, 'worker.js');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const sizes = option('sizes', '1,100,1000,10000').split(',').map(Number);
const runs = Number(option('runs', '5'));
const variants = option('variants', 'daemonset,daemonset-no-netpol,kplus,raw,node-exporter,log-collector,cni').split(',');
const perChart = Number(option('per-chart', '0'));

function measure(variant: string, n: number): Sample | undefined {
  try {
    const out = execFileSync(process.execPath, [worker, variant, String(n), String(perChart)], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop()!);
  } catch (e) {
    const stderr = String((e as any).stderr ?? '');
    if (stderr.includes('unknown variant')) {
      return undefined;
    }
    throw e;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function series(variant: string, n: number, count: number): Sample[] | undefined {
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const sample = measure(variant, n);
    if (!sample) {
      return undefined;
    }
    samples.push(sample);
  }
  return samples;
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

function main() {
  console.log('# cdk8s-daemonsets benchmark');
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()}`);
  console.log(`runs per cell: ${runs} (fresh process each), median [min-max]; `
    + `${perChart > 0 ? `${perChart} DaemonSets per chart` : 'all DaemonSets in one chart'}\n`);

  // require time, interleaved so that both see the same machine state.
  const requireLib: number[] = [];
  const requireKplus: number[] = [];
  for (let i = 0; i < Math.max(runs, 7); i++) {
    requireLib.push(measure('require-lib', 0)!.ms);
    requireKplus.push(measure('require-kplus', 0)!.ms);
  }
  const rl = median(requireLib);
  const rk = median(requireKplus);
  console.log('| require | median ms | spread ms | ratio to cdk8s-plus-28 |');
  console.log('|---|---|---|---|');
  console.log(`| cdk8s-daemonsets (lib/) | ${fmt(rl)} | ${fmt(Math.min(...requireLib))}-${fmt(Math.max(...requireLib))} | ${(rl / rk).toFixed(2)}x (goal <= 1.2x) |`);
  console.log(`| cdk8s-plus-28 | ${fmt(rk)} | ${fmt(Math.min(...requireKplus))}-${fmt(Math.max(...requireKplus))} | 1.00x |`);
  console.log('');

  console.log('| variant | N | objects | median ms | spread ms | peak RSS MiB | vs cdk8s-plus-28 | vs raw KubeDaemonSet |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const n of sizes) {
    const count = n >= 10000 ? Math.max(3, Math.ceil(runs / 2)) : runs;
    const results = new Map<string, Sample[]>();
    // Interleave the variants run by run, so a change in machine load hits them alike.
    for (let i = 0; i < count; i++) {
      for (const variant of variants) {
        if (results.has(variant) && results.get(variant)!.length < i) {
          continue;
        }
        const sample = series(variant, n, 1);
        if (sample) {
          results.set(variant, [...(results.get(variant) ?? []), ...sample]);
        }
      }
    }
    // A baseline left out with --variants has no ratio.
    const baseline = (variant: string) => results.has(variant) ? median(results.get(variant)!.map(s => s.ms)) : undefined;
    const ratio = (ms: number, base: number | undefined) => base === undefined ? 'n/a' : `${(ms / base).toFixed(2)}x`;
    const kplus = baseline('kplus');
    const raw = baseline('raw');
    for (const [variant, samples] of results) {
      const ms = samples.map(s => s.ms);
      const m = median(ms);
      const goal = variant.startsWith('daemonset') && n >= 1000 ? ' (goal <= 1.3x)' : '';
      console.log(`| ${variant} | ${n} | ${samples[0].objects} | ${fmt(m)} | ${fmt(Math.min(...ms))}-${fmt(Math.max(...ms))} | `
        + `${median(samples.map(s => s.maxRssMb)).toFixed(0)} | ${ratio(m, kplus)}${goal} | ${ratio(m, raw)} |`);
    }
  }
}

main();
