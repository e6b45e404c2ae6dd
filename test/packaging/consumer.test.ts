import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cacheDir, npmPack, pythonDists, root } from './artifacts';

// The packages as a user meets them before they are published: a fresh cdk8s app outside the
// repository, in TypeScript and in Python, installs the npm tarball (and the wheel) with exactly the
// commands of the README's Install section, names the validation plugin in cdk8s.yaml exactly as the
// README does, and runs the real `cdk8s synth` on the README's minimal example.
jest.setTimeout(600_000);

const version: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')).version;
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
const cdk8s = path.join(root, 'node_modules', '.bin', 'cdk8s');

/** The README's text under the heading `heading`, up to the next heading of its level or above. */
function section(heading: string): string {
  const lines = readme.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`README.md has no heading '${heading}'`);
  const level = heading.indexOf(' ');
  let fenced = false;
  let end = start + 1;
  for (; end < lines.length; end++) {
    if (lines[end].startsWith('```')) fenced = !fenced;
    const match = /^(#+) /.exec(lines[end]);
    if (!fenced && match && match[1].length <= level) break;
  }
  return lines.slice(start + 1, end).join('\n');
}

/** The fenced `language` blocks of `text`, their contents. */
function blocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map(m => m[1]);
}

/** The one block among `candidates` that contains `marker`; fails unless there is exactly one. */
function onlyBlock(candidates: string[], marker: string): string {
  const found = candidates.filter(b => b.includes(marker));
  if (found.length !== 1) throw new Error(`expected one README block with '${marker}', found ${found.length}`);
  // The README shows the version in package.json; a release build packs a bumped one.
  return found[0].split('0.0.0').join(version);
}

const install = section('### From a build of this repository');
const typescriptInstall = onlyBlock(blocks(install, 'sh'), '# TypeScript app');
const pythonInstall = onlyBlock(blocks(install, 'sh'), '# Python app');
const localPlugin = onlyBlock(blocks(install, 'yaml'), 'validations:');
const minimal = section('## A minimal example');
const typescriptExample = blocks(minimal, 'ts')[0];
const pythonExample = blocks(minimal, 'python')[0];
const shownYaml = /produces \(`cdk8s synth`\):\n\n```yaml\n([\s\S]*?)```/.exec(minimal)![1];

/** The versions the repository builds and tests with, for the TypeScript app's package.json. */
function repoVersion(name: string): string {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf-8')).version;
}

/** npm and pip as quiet as they go, npm from its cache first, and jsii without its Node 20 banner. */
const quietEnv: NodeJS.ProcessEnv = {
  ...process.env,
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_loglevel: 'error',
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
  PIP_QUIET: '1',
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0],
};

/** Runs `command` with bash in `cwd`; on failure, the error carries everything it printed. */
function run(command: string, cwd: string, env: NodeJS.ProcessEnv): string {
  try {
    return execFileSync('bash', ['-euo', 'pipefail', '-c', command], { cwd, env, encoding: 'utf-8', stdio: 'pipe' });
  } catch (e: any) {
    throw new Error(`\`${command}\` in ${cwd} failed (exit code ${e.status}):\n${e.stdout}${e.stderr}`);
  }
}

/** Runs each command line of a README block (comments left out), as a user types them. */
function runReadmeBlock(block: string, cwd: string, env: NodeJS.ProcessEnv): void {
  for (const line of block.split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('#'))) {
    run(line, cwd, env);
  }
}

/** The major.minor version of the virtual environment's Python, as in lib/pythonX.Y. */
function pythonVersion(venv: string): string {
  return fs.readdirSync(path.join(venv, 'lib')).find(d => d.startsWith('python'))!.replace(/^python/, '');
}

interface Synth {
  readonly status: number;
  readonly output: string;
  readonly reports: any[];
}

/** `cdk8s synth` in the app's folder, with its validation report written as JSON. */
function synth(cwd: string, env: NodeJS.ProcessEnv, app?: string): Synth {
  const reportFile = path.join(cwd, 'validation-report.json');
  fs.rmSync(reportFile, { force: true });
  // A plugin cdk8s-cli would install from npm lands in the scratch directory, not in ~/.cdk8s.
  const pluginsDir = path.join(path.dirname(cwd), 'cdk8s-plugins');
  const args = ['synth', '--no-check-upgrade', '--plugins-dir', pluginsDir, '--validation-reports-output-file', reportFile, ...app ? ['--app', app] : []];
  let status = 0;
  let output: string;
  try {
    output = execFileSync(cdk8s, args, { cwd, env, encoding: 'utf-8', stdio: 'pipe' });
  } catch (e: any) {
    status = e.status;
    output = `${e.stdout}${e.stderr}`;
  }
  const reports = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf-8')).reports : [];
  return { status, output, reports };
}

/** The one report of the plugin installed in `app`, or a failure showing what synth printed. */
function pluginReport(result: Synth, app: string): any {
  const plugin = path.join(app, 'node_modules', 'cdk8s-daemonsets');
  const reports = result.reports.filter(r => r.summary?.plugin === plugin);
  if (reports.length !== 1) {
    throw new Error(`expected one validation report of ${plugin}, got ${JSON.stringify(result.reports.map(r => r.summary))}; cdk8s synth printed:\n${result.output}`);
  }
  return reports[0];
}

function expectPassed(result: Synth, app: string): void {
  if (result.status !== 0) throw new Error(`cdk8s synth failed (exit code ${result.status}):\n${result.output}`);
  const report = pluginReport(result, app);
  expect(report.summary).toEqual({ status: 'success', plugin: path.join(app, 'node_modules', 'cdk8s-daemonsets'), version, metadata: { daemonSets: '1' } });
  expect(report.violations).toEqual([]);
  expect(fs.readFileSync(path.join(app, 'dist', 'agents.k8s.yaml'), 'utf-8')).toBe(shownYaml);
}

function expectFailedOnHostNetwork(result: Synth, app: string): void {
  expect(result.status).toBe(2);
  const report = pluginReport(result, app);
  expect(report.summary.status).toBe('failure');
  const rule = 'DaemonSet/agent (plain.k8s.yaml): \'hostNetwork\' relaxes a best practice without a reason (received true).';
  expect(report.violations.map((v: any) => v.ruleName)).toContain(rule);
  expect(result.output).toContain(rule);
}

/** A cdk8s app's cdk8s.yaml: its language and command, and the README's validations block. */
function writeCdk8sYaml(dir: string, language: string, app: string): void {
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `language: ${language}\napp: ${app}\n${localPlugin}`);
}

/**
 * The environment in which `pip` installs the wheel's dependencies without the network, from a
 * directory of wheels under the cache that `python`'s pip fills from PyPI on first use and whenever
 * the wheel needs what it does not hold. cdk8s, cdk8s-plus-28 and constructs are pinned to the
 * versions the repository builds with.
 */
function wheelhouse(python: string, wheel: string, scratch: string): NodeJS.ProcessEnv {
  const dir = path.join(cacheDir(), 'wheelhouse');
  const constraints = path.join(scratch, 'constraints.txt');
  fs.writeFileSync(constraints, ['cdk8s', 'cdk8s-plus-28', 'constructs'].map(n => `${n}==${repoVersion(n)}\n`).join(''));
  const env = { ...quietEnv, PIP_CONSTRAINT: constraints };
  const offline = { ...env, PIP_NO_INDEX: '1', PIP_FIND_LINKS: dir };
  try {
    run(`${python} -m pip download --dest ${scratch}/resolved ${wheel}`, scratch, offline);
  } catch {
    run(`${python} -m pip download --dest ${dir} ${wheel} && rm -f ${dir}/cdk8s_daemonsets-*.whl`, scratch, env);
  }
  return offline;
}

const VIOLATING_TYPESCRIPT = `import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

const app = new App();
const chart = new Chart(app, 'plain');
const ds = new kplus.DaemonSet(chart, 'Agent', { metadata: { name: 'agent' }, hostNetwork: true });
ds.addContainer({ image: 'example.com/agent:1.4.2', portNumber: 8080 });
app.synth();
`;

const VIOLATING_PYTHON = `from cdk8s import App, Chart
import cdk8s_plus_28 as kplus

app = App()
chart = Chart(app, "plain")
ds = kplus.DaemonSet(chart, "Agent", metadata={"name": "agent"}, host_network=True)
ds.add_container(image="example.com/agent:1.4.2", port_number=8080)
app.synth()
`;

describe('the README install section', () => {
  test('shows the registry form and the local form next to each other, the plugin by package name and by path', () => {
    const registry = section('## Install');
    expect(blocks(registry, 'sh')[0]).toContain('npm install cdk8s-daemonsets cdk8s cdk8s-plus-28 constructs');
    expect(blocks(registry, 'sh')[0]).toContain('pip install cdk8s-daemonsets');
    expect(blocks(registry, 'yaml')[0]).toMatch(/^ {2}- package: cdk8s-daemonsets$/m);
    expect(localPlugin).toMatch(/^ {2}- package: \.\/node_modules\/cdk8s-daemonsets$/m);
    expect(typescriptInstall).toMatch(/^npm install \.\/cdk8s-daemonsets-[\d.]+\.tgz$/m);
    expect(pythonInstall).toMatch(/^pip install \.\/cdk8s_daemonsets-[\d.]+-py3-none-any\.whl$/m);
    expect(pythonInstall).toMatch(/^npm install \.\/cdk8s-daemonsets-[\d.]+\.tgz$/m);
  });
});

describe('a fresh cdk8s app outside the repository', () => {
  let work: string;
  let tarball: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemonsets-consumer-'));
    tarball = npmPack(work).file;
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  describe('in TypeScript', () => {
    let app: string;

    beforeAll(() => {
      app = path.join(work, 'typescript-app');
      fs.mkdirSync(app);
      // What `cdk8s init typescript-app` makes, minus its tests, with the versions this repository uses.
      const dependencies = Object.fromEntries(['cdk8s', 'cdk8s-plus-28', 'constructs'].map(n => [n, repoVersion(n)]));
      const devDependencies = Object.fromEntries(['ts-node', 'typescript', '@types/node'].map(n => [n, repoVersion(n)]));
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'typescript-app', version: '1.0.0', private: true, dependencies, devDependencies }, undefined, 2));
      fs.copyFileSync(path.join(root, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app', 'tsconfig.json'), path.join(app, 'tsconfig.json'));
      fs.writeFileSync(path.join(app, 'main.ts'), typescriptExample);
      fs.writeFileSync(path.join(app, 'violating.ts'), VIOLATING_TYPESCRIPT);
      writeCdk8sYaml(app, 'typescript', 'npx ts-node main.ts');
      fs.copyFileSync(tarball, path.join(app, path.basename(tarball)));
      runReadmeBlock(typescriptInstall, app, quietEnv);
    });

    test('installs the tarball with the README\'s command, as a package of its own (not a link to the repository)', () => {
      const installed = path.join(app, 'node_modules', 'cdk8s-daemonsets');
      expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
      expect(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf-8')).version).toBe(version);
      expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
    });

    test('synthesizes the README\'s minimal example into the YAML the README shows, the plugin passing it', () => {
      expectPassed(synth(app, quietEnv), app);
    });

    test('fails `cdk8s synth` with exit code 2 through the plugin when a DaemonSet breaks a rule', () => {
      expectFailedOnHostNetwork(synth(app, quietEnv, 'npx ts-node violating.ts'), app);
    });
  });

  describe('in Python', () => {
    let app: string;
    let venv: string;
    let env: NodeJS.ProcessEnv;

    beforeAll(() => {
      app = path.join(work, 'python-app');
      venv = path.join(app, '.venv');
      fs.mkdirSync(app);
      const { wheel } = pythonDists();
      run(`python3 -m venv ${venv}`, app, quietEnv);
      const offline = wheelhouse(path.join(venv, 'bin', 'python'), wheel, work);
      env = { ...offline, PATH: `${path.join(venv, 'bin')}${path.delimiter}${process.env.PATH}`, VIRTUAL_ENV: venv };
      fs.writeFileSync(path.join(app, 'main.py'), pythonExample);
      fs.writeFileSync(path.join(app, 'violating.py'), VIOLATING_PYTHON);
      writeCdk8sYaml(app, 'python', 'python main.py');
      fs.copyFileSync(wheel, path.join(app, path.basename(wheel)));
      fs.copyFileSync(tarball, path.join(app, path.basename(tarball)));
      runReadmeBlock(pythonInstall, app, env);
    });

    test('installs the wheel and the tarball with the README\'s commands', () => {
      const installed = run('python -c "import importlib.metadata, cdk8s_daemonsets; print(importlib.metadata.version(\'cdk8s-daemonsets\'), cdk8s_daemonsets.__file__)"', app, env);
      expect(installed.trim()).toBe(`${version} ${path.join(venv, 'lib', `python${pythonVersion(venv)}`, 'site-packages', 'cdk8s_daemonsets', '__init__.py')}`);
      expect(fs.lstatSync(path.join(app, 'node_modules', 'cdk8s-daemonsets')).isSymbolicLink()).toBe(false);
    });

    test('synthesizes the README\'s minimal example into the YAML the README shows, the plugin passing it', () => {
      expectPassed(synth(app, env), app);
    });

    test('fails `cdk8s synth` with exit code 2 through the plugin when a DaemonSet breaks a rule', () => {
      expectFailedOnHostNetwork(synth(app, env, 'python violating.py'), app);
    });
  });
});
