import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Lazy } from 'cdk8s';
import { HOST_PROPS, SCENARIOS, snake, structFields, structsInCollections, structsOf, synthesizeInTypeScript, withUnknownKey } from './structs';
import { linkSelf, pythonVenv, pythonWheel, synthExample } from '../../scripts/synth-examples';
import { DaemonSet } from '../../src';

// The Python side as a Python cdk8s user meets it: a clean virtual environment, the wheel built
// by `npx projen package:python` (`npm test` builds it first), its dependencies from PyPI, and
// `cdk8s synth`.
jest.setTimeout(300_000);

const venv = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemonsets-venv-'));
let venvReady = false;
afterAll(() => fs.rmSync(venv, { recursive: true, force: true }));

/** The clean virtual environment with the wheel installed (once for the file). */
function cleanVenv(): string {
  if (!venvReady) {
    pythonVenv(venv);
    venvReady = true;
  }
  return venv;
}

const PYTHON_ENV = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] };

/** Runs a Python script of test/packaging/ in the clean virtual environment, with `input` on stdin. */
function python(script: string, input = '', args: string[] = []): string {
  return execFileSync(path.join(cleanVenv(), 'bin', 'python'), [path.join(__dirname, script), ...args], {
    input, encoding: 'utf-8', env: PYTHON_ENV, maxBuffer: 256 * 2 ** 20,
  });
}

describe('the Python package', () => {
  linkSelf();

  test('is a wheel named for PyPI', () => {
    expect(path.basename(pythonWheel())).toMatch(/^cdk8s_daemonsets-\d+\.\d+\.\d+-py3-none-any\.whl$/);
  });

  test('installs into a clean virtual environment with its dependencies from PyPI', () => {
    cleanVenv();
    const site = fs.readdirSync(path.join(venv, 'lib')).map(v => path.join(venv, 'lib', v, 'site-packages'))[0];
    const installed = fs.readdirSync(site);
    for (const dist of ['cdk8s_daemonsets', 'cdk8s', 'cdk8s_plus_28', 'constructs', 'jsii']) {
      expect(installed).toContain(dist);
    }
  });

  test.each([
    ['python', 'quickstart'],
    ['python-agents', 'agents'],
  ])('synthesizes examples/%s byte for byte like examples/%s', (pythonApp, typescriptApp) => {
    const pythonOut = fs.mkdtempSync(path.join(os.tmpdir(), `example-${pythonApp}-`));
    const typescriptOut = fs.mkdtempSync(path.join(os.tmpdir(), `example-${typescriptApp}-`));
    const pythonFiles = synthExample(pythonApp, pythonOut, cleanVenv());
    const typescriptFiles = synthExample(typescriptApp, typescriptOut);
    expect(pythonFiles).toEqual(typescriptFiles);
    for (const file of typescriptFiles) {
      const expected = fs.readFileSync(path.join(typescriptOut, file), 'utf-8');
      expect(expected.length).toBeGreaterThan(0);
      expect(fs.readFileSync(path.join(pythonOut, file), 'utf-8')).toBe(expected);
    }
  });
});

describe('the README in Python', () => {
  test('its Python example synthesizes the YAML the README shows', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
    const snippet = /```python\n([\s\S]*?)```/.exec(readme)![1];
    const shown = /produces \(`cdk8s synth`\):\n\n```yaml\n([\s\S]*?)```/.exec(readme)![1];
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-python-'));
    fs.writeFileSync(path.join(cwd, 'main.py'), snippet);
    execFileSync(path.join(cleanVenv(), 'bin', 'python'), ['main.py'], { cwd, env: PYTHON_ENV });
    expect(fs.readFileSync(path.join(cwd, 'dist', 'agents.k8s.yaml'), 'utf-8')).toBe(shown);
  });
});

describe('structs in lists and maps, from Python', () => {
  const listed = [...structsInCollections().keys()].sort();
  const name = (fqn: string) => fqn.split('.').pop()!;

  /** One run of a scenario in Python; `form`: how its structs are written (struct_scenarios.py). */
  interface Run { readonly id: string; readonly host: string; readonly hostProps: string; readonly props: any; readonly form: 'snake' | 'camel' | 'classes' }
  const runs: Run[] = [];
  for (const [i, scenario] of SCENARIOS.entries()) {
    for (const form of ['snake', 'camel', 'classes'] as const) {
      runs.push({ id: `${i}/${form}`, host: scenario.host, hostProps: HOST_PROPS[scenario.host], props: scenario.props, form });
    }
  }
  const unknownKeys = new Map<string, { key: string; prop: string }>();
  for (const fqn of listed) {
    const scenario = SCENARIOS.find(s => structsOf(s.props).includes(fqn));
    const injected = scenario && withUnknownKey(scenario.props, fqn);
    if (injected) {
      unknownKeys.set(fqn, injected);
      runs.push({ id: `unknown/${fqn}`, host: scenario.host, hostProps: HOST_PROPS[scenario.host], props: injected.props, form: 'snake' });
    }
  }
  // jsii's type checks still run on the arguments given, and on a None given for a required one.
  runs.push({ id: 'type/given', host: 'DaemonSet', hostProps: HOST_PROPS.DaemonSet, props: { hostNetwork: 'yes' }, form: 'snake' });
  runs.push({ id: 'type/required', host: 'DaemonSet.addContainer', hostProps: HOST_PROPS['DaemonSet.addContainer'], props: { image: null }, form: 'snake' });
  let results: Record<string, { output?: string; error?: string }>;
  beforeAll(() => {
    results = JSON.parse(python('struct_scenarios.py', JSON.stringify(runs)));
  });

  test('every struct that can sit in a list or map of the API is used by a scenario, with a field whose Python name differs', () => {
    expect(listed.length).toBeGreaterThanOrEqual(26);
    const used = new Set(SCENARIOS.flatMap(s => structsOf(s.props)));
    expect(listed.filter(fqn => !used.has(fqn))).toEqual([]);
    // Where a struct has fields named differently in Python (api_groups, mount_path), a scenario sets one.
    const setFields = (fqn: string) => new Set(SCENARIOS.flatMap(s => occurrences(s.props, fqn)).flatMap(o => Object.keys(o)));
    const untested = listed.filter(fqn => {
      const renamed = structFields(fqn).filter(f => snake(f) !== f);
      return renamed.length > 0 && !renamed.some(f => setFields(fqn).has(f));
    });
    expect(untested).toEqual([]);
  });

  test.each(SCENARIOS.map((s, i) => [s.name, i] as const))('%s: snake_case dicts, camelCase dicts and struct classes give what TypeScript gives', (_name, i) => {
    const expected = synthesizeInTypeScript(SCENARIOS[i]);
    expect(expected.length).toBeGreaterThan(0);
    for (const form of ['snake', 'camel', 'classes']) {
      expect({ form, ...results[`${i}/${form}`] }).toEqual({ form, output: expected });
    }
  });

  test('rejects an argument of the wrong type, and None for a required one, as jsii\'s type checks do', () => {
    expect(results['type/given'].error).toMatch(/^TypeError: type of argument host_network must be one of \(bool, NoneType\); got str instead/);
    expect(results['type/required'].error).toMatch(/^TypeError: type of argument image must be str; got NoneType instead/);
  });

  test.each(listed.map(fqn => [name(fqn), fqn]))('rejects a misspelt key in a dict given for %s, naming the key and the accepted ones', (_name, fqn) => {
    const { key, prop } = unknownKeys.get(fqn)!;
    const error = results[`unknown/${fqn}`].error!;
    const accepted = structFields(fqn).map(f => snake(f) === f ? f : `${snake(f)} (${f})`);
    expect(error).toContain('TypeError: ');
    expect(error).toContain(`: '${prop}' has a key that is not a field of ${name(fqn)} (received '${key}'). Allowed: `);
    expect(error.split('Allowed: ')[1].split('. Fix: ')[0].split(', ').sort()).toEqual(accepted.sort());
    expect(error).toMatch(/Fix: use each field once, by its Python \(snake_case\) or jsii \(camelCase\) name, or build it with \S+\.\w+\(\.\.\.\)$/);
  });
});

/** Every occurrence of the struct `fqn` in a scenario's props. */
function occurrences(value: any, fqn: string, out: any[] = []): any[] {
  if (Array.isArray(value)) {
    value.forEach(v => occurrences(v, fqn, out));
  } else if (value && typeof value === 'object') {
    if (value.$struct === fqn) {
      out.push(value);
    }
    Object.values(value).forEach(v => occurrences(v, fqn, out));
  }
  return out;
}

describe('one synthesis in Python', () => {
  /** The same app as count_serializations.py: `charts` charts, one counted agent each. */
  function countInTypeScript(charts: number): number[][] {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synthesis-')) });
    const counts: number[] = [];
    for (let c = 0; c < charts; c++) {
      const agent = new DaemonSet(new Chart(app, `chart-${c}`), 'Agent', { containers: [{ name: 'main', image: 'quay.io/example/agent:v1.0.0' }] });
      counts.push(0);
      ApiObject.of(agent).metadata.add('serializations', Lazy.any({ produce: () => String(++counts[c]) }));
    }
    app.synth();
    const afterSynth = [...counts];
    app.synthYaml();
    return [afterSynth, [...counts]];
  }

  test('serializes (and so checks) each DaemonSet once per synth, however many charts, as TypeScript does', () => {
    const typescript = countInTypeScript(3);
    expect(typescript).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(JSON.parse(python('count_serializations.py', '', ['3']))).toEqual(typescript);
  });
});
