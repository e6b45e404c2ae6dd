/**
 * Synthesizes every example app under examples/ into dist/examples/<name>/ with the real
 * `cdk8s synth` (cdk8s-cli), as a user would run it in the app's folder.
 *
 * The examples import the library by its package name; the package is linked under its own
 * name in node_modules so that they resolve the freshly compiled lib/ exactly as an installed
 * package would.
 */
import { execFileSync } from 'child_process';
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

/** Runs `cdk8s synth` for one example into `outDir`; returns the YAML files written. */
export function synthExample(name: string, outDir: string): string[] {
  fs.rmSync(outDir, { recursive: true, force: true });
  const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');
  execFileSync(cli, ['synth', '--no-check-upgrade', '--output', outDir], {
    cwd: path.join(examplesDir, name),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const files = fs.readdirSync(outDir).filter(f => f.endsWith('.yaml'));
  if (files.length === 0) {
    throw new Error(`example ${name}: cdk8s synth wrote no YAML into ${outDir}`);
  }
  return files;
}

if (require.main === module) {
  linkSelf();
  for (const name of exampleApps()) {
    const outDir = path.join(outRoot, name);
    const files = synthExample(name, outDir);
    console.log(`examples/${name} -> ${path.relative(root, outDir)}/ (${files.join(', ')})`);
  }
}
