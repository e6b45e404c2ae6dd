#!/usr/bin/env node
/**
 * `cdk8s-daemonsets-fleet`: the fleet view (node overhead, Pod Security levels, host ports, rollout
 * time) of the DaemonSets in any manifest files, such as a cdk8s app's `dist/` or a Helm chart's
 * `helm template` output.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { analyzeFleet, checkFleetObjects, FleetObject, objectName } from '../fleet/analysis';
import { renderJson, renderMarkdown } from '../fleet/render';
import { FleetAnalysisOptions } from '../fleet/types';

const NAME = 'cdk8s-daemonsets-fleet';

export const USAGE = `Usage: ${NAME} --nodes N [options] [file | directory | - ...]

Prints the fleet view of the DaemonSets in Kubernetes manifests (YAML or JSON, several documents
per file; a directory stands for its .yaml, .yml and .json files; no file or '-' reads standard
input): node overhead per node and for the cluster, Pod Security level of each DaemonSet and what
lowers it, Namespaces whose enforce label would reject their DaemonSets' pods, host ports, and the
estimated time of a full rollout. Files it knows are no manifests (cdk8s's construct-metadata.json,
a fleet report's JSON) are skipped, with a note on standard error.

Options:
  --nodes N                 number of nodes of the cluster (required)
  --pod-start-seconds S     seconds from pod creation to readiness (default 30)
  --pod-stop-seconds S      seconds an old pod takes to stop (default 5, or its grace period if shorter)
  --budget-cpu Q            per-node budget for the cpu requests of all DaemonSets, e.g. 500m
  --budget-memory Q         per-node budget for the memory requests of all DaemonSets, e.g. 1Gi
  --json                    print JSON instead of the Markdown tables
  -h, --help                print this help

Exit status: 0 when every check passes, 1 when a budget is exceeded, a Namespace would reject a
DaemonSet's pods or two DaemonSets bind one host port on the same nodes (the report is printed
either way, the problems also on standard error), 2 on a usage or input error (a file that is no
manifest, a resource quantity Kubernetes would reject).
`;

/** The outcome of a run: what to print and the exit status. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const VALUE_OPTIONS = ['--nodes', '--pod-start-seconds', '--pod-stop-seconds', '--budget-cpu', '--budget-memory'];

/** Runs the command with `argv` (without `node` and the script); `readStdin` is called for '-'. */
export function main(argv: string[], readStdin: () => string = () => fs.readFileSync(0, 'utf-8')): CliResult {
  const values: Record<string, string> = {};
  const inputs: string[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '-h' || flag === '--help') {
      return { code: 0, stdout: USAGE, stderr: '' };
    } else if (flag === '--json') {
      json = true;
    } else if (VALUE_OPTIONS.includes(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined) {
        return usageError(`${flag} needs a value`);
      }
      values[flag] = value;
    } else if (flag.startsWith('-') && flag !== '-') {
      return usageError(`unknown option ${flag}`);
    } else {
      inputs.push(arg);
    }
  }
  if (values['--nodes'] === undefined) {
    return usageError('--nodes is required: the number of nodes of the cluster');
  }
  // A value that is no number is passed on as given, so the error shows it.
  const number = (flag: string): any => {
    const raw = values[flag];
    return raw === undefined || raw.trim() === '' || !Number.isFinite(Number(raw)) ? raw : Number(raw);
  };
  const options: FleetAnalysisOptions = {
    nodeCount: number('--nodes')!,
    podStartSeconds: number('--pod-start-seconds'),
    podStopSeconds: number('--pod-stop-seconds'),
    budget: values['--budget-cpu'] !== undefined || values['--budget-memory'] !== undefined
      ? { cpu: values['--budget-cpu'], memory: values['--budget-memory'] }
      : undefined,
  };

  let objects: FleetObject[];
  const skipped: string[] = [];
  try {
    objects = (inputs.length === 0 ? ['-'] : inputs).flatMap(input => load(input, readStdin, skipped));
  } catch (e) {
    return { code: 2, stdout: '', stderr: `${skipped.join('')}${NAME}: ${(e as Error).message}\n` };
  }
  const unreadable = checkFleetObjects(objects);
  if (unreadable.length > 0) {
    return { code: 2, stdout: '', stderr: `${skipped.join('')}${unreadable.map(m => `${NAME}: ${m}\n`).join('')}` };
  }
  let analysis;
  try {
    analysis = analyzeFleet(objects, options, NAME);
  } catch (e) {
    // Invalid options, in the library's message style (which starts with the command's name).
    return { code: 2, stdout: '', stderr: `${(e as Error).message}\n\n${USAGE}` };
  }
  const stdout = json ? renderJson(analysis) : renderMarkdown(analysis);
  const stderr = skipped.join('') + analysis.problems.map(p => `${p}\n`).join('');
  return { code: analysis.problems.length > 0 ? 1 : 0, stdout, stderr };
}

function usageError(message: string): CliResult {
  return { code: 2, stdout: '', stderr: `${NAME}: ${message}\n\n${USAGE}` };
}

/**
 * The objects of one input: a file, a directory of manifest files, or '-' (standard input). A file
 * recognised as no manifest adds a note to `skipped` and no object.
 */
function load(input: string, readStdin: () => string, skipped: string[]): FleetObject[] {
  if (input === '-') {
    // cdk8s parses files: standard input goes through a temporary one.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${NAME}-`));
    const file = path.join(dir, 'stdin.yaml');
    try {
      fs.writeFileSync(file, readStdin());
      return parse(file, '(stdin)', skipped);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!fs.existsSync(input)) {
    throw new Error(`${input}: no such file or directory`);
  }
  if (fs.statSync(input).isDirectory()) {
    return fs.readdirSync(input).filter(f => /\.(ya?ml|json)$/.test(f)).sort()
      .flatMap(f => parse(path.join(input, f), path.join(input, f), skipped));
  }
  return parse(input, input, skipped);
}

/**
 * What a file of a cdk8s output directory is when it holds no Kubernetes objects and the command
 * knows it, or undefined: cdk8s's construct metadata (`App` with `recordConstructMetadata`) and the
 * JSON report of `FleetReport` (or of this command's `--json`).
 */
function knownNonManifest(documents: any[]): string | undefined {
  const [doc] = documents;
  const isObject = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (documents.length !== 1 || !isObject(doc) || 'kind' in doc || 'apiVersion' in doc) {
    return undefined;
  }
  if (typeof doc.version === 'string' && isObject(doc.resources)) {
    return 'cdk8s construct metadata (App recordConstructMetadata), not Kubernetes objects';
  }
  if (typeof doc.nodeCount === 'number' && Array.isArray(doc.daemonSets) && isObject(doc.perNode)) {
    return `a fleet report (FleetReport, or ${NAME} --json), not Kubernetes objects`;
  }
  return undefined;
}

function parse(file: string, label: string, skipped: string[]): FleetObject[] {
  let documents: any[];
  try {
    documents = Yaml.load(file);
  } catch (e) {
    const detail = String((e as any).stderr ?? (e as Error).message).trim().split('\n').find(l => /Error/.test(l)) ?? 'cannot be parsed';
    throw new Error(`${label}: not a YAML or JSON manifest file (${detail})`);
  }
  const known = knownNonManifest(documents);
  if (known) {
    skipped.push(`${NAME}: skipped ${label}: ${known}\n`);
    return [];
  }
  // cdk8s's parser keeps going past syntax errors: a document that is no Kubernetes object is the sign.
  documents.forEach((doc, i) => {
    if (typeof doc !== 'object' || doc === null || typeof doc.kind !== 'string' || typeof doc.apiVersion !== 'string') {
      throw new Error(`${label}: document ${i + 1} is not a Kubernetes object (no kind and apiVersion): is the file valid YAML?`);
    }
  });
  // The items of `List` objects (`kubectl get -o yaml`), each named for itself.
  const objects = documents.flatMap(doc => doc.kind.endsWith('List') && Array.isArray(doc.items) ? doc.items : [doc]);
  return objects.map(manifest => ({ manifest, source: `${label} (${manifest?.kind ?? 'object'} ${objectName(manifest)})` }));
}

if (require.main === module) {
  const result = main(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
