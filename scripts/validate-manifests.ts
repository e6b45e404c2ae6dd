/**
 * Scores synthesized manifests with checkers we did not write, and writes the report.
 *
 * What is scored: every example app (synthesized with the real `cdk8s synth`) and every
 * configuration of the gallery (scripts/gallery.ts). The checkers, installed by
 * scripts/install-validators.sh: kubernetes-validate in strict mode against the schemas of
 * Kubernetes 1.28 and the newest it bundles, kubeconform (strict) for custom resources against
 * their CRD's schema, kube-score, checkov (offline), and kube-linter where it can be installed.
 *
 * The bar is zero findings (scripts/known-findings.ts lists the ones not fixed yet, each with why;
 * any other finding, or a listed one that no longer occurs, fails the run). A finding an agent cannot avoid is silenced only by the exemption
 * annotations the library writes for a relaxation, each with its reason; no check is switched
 * off globally. The run fails on any finding and on any exemption without a reason.
 *
 *   ts-node scripts/validate-manifests.ts [--report docs/validation-report.md]
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { gallery } from './gallery';
import { KNOWN_FINDINGS, KnownFinding } from './known-findings';
import { exampleApps, linkSelf, synthExample } from './synth-examples';
import { unreasonedExemptions } from '../src/validation/exemption-reasons';

const root = path.resolve(__dirname, '..');
const outRoot = path.join(root, 'dist', 'validation');
const crdDir = path.join(root, 'crds');
const KUBERNETES_VERSIONS = ['1.28.0', '1.37.0'];

interface Tools {
  readonly [name: string]: string;
}

interface Target {
  /** e.g. `example quickstart`, `gallery DaemonSet: defaults`. */
  readonly name: string;
  readonly construct: string;
  readonly file: string;
}

interface ToolResult {
  readonly tool: string;
  readonly ran: boolean;
  readonly findings: string[];
}

interface Exemption {
  readonly object: string;
  readonly annotation: string;
  readonly value: string;
}

function installTools(): Tools {
  const out = execFileSync('bash', [path.join(root, 'scripts', 'install-validators.sh')], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'] });
  const tools: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const match = /^([A-Z_]+)='(.*)'$/.exec(line.trim());
    if (match) {
      tools[match[1]] = match[2];
    }
  }
  return tools;
}

function run(command: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw result.error;
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Why a checker's run is not a verdict, or undefined when it is: an exit status outside the ones
 * it uses for pass and fail, or output that is not its JSON report. A checker that stops must
 * never read as a pass.
 */
function crashed(tool: string, result: { status: number; stdout: string; stderr: string }, verdicts: number[]): string | undefined {
  let parsed = true;
  try {
    JSON.parse(result.stdout);
  } catch {
    parsed = false;
  }
  if (verdicts.includes(result.status) && parsed) {
    return undefined;
  }
  const lastError = result.stderr.split('\n').map(l => l.trim()).filter(l => l).pop() ?? 'no output';
  return `${tool} did not score the file (exit ${result.status}): ${lastError}`;
}

function objectsOf(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf-8')).map(d => d.toJS()).filter(o => o);
}

function objectName(o: any): string {
  return `${o.kind}/${o.metadata?.namespace ? o.metadata.namespace + '/' : ''}${o.metadata?.name}`;
}

/** Synthesizes every example and every gallery configuration into dist/validation/. */
function targets(): Target[] {
  fs.rmSync(outRoot, { recursive: true, force: true });
  const list: Target[] = [];
  linkSelf();
  for (const name of exampleApps()) {
    const dir = path.join(outRoot, 'examples', name);
    for (const file of synthExample(name, dir)) {
      list.push({ name: `example ${name}`, construct: `examples/${name}`, file: path.join(dir, file) });
    }
  }
  fs.mkdirSync(path.join(outRoot, 'gallery'), { recursive: true });
  for (const entry of gallery()) {
    const app = new App();
    entry.build(app);
    const objects = app.charts.flatMap(chart => chart.toJson());
    const file = path.join(outRoot, 'gallery', `${entry.id}.yaml`);
    fs.writeFileSync(file, Yaml.stringify(...objects));
    list.push({ name: entry.description, construct: entry.construct, file });
  }
  return list;
}

// -- the checkers ------------------------------------------------------------------------------

function schemaCheck(tools: Tools, file: string): ToolResult {
  const findings: string[] = [];
  const objects = objectsOf(file);
  const builtIn = objects.filter(o => !isCustomResource(o));
  const custom = objects.filter(o => isCustomResource(o));
  if (builtIn.length > 0) {
    const tmp = `${file}.builtin.yaml`;
    fs.writeFileSync(tmp, Yaml.stringify(...builtIn));
    for (const version of KUBERNETES_VERSIONS) {
      const result = run(tools.KUBERNETES_VALIDATE, ['--strict', '--quiet', '--no-warn', '-k', version, tmp]);
      if (result.status !== 0) {
        findings.push(...`${result.stdout}${result.stderr}`.split('\n').filter(l => l.trim()).map(l => `${version}: ${l.replace(tmp, path.basename(file))}`));
      }
    }
    fs.rmSync(tmp);
  }
  if (custom.length > 0) {
    const tmp = `${file}.custom.yaml`;
    fs.writeFileSync(tmp, Yaml.stringify(...custom));
    const result = run(tools.KUBECONFORM, ['-strict', '-summary', '-output', 'text', '-schema-location', path.join(crdSchemasDir(), '{{ .ResourceKind }}{{ .KindSuffix }}.json'), tmp]);
    if (result.status !== 0) {
      findings.push(...`${result.stdout}${result.stderr}`.split('\n').filter(l => l.trim() && !l.startsWith('Summary')));
    }
    fs.rmSync(tmp);
  }
  return { tool: 'schema', ran: true, findings };
}

function isCustomResource(o: any): boolean {
  return typeof o.apiVersion === 'string' && /\.coreos\.com\//.test(o.apiVersion);
}

let crdSchemas: string | undefined;
/**
 * JSON schemas for kubeconform from the CRDs committed under crds/ (the openAPIV3Schema of each
 * served version), strict: unknown fields are rejected where the CRD does not preserve them.
 */
function crdSchemasDir(): string {
  if (crdSchemas) {
    return crdSchemas;
  }
  crdSchemas = path.join(outRoot, 'crd-schemas');
  fs.mkdirSync(crdSchemas, { recursive: true });
  const files = fs.existsSync(crdDir) ? fs.readdirSync(crdDir).filter(f => f.endsWith('.yaml')) : [];
  for (const file of files) {
    for (const crd of objectsOf(path.join(crdDir, file))) {
      if (crd.kind !== 'CustomResourceDefinition') {
        continue;
      }
      const group = crd.spec.group.split('.')[0];
      for (const version of crd.spec.versions ?? []) {
        const schema = strict(version.schema?.openAPIV3Schema ?? {});
        const name = `${crd.spec.names.kind.toLowerCase()}-${group}-${version.name}.json`;
        fs.writeFileSync(path.join(crdSchemas, name), JSON.stringify(schema));
      }
    }
  }
  return crdSchemas;
}

function strict(schema: any): any {
  if (Array.isArray(schema)) {
    return schema.map(strict);
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as any).map(([k, v]) => [k, strict(v)])) : strict(value);
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

function kubeScore(tools: Tools, file: string): ToolResult {
  const result = run(tools.KUBE_SCORE, ['score', '--output-format', 'json', file]);
  // kube-score exits 1 when it grades something critical; anything else, or no report, means it did not score the file.
  const crash = crashed('kube-score', result, [0, 1]);
  if (crash) {
    return { tool: 'kube-score', ran: true, findings: [crash] };
  }
  const findings: string[] = [];
  for (const object of JSON.parse(result.stdout)) {
    for (const check of object.checks ?? []) {
      if (!check.skipped && check.grade < 10) {
        const comments = (check.comments ?? []).map((c: any) => [c.path, c.summary].filter(x => x).join(': ')).join('; ');
        findings.push(`${object.object_name}: ${check.check.id} (${comments})`);
      }
    }
  }
  return { tool: 'kube-score', ran: true, findings };
}

function checkov(tools: Tools, file: string): ToolResult {
  const result = run(tools.CHECKOV, ['-f', file, '--framework', 'kubernetes', '--skip-download', '--quiet', '--compact', '-o', 'json']);
  // checkov exits 1 when a check fails; anything else, or no report, means it did not scan the file
  // (it stops the whole scan on an annotation it cannot parse, for one).
  const crash = crashed('checkov', result, [0, 1]);
  if (crash) {
    return { tool: 'checkov', ran: true, findings: [crash] };
  }
  const reports = JSON.parse(result.stdout);
  const findings: string[] = [];
  for (const report of Array.isArray(reports) ? reports : [reports]) {
    for (const failed of report.results?.failed_checks ?? []) {
      findings.push(`${failed.resource}: ${failed.check_id} ${failed.check_name}`);
    }
  }
  return { tool: 'checkov', ran: true, findings };
}

const KUBE_LINTER_CONFIG = ['checks:', '  addAllBuiltIn: false', '  include:', '    - writable-host-mount', '    - no-liveness-probe', '    - no-readiness-probe', '    - priority-class-name', ''].join('\n');

function kubeLinter(tools: Tools, file: string): ToolResult {
  if (!tools.KUBE_LINTER) {
    return { tool: 'kube-linter', ran: false, findings: [] };
  }
  const config = path.join(outRoot, 'kube-linter.yaml');
  fs.writeFileSync(config, KUBE_LINTER_CONFIG);
  const result = run(tools.KUBE_LINTER, ['lint', '--config', config, '--format', 'json', file]);
  const crash = crashed('kube-linter', result, [0, 1]);
  if (crash) {
    return { tool: 'kube-linter', ran: true, findings: [crash] };
  }
  const report = JSON.parse(result.stdout);
  const findings = (report.Reports ?? []).map((r: any) => `${r.Object?.K8sObject?.GroupVersionKind?.Kind}/${r.Object?.K8sObject?.Name}: ${r.Check} (${r.Diagnostic?.Message})`);
  return { tool: 'kube-linter', ran: true, findings };
}

// -- exemptions ----------------------------------------------------------------------------------

const EXEMPTION = /^(ignore-check\.kube-linter\.io\/|kube-score\/ignore$|polaris\.fairwinds\.com\/.*-exempt$|checkov\.io\/skip\d+$)/;

function exemptions(file: string): Exemption[] {
  return objectsOf(file).flatMap(o => Object.entries<string>(o.metadata?.annotations ?? {})
    .filter(([key]) => EXEMPTION.test(key))
    .map(([annotation, value]) => ({ object: objectName(o), annotation, value })));
}

// -- report --------------------------------------------------------------------------------------

function renderReport(rows: Array<{ target: Target; results: ToolResult[]; exemptions: Exemption[] }>, tools: Tools): string {
  const lines: string[] = [];
  lines.push('# Validation report', '');
  lines.push('Generated by `scripts/validate-manifests.ts` (`npm run validate`); do not edit by hand.', '');
  lines.push('Every example app and every gallery configuration (scripts/gallery.ts) is synthesized and scored by:', '');
  lines.push(`- schema: kubernetes-validate ${tools.KUBERNETES_VALIDATE_VERSION} in strict mode against Kubernetes ${KUBERNETES_VERSIONS.join(' and ')}; custom resources with kubeconform ${tools.KUBECONFORM_VERSION} (strict) against their CRD's schema (crds/)`);
  lines.push(`- kube-score ${tools.KUBE_SCORE_VERSION}, all default checks`);
  lines.push(`- checkov ${tools.CHECKOV_VERSION}, kubernetes framework, offline`);
  lines.push(`- kube-linter ${tools.KUBE_LINTER_VERSION}: default checks plus writable-host-mount, no-liveness-probe, no-readiness-probe, priority-class-name${tools.KUBE_LINTER ? '' : ' (**not run**: it could not be installed on this machine)'}`);
  lines.push('', 'A finding an agent cannot avoid is silenced only by the exemption annotations the library writes for a `Relaxation`, with its reason.');
  lines.push('The bar is zero findings. A "known finding" is one that is not fixed yet, listed with why in `scripts/known-findings.ts`; the run fails on any other finding and on a listed one that no longer occurs.', '');
  lines.push('The library\'s own rules are judged by kube-apiserver itself: [validation-agreement.md](validation-agreement.md), the agreement table by rule family that the differential test writes.', '');
  const toolNames = ['schema', 'kube-score', 'checkov', 'kube-linter'];
  lines.push(`| construct | configuration | ${toolNames.join(' | ')} |`);
  lines.push(`|---|---|${toolNames.map(() => '---').join('|')}|`);
  for (const row of rows) {
    const cells = toolNames.map(name => {
      const result = row.results.find(r => r.tool === name)!;
      if (!result.ran) {
        return 'not run';
      }
      const known = result.findings.filter(f => knownFinding(row.target.name, name, f)).length;
      const open = result.findings.length - known;
      return result.findings.length === 0 ? 'pass' : [open ? `**${open} finding(s)**` : '', known ? `**${known} known finding(s)**` : ''].filter(x => x).join(', ');
    });
    lines.push(`| ${row.target.construct} | ${row.target.name} (\`${path.relative(root, row.target.file)}\`) | ${cells.join(' | ')} |`);
  }
  const findings = rows.flatMap(r => r.results.flatMap(res => res.findings.map(f => {
    const known = knownFinding(r.target.name, res.tool, f);
    return `- ${r.target.name}, ${res.tool}: ${f}${known ? ` (known, not fixed: ${known.why})` : ''}`;
  })));
  lines.push('', '## Findings', '', ...(findings.length ? findings : ['None.']));
  lines.push('', '## Exemptions and their reasons', '');
  const withExemptions = rows.filter(r => r.exemptions.length > 0);
  if (withExemptions.length === 0) {
    lines.push('None.');
  }
  for (const row of withExemptions) {
    lines.push(`### ${row.target.name}`, '');
    lines.push('| object | annotation | value |', '|---|---|---|');
    for (const e of row.exemptions) {
      lines.push(`| ${e.object} | \`${e.annotation}\` | ${e.value.replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd() + '\n';
}

function knownFinding(target: string, tool: string, finding: string): KnownFinding | undefined {
  return KNOWN_FINDINGS.find(k => k.target === target && k.tool === tool && k.finding === finding);
}

function main() {
  const reportIndex = process.argv.indexOf('--report');
  const reportFile = path.join(root, reportIndex > 0 ? process.argv[reportIndex + 1] : 'docs/validation-report.md');
  const tools = installTools();
  const rows = targets().map(target => ({
    target,
    results: [schemaCheck(tools, target.file), kubeScore(tools, target.file), checkov(tools, target.file), kubeLinter(tools, target.file)],
    exemptions: exemptions(target.file),
  }));
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  fs.writeFileSync(reportFile, renderReport(rows, tools));

  const found = rows.flatMap(r => r.results.flatMap(res => res.findings.map(f => ({ target: r.target.name, tool: res.tool, finding: f }))));
  const stale = KNOWN_FINDINGS.filter(k => !found.some(f => f.target === k.target && f.tool === k.tool && f.finding === k.finding));
  const failures = [
    ...found.filter(f => !knownFinding(f.target, f.tool, f.finding)).map(f => `${f.target}: ${f.tool}: ${f.finding}`),
    ...stale.map(k => `${k.target}: ${k.tool}: '${k.finding}' is listed in scripts/known-findings.ts but no longer occurs: remove it`),
    ...rows.flatMap(r => objectsOf(r.target.file).flatMap(unreasonedExemptions).map(u => `${r.target.name}: ${u}`)),
  ];
  const notRun = [...new Set(rows.flatMap(r => r.results.filter(res => !res.ran).map(res => res.tool)))];
  console.log(`validate-manifests: ${rows.length} manifests scored; report: ${path.relative(root, reportFile)}`);
  if (notRun.length > 0) {
    console.log(`validate-manifests: not run (could not be installed): ${notRun.join(', ')}`);
  }
  if (failures.length > 0) {
    console.error(`validate-manifests: ${failures.length} finding(s):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  const known = found.length;
  console.log(known === 0 ? 'validate-manifests: zero findings' : `validate-manifests: no new findings; ${known} known finding(s) of scripts/known-findings.ts remain`);
}

main();
