/**
 * `npm run bench:python`: what a DaemonSet costs in Python next to TypeScript, at the margin.
 *
 * The same apps in both languages (bench/agents.py, bench/agents.js: n DaemonSets in one chart,
 * synthesized with `app.synth()`; their YAML is checked to be identical) run at two sizes, N1 and
 * N2; the marginal cost per DaemonSet is (CPU at N2 - CPU at N1) / (N2 - N1), so what every run
 * pays once (starting Node.js and Python, loading the jsii runtime and the libraries) cancels out.
 * CPU time is user + system of the whole process tree (a Python app's jsii runtime is a Node.js
 * process it waits for; bench/cpu-time.py measures it), each sample a fresh process, in interleaved
 * rounds: every round runs every language, workload and size once. The ratio is Python's marginal
 * cost over TypeScript's: of the medians, with the spread of the round-by-round ratios.
 *
 * Python runs in a fresh virtual environment with the wheel from dist/python/ and the cdk8s,
 * cdk8s-plus-28 and constructs versions that node_modules/ holds, so both languages run the same
 * JavaScript. Goal: the agent built in one call within 1.5x of TypeScript. This reports; it never
 * fails on a slow machine.
 *
 *   npm run bench:python [-- --runs 5 --sizes 50,450]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { linkSelf, pythonWheel } from '../scripts/synth-examples';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const runs = Number(option('runs', '5'));
const [n1, n2] = option('sizes', '50,450').split(',').map(Number);
const root = path.join(__dirname, '..');
const GOAL = 1.5;

interface Workload {
  readonly name: string;
  readonly python: string;
  readonly typescript: string;
  readonly label: string;
}

const WORKLOADS: Workload[] = [
  { name: 'agent', python: 'agent', typescript: 'agent', label: '`DaemonSet` (the quickstart\'s agent), one call each' },
  { name: 'agent-step-by-step', python: 'agent-step-by-step', typescript: 'agent', label: '`DaemonSet`, `add_container()`, `mount()` and the values per agent (Python only)' },
  { name: 'node-exporter', python: 'node-exporter', typescript: 'node-exporter', label: '`NodeExporterDaemonSet`, one call each' },
];

const env = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] };

/** A virtual environment with the wheel and the JavaScript dependencies' versions of node_modules/. */
function benchVenv(dir: string): string {
  execFileSync('python3', ['-m', 'venv', dir], { stdio: 'inherit' });
  const pins = ['cdk8s', 'cdk8s-plus-28', 'constructs'].map(dep => {
    const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', dep, 'package.json'), 'utf-8')).version;
    return `${dep}==${version}`;
  });
  execFileSync(path.join(dir, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', pythonWheel(), ...pins], { stdio: 'inherit' });
  return path.join(dir, 'bin', 'python');
}

/** CPU ms of one app run, in a fresh process tree; `outdir` receives its YAML. */
function sample(command: string[], outdir: string): number {
  fs.rmSync(outdir, { recursive: true, force: true });
  const out = execFileSync('python3', [path.join(__dirname, 'cpu-time.py'), ...command], { encoding: 'utf-8', env, cwd: root });
  return JSON.parse(out.trim().split('\n').pop()!).cpuMs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function yamlOf(dir: string): string {
  return fs.readdirSync(dir).sort().map(f => fs.readFileSync(path.join(dir, f), 'utf-8')).join('\n');
}

function main() {
  linkSelf();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-python-'));
  const python = benchVenv(path.join(work, 'venv'));
  const versions = execFileSync(python, ['-c', 'import importlib.metadata as m; print(", ".join(f"{d} {m.version(d)}" for d in ["cdk8s", "cdk8s-plus-28", "constructs", "jsii"]))'], { encoding: 'utf-8' }).trim();
  const commands = (w: Workload, n: number) => ({
    typescript: [process.execPath, path.join(__dirname, 'agents.js'), w.typescript, String(n), path.join(work, 'ts')],
    python: [python, path.join(__dirname, 'agents.py'), w.python, String(n), path.join(work, 'py')],
  });

  // The same YAML from both languages, or the comparison means nothing.
  for (const w of WORKLOADS) {
    const c = commands(w, 3);
    sample(c.typescript, path.join(work, 'ts'));
    sample(c.python, path.join(work, 'py'));
    if (yamlOf(path.join(work, 'ts')) !== yamlOf(path.join(work, 'py'))) {
      throw new Error(`${w.name}: the Python app does not write the YAML the TypeScript app writes (${work}/ts, ${work}/py)`);
    }
  }

  // cpu[workload][language][n] = samples, one per round.
  const cpu: Record<string, Record<string, Record<number, number[]>>> = {};
  for (let round = 0; round < runs; round++) {
    for (const w of WORKLOADS) {
      for (const n of [n1, n2]) {
        const c = commands(w, n);
        for (const language of ['typescript', 'python'] as const) {
          if (language === 'typescript' && w.typescript !== w.name) {
            continue; // the same TypeScript app as another workload
          }
          const byN = ((cpu[w.name] ??= {})[language] ??= {});
          (byN[n] ??= []).push(sample(c[language], path.join(work, language)));
        }
      }
    }
  }
  fs.rmSync(work, { recursive: true, force: true });

  const marginal = (samples: Record<number, number[]>) => ({
    median: (median(samples[n2]) - median(samples[n1])) / (n2 - n1),
    perRound: samples[n2].map((v, i) => (v - samples[n1][i]) / (n2 - n1)),
  });
  console.log('# Python against TypeScript, per DaemonSet');
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, `
    + `${execFileSync('python3', ['--version'], { encoding: 'utf-8' }).trim()}; ${versions}`);
  console.log(`CPU time of the process tree, fresh processes, ${runs} interleaved rounds; marginal cost = (CPU at ${n2} - CPU at ${n1}) / ${n2 - n1}\n`);
  console.log('| workload | TypeScript ms/DaemonSet | Python ms/DaemonSet | Python / TypeScript |');
  console.log('|---|---|---|---|');
  const fmt = (v: number) => v.toFixed(2);
  for (const w of WORKLOADS) {
    const ts = marginal(cpu[w.typescript].typescript);
    const py = marginal(cpu[w.name].python);
    const ratios = py.perRound.map((p, i) => p / ts.perRound[i]);
    const goal = w.name === 'agent' ? ` (goal <= ${GOAL.toFixed(1)}x)` : '';
    console.log(`| ${w.label} | ${fmt(ts.median)} (${fmt(Math.min(...ts.perRound))}-${fmt(Math.max(...ts.perRound))}) `
      + `| ${fmt(py.median)} (${fmt(Math.min(...py.perRound))}-${fmt(Math.max(...py.perRound))}) `
      + `| ${(py.median / ts.median).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}x-${Math.max(...ratios).toFixed(2)}x)${goal} |`);
  }
}

main();
