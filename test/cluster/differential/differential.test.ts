import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { Case, FAMILIES, Family, judge, leaf, LibraryOutcome, libraryFields, normalize, serverFields } from './case';
import { CASES } from './cases';
import { generatedCase, GENERATED_RUNS, GENERATED_SEED, podSpecInput } from './generated';
import { renderReport, Result } from './report';
import { STRICTER } from './stricter';
import { connectCluster } from '../cluster';

/**
 * The differential test: the API server is the judge of the library's rules.
 *
 * Each case is an input built through the library's public API: typed props, cdk8s-plus calls on
 * our DaemonSet (addContainer, mount, scheduling, env, probes, volumes, dns, security context) and
 * `ApiObject.of(ds).addJsonPatch(...)`; plus pod specs generated with fast-check from a fixed
 * seed. The library's verdict is whether `app.synthYaml()` (every validation of the app) refuses
 * it, at construction or at synth. The API server's verdict is a server-side dry-run of the same
 * DaemonSet, strict field validation, as a create and as a server-side apply: rejected when
 * either rejects (server-side apply also rejects a list entry given twice, such as an env var).
 *
 * The manifest sent: the synthesized DaemonSet when the library accepts; when it refuses at synth,
 * the same object serialized without the validation pass (`ApiObject.of(ds).toJson()`); when it
 * refuses before it can serialize (at construction, or cdk8s-plus throwing while serializing), or
 * when the input is a patch cdk8s-plus would drop, the case states the manifest it means as a
 * change of the baseline manifest (`raw`).
 *
 * A library refusal of an input the API server admits passes only when every problem it reports
 * comes from a library-only rule of `stricter.ts` (a documented best practice). Everything else
 * that differs is a disagreement, and there must be none. The run writes the agreement table,
 * docs/validation-agreement.md, which CI compares with the committed one.
 */

const NAMESPACE = 'differential';
const CONCURRENCY = 4;
const ROOT = path.join(__dirname, '..', '..', '..');
const REPORT = path.join(ROOT, 'docs', 'validation-agreement.md');

const cluster = connectCluster();
const results: Result[] = [];
let handWrittenDone = false;
let generatedDone = false;

beforeAll(async () => {
  await cluster.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }]);
});

afterAll(() => {
  cluster.close();
  // Only a complete run writes the table (not one filtered with -t).
  if (handWrittenDone && generatedDone) {
    fs.writeFileSync(REPORT, renderReport(results, { seed: GENERATED_SEED, runs: GENERATED_RUNS }));
  }
});

interface ServerOutcome {
  readonly accepted: boolean;
  readonly message: string;
  readonly warnings: string[];
}

async function serverVerdict(manifest: any): Promise<ServerOutcome> {
  const [created] = await cluster.dryRun([manifest], NAMESPACE, { mode: 'create' });
  const [applied] = await cluster.dryRun([manifest], NAMESPACE, { mode: 'apply' });
  return {
    accepted: created.accepted && applied.accepted,
    message: !created.accepted ? created.message : applied.message,
    warnings: created.warnings,
  };
}

/** The problems of a library message, one per line: `'<prop>' <problem>...`. */
function problems(message: string): string[] {
  return message.split('\n').map(line => /: ('[^']+' .*)$/.exec(line)?.[1]).filter((p): p is string => p !== undefined);
}

/** Compares the two verdicts; returns the result, with what is wrong if they disagree. */
function compare(c: Case, library: LibraryOutcome, server: ServerOutcome): Result {
  const refused = library.verdict !== 'accepted';
  const base = { family: c.family, name: c.name, library: library.verdict, server: server.accepted ? 'admitted' as const : 'rejected' as const };
  if (refused === !server.accepted) {
    if (c.stricter) {
      return {
        ...base,
        outcome: 'disagree',
        problem: refused ? `marked stricter (${c.stricter}), but the API server rejects it too: ${server.message}` : `marked stricter (${c.stricter}), but the library accepts it`,
      };
    }
    // The library's message names the field when one of its problems mentions the last element of
    // a field the API server names (dnsPolicy, successThreshold, labels...), fix aside.
    const fields = serverFields(server.message);
    const said = problems(library.message).map(p => normalize(p.split(' Fix: ')[0]));
    const named = library.verdict === 'refused at synth' && fields.length > 0
      ? fields.some(f => said.some(p => p.includes(leaf(f))))
      : undefined;
    return { ...base, outcome: 'agree', fieldNamed: named, serverFields: fields, libraryFields: libraryFields(library.message) };
  }
  if (!refused) {
    return { ...base, outcome: 'disagree', problem: `the library accepts it; the API server says: ${server.message}` };
  }
  const reported = problems(library.message);
  const unexplained = reported.filter(p => !STRICTER.some(r => r.matches.test(p)));
  const rules = STRICTER.filter(r => reported.some(p => r.matches.test(p))).map(r => r.id);
  if (reported.length === 0 || unexplained.length > 0) {
    return { ...base, outcome: 'disagree', problem: `the API server admits it; the library refuses it: ${(unexplained.length ? unexplained : [library.message]).join(' | ')}` };
  }
  if (c.stricter && !rules.includes(c.stricter)) {
    return { ...base, outcome: 'disagree', problem: `marked stricter (${c.stricter}), but refused by ${rules.join(', ')}` };
  }
  return { ...base, outcome: 'stricter', rules };
}

async function run(c: Case): Promise<Result> {
  let library: LibraryOutcome;
  try {
    library = judge(c);
  } catch (e) {
    return { family: c.family, name: c.name, library: 'refused at synth', server: 'admitted', outcome: 'disagree', problem: (e as Error).message };
  }
  return compare(c, library, await serverVerdict(library.manifest));
}

/** Runs `fn` over `items`, `limit` at a time, keeping the order of the results. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

function summary(failed: Result[]): string {
  return failed.map(r => `[${r.family}] ${r.name}: library ${r.library}, API server ${r.server}: ${r.problem ?? 'the library does not name the field the API server names'}`
    + (r.problem ? '' : ` (server: ${r.serverFields?.join(', ')}; library: ${r.libraryFields?.join(', ')})`)).join('\n');
}

test('every case: the library refuses what the API server rejects, and refuses more only by a documented rule', async () => {
  const names = new Set<string>();
  for (const c of CASES) {
    expect(FAMILIES).toContain(c.family);
    if (names.has(c.name)) throw new Error(`two cases are named "${c.name}"`);
    names.add(c.name);
  }
  const caseResults = await pool(CASES, CONCURRENCY, run);
  results.push(...caseResults);
  const failed = caseResults.filter(r => r.outcome === 'disagree' || r.fieldNamed === false);
  expect(summary(failed)).toBe('');
  // Every family of the API server's rules has cases of its own.
  for (const family of FAMILIES.filter((f: Family) => f !== 'generated pod specs')) {
    expect(caseResults.filter(r => r.family === family).length).toBeGreaterThanOrEqual(8);
  }
  handWrittenDone = true;
});

test(`generated pod specs (fast-check, seed ${GENERATED_SEED}): the library and the API server agree`, async () => {
  const generated: Result[] = [];
  await fc.assert(fc.asyncProperty(podSpecInput(), async input => {
    const result = await run(generatedCase(input));
    generated.push(result);
    if (result.outcome === 'disagree') {
      throw new Error(summary([result]));
    }
  }), { seed: GENERATED_SEED, numRuns: GENERATED_RUNS, endOnFailure: false });
  results.push(...generated);
  generatedDone = true;
});

test('the README states the figures of this run', () => {
  if (!handWrittenDone || !generatedDone) {
    throw new Error('the figures come from the whole differential test: run it without -t');
  }
  const count = (outcome: Result['outcome']) => results.filter(r => r.outcome === outcome).length;
  const figures = `${results.length} inputs: ${count('agree')} agree, ${count('stricter')} refused by the library on purpose, ${count('disagree')} disagreements`;
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8').replace(/\s+/g, ' ');
  expect(/Last run: (\d+ inputs: [^;]*? disagreements)/.exec(readme)?.[1]).toBe(figures);
});
