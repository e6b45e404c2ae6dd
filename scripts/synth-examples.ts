/**
 * Synthesizes every example app under examples/ into dist/examples/<name>/ with the real
 * `cdk8s synth` (cdk8s-cli), as a user would run it in the app's folder.
 *
 * The examples import the library by its package name; the package is linked under its own
 * name in node_modules so that they resolve the freshly compiled lib/ exactly as an installed
 * package would.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const examplesDir = path.join(root, 'examples');
const outRoot = path.join(root, 'dist', 'examples');

export function linkSelf(): void {
  const link = path.join(root, 'node_modules', 'cdk8s-daemonsets');
  if (!fs.existsSync(link)) {
    fs.symlinkSync(path.relative(path.dirname(link), root), link, 'dir');
  }
}

export function exampleApps(): string[] {
  return fs.readdirSync(examplesDir)
    .filter(name => fs.existsSync(path.join(examplesDir, name, 'cdk8s.yaml')))
    .sort();
}

/** The wheel jsii-pacmak built into dist/python/ (`npx projen package:python`). */
export function pythonWheel(): string {
  const dir = path.join(root, 'dist', 'python');
  const wheel = fs.existsSync(dir) ? fs.readdirSync(dir).find(f => /^cdk8s_daemonsets-.*\.whl$/.test(f)) : undefined;
  if (!wheel) {
    throw new Error('no wheel in dist/python/: run `npx projen package:python` first');
  }
  return path.join(dir, wheel);
}

/**
 * A Python virtual environment at `dir` with the library's wheel installed, its dependencies
 * (cdk8s, cdk8s-plus-28, constructs, jsii) from PyPI, as a Python user installs it. The wheel is
 * reinstalled every time, so the environment always holds the one just built.
 */
export function pythonVenv(dir: string): string {
  const python = path.join(dir, 'bin', 'python');
  if (!fs.existsSync(python)) {
    execFileSync('python3', ['-m', 'venv', dir], { stdio: 'inherit' });
  }
  const pip = [python, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check'];
  const wheel = pythonWheel();
  execFileSync(pip[0], [...pip.slice(1), '--force-reinstall', '--no-deps', wheel], { stdio: 'inherit' });
  execFileSync(pip[0], [...pip.slice(1), wheel], { stdio: 'inherit' });
  return dir;
}

function languageOf(name: string): string {
  const config = fs.readFileSync(path.join(examplesDir, name, 'cdk8s.yaml'), 'utf-8');
  return /^language:\s*(\S+)/m.exec(config)?.[1] ?? 'typescript';
}

/**
 * Runs `cdk8s synth` for one example into `outDir`; returns the YAML files written. Python
 * examples run with the virtual environment `venv` first on the PATH (default: `.venv`, created
 * with the wheel from dist/python/).
 */
export function synthExample(name: string, outDir: string, venv?: string): string[] {
  fs.rmSync(outDir, { recursive: true, force: true });
  const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');
  const env: NodeJS.ProcessEnv = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] };
  if (languageOf(name) === 'python') {
    const bin = path.join(venv ?? pythonVenv(path.join(root, '.venv')), 'bin');
    env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
    env.VIRTUAL_ENV = path.dirname(bin);
  }
  // cdk8s synth runs the validations of the example's cdk8s.yaml (the library's
  // DaemonSetBestPractices plugin) and exits non-zero on a violation; their report proves they ran.
  const reports = `${outDir}.validation.json`;
  fs.rmSync(reports, { force: true });
  // Its progress output is kept, and shown only when it fails.
  const synth = spawnSync(cli, ['synth', '--no-check-upgrade', '--output', outDir, '--validation-reports-output-file', reports], {
    cwd: path.join(examplesDir, name),
    env,
    encoding: 'utf-8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (synth.error || synth.status !== 0) {
    const output = `${synth.stdout ?? ''}${synth.stderr ?? ''}`.trim();
    throw new Error(`example ${name}: cdk8s synth failed (${synth.error?.message ?? `exit ${synth.status ?? synth.signal}`}):\n${output}`);
  }
  const files = fs.readdirSync(outDir).filter(f => f.endsWith('.yaml'));
  if (files.length === 0) {
    throw new Error(`example ${name}: cdk8s synth wrote no YAML into ${outDir}`);
  }
  const ran = fs.existsSync(reports) ? JSON.parse(fs.readFileSync(reports, 'utf-8')).reports ?? [] : [];
  if (!ran.some((r: any) => r.summary?.status === 'success' && r.summary?.plugin?.endsWith('lib/index.js'))) {
    throw new Error(`example ${name}: cdk8s synth did not run the DaemonSetBestPractices validation (report: ${reports})`);
  }
  return files;
}

if (require.main === module) {
  linkSelf();
  for (const name of exampleApps()) {
    const outDir = path.join(outRoot, name);
    const files = synthExample(name, outDir);
    console.log(`examples/${name} -> ${path.relative(root, outDir)}/ (${files.join(', ')}); DaemonSetBestPractices passed`);
  }
}
