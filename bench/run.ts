/**
 * `npm run bench`: synthesis cost of the library against cdk8s-plus-28 and raw API objects.
 *
 * For N = 1, 100, 1 000 and 10 000 DaemonSets in one app, each measurement runs in a fresh
 * process (bench/worker.js, against the compiled lib/), in interleaved rounds (one sample of every
 * variant per round, so a change in machine load hits them alike). It prints the CPU time (user +
 * system, `process.cpuUsage`) to construct and synthesize (`app.synthYaml()`, which runs every
 * validation) as min / median / max, the peak RSS, and the ratios to the baselines measured in the
 * same rounds:
 * - same output: cdk8s-plus-28's DaemonSet and a raw `KubeDaemonSet` (each with the
 *   `KubeNetworkPolicy` and `KubeResourceQuota`) configured by hand to write the library's default DaemonSet byte for byte;
 *   the run checks that their YAML has the same sha256 as the library's and stops if not. Goal:
 *   library / cdk8s-plus-28 same output <= 1.10x at 1 000 and 10 000;
 * - same props: cdk8s-plus-28's DaemonSet with the props given to the library (it writes less: no
 *   hardening, no NetworkPolicy), for reference.
 * A ratio is the ratio of the medians, with the spread of the per-round ratios. Also the `require`
 * time of the library against `require('cdk8s-plus-28')`. This reports; it never fails on a slow
 * machine.
 *
 * With `--per-chart K`, the N DaemonSets are spread over N / K charts (cdk8s validates the app once
 * per chart, so this shows whether synthesis stays linear in charts x DaemonSets).
 *
 *   npm run bench [-- --sizes 1,100,1000 --runs 5 --variants daemonset,kplus-same-output --per-chart 10]
 */
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';

interface Sample {
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly objects: number;
  readonly sha256?: string;
}

const worker = path.join(__dirname, 'worker.js');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const sizes = option('sizes', '1,100,1000,10000').split(',').map(Number);
const runs = Number(option('runs', '5'));
const variants = option('variants', 'daemonset,daemonset-no-netpol,kplus,kplus-same-output,raw-same-output,node-exporter,log-collector,cni').split(',');
const perChart = Number(option('per-chart', '0'));

/** The variants that write the library's default DaemonSet byte for byte, and their column. */
const SAME_OUTPUT: Record<string, string> = { 'kplus-same-output': 'cdk8s-plus-28, same output', 'raw-same-output': 'raw KubeDaemonSet, same output' };
const GOAL = 1.1;

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

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

function spread(values: number[], format: (v: number) => string): string {
  return `${format(median(values))} (${format(Math.min(...values))}-${format(Math.max(...values))})`;
}

const ratioFmt = (r: number) => `${r.toFixed(2)}x`;
const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(0)}`;

/** The ratio of the medians of `a` to `b`, with the min-max of the ratios round by round. */
function ratio(a: Sample[], b: Sample[] | undefined): string {
  if (!b) {
    return 'n/a';
  }
  const perRound = a.map((s, i) => s.cpuMs / b[i].cpuMs);
  const m = median(a.map(s => s.cpuMs)) / median(b.map(s => s.cpuMs));
  return `${ratioFmt(m)} (${ratioFmt(Math.min(...perRound))}-${ratioFmt(Math.max(...perRound))})`;
}

function main() {
  console.log('# cdk8s-daemonsets benchmark');
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()}`);
  console.log(`CPU time (user + system) of a fresh process per sample, ${runs} interleaved rounds (fewer at 10 000): median (min-max); `
    + `${perChart > 0 ? `${perChart} DaemonSets per chart` : 'all DaemonSets in one chart'}; `
    + 'peak RSS of the process, median, for `daemonset` (in brackets) against cdk8s-plus-28 writing the same output\n');

  // require time, interleaved so that both see the same machine state.
  const requireLib: Sample[] = [];
  const requireKplus: Sample[] = [];
  for (let i = 0; i < Math.max(runs, 7); i++) {
    requireLib.push(measure('require-lib', 0)!);
    requireKplus.push(measure('require-kplus', 0)!);
  }
  console.log('| require | CPU ms | vs cdk8s-plus-28 |');
  console.log('|---|---|---|');
  console.log(`| cdk8s-daemonsets (lib/) | ${spread(requireLib.map(s => s.cpuMs), fmt)} | ${ratio(requireLib, requireKplus)} (goal <= 1.2x) |`);
  console.log(`| cdk8s-plus-28 | ${spread(requireKplus.map(s => s.cpuMs), fmt)} | 1.00x |`);
  console.log('');

  const sameOutput = variants.filter(v => SAME_OUTPUT[v]);
  console.log(`| variant | N | objects | CPU ms | peak RSS MiB | ${sameOutput.map(v => `vs ${SAME_OUTPUT[v]}`).join(' | ')} | vs cdk8s-plus-28, same props |`);
  console.log(`|---|---|---|---|---|${sameOutput.map(() => '---|').join('')}---|`);
  for (const n of sizes) {
    const count = n >= 10000 ? Math.max(3, Math.ceil(runs / 2)) : runs;
    const results = new Map<string, Sample[]>();
    const skipped = new Set<string>();
    // Interleave the variants round by round.
    for (let i = 0; i < count; i++) {
      for (const variant of variants.filter(v => !skipped.has(v))) {
        const sample = measure(variant, n);
        if (!sample) {
          skipped.add(variant);
          continue;
        }
        results.set(variant, [...(results.get(variant) ?? []), sample]);
      }
    }
    // The same-output baselines must write what the library writes, or their ratio means nothing.
    const library = results.get('daemonset')?.[0];
    for (const variant of sameOutput.filter(v => results.has(v) && library)) {
      const hashes = new Set(results.get(variant)!.map(s => s.sha256));
      if (hashes.size !== 1 || !hashes.has(library!.sha256)) {
        throw new Error(`${variant} at N=${n} does not write the YAML the library's DaemonSet writes (sha256 ${[...hashes].join(', ')} vs ${library!.sha256})`);
      }
    }
    for (const [variant, samples] of results) {
      const rss = median(samples.map(s => s.maxRssMb));
      const goal = variant === 'daemonset' && n >= 1000 ? ` (goal <= ${ratioFmt(GOAL)})` : '';
      const vsSame = sameOutput.map((v, i) => `${ratio(samples, results.get(v))}${i === 0 ? goal : ''}`);
      const sameRss = results.get('kplus-same-output');
      const rssOver = sameRss && variant === 'daemonset' ? ` (${signed(rss - median(sameRss.map(s => s.maxRssMb)))})` : '';
      console.log(`| ${variant} | ${n} | ${samples[0].objects} | ${spread(samples.map(s => s.cpuMs), fmt)} | ${rss.toFixed(0)}${rssOver} | `
        + `${vsSame.join(' | ')} | ${ratio(samples, results.get('kplus'))} |`);
    }
  }
}

main();
