/**
 * `npx projen package:python`: the Python wheel and sdist in dist/python/.
 *
 * jsii-pacmak generates the package's code (`--code-only`); the package then gets what jsii's
 * generated Python lacks, from python/: `_calls.py`, which lets every constructor and method take
 * dicts (snake_case or camelCase keys) wherever it declares a struct, in lists and maps too, and
 * refuses unknown keys (jsii converts a dict only where the struct itself is declared; in a list its
 * snake_case keys were dropped), and type-checks only the arguments given. The generated
 * `__init__.py` ends by applying it. Then the
 * distributions are built and checked as jsii-pacmak builds them: `python -m build` in a fresh
 * virtual environment with jsii-pacmak's own build requirements, then `twine check`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const work = path.join(root, 'dist', 'python-src');
const out = path.join(root, 'dist', 'python');
const pythonModule = 'cdk8s_daemonsets';

/** What the generated `__init__.py` ends with: every class of the package takes dicts for structs. */
const APPLY = `
from ._calls import accept_calls as _accept_calls

_accept_calls(globals())
`;

/** Runs a step quietly; a step that fails prints what it said, and the build fails. */
function run(command: string, args: string[], cwd = root): void {
  try {
    execFileSync(command, args, { cwd, stdio: 'pipe', encoding: 'utf-8', maxBuffer: 64 * 2 ** 20 });
  } catch (e) {
    const failed = e as { stdout?: string; stderr?: string };
    process.stderr.write(`${failed.stdout ?? ''}${failed.stderr ?? ''}`);
    throw new Error(`package:python: ${[command, ...args].join(' ')} failed`);
  }
}

function main(): void {
  fs.rmSync(work, { recursive: true, force: true });
  run(path.join(root, 'node_modules', '.bin', 'jsii-pacmak'), ['--code-only', '--no-npmignore', '--target', 'python', '--outdir', work]);
  const source = path.join(work, 'python');
  const pkg = path.join(source, 'src', pythonModule);
  fs.copyFileSync(path.join(root, 'python', '_calls.py'), path.join(pkg, '_calls.py'));
  fs.appendFileSync(path.join(pkg, '__init__.py'), APPLY);

  const venv = path.join(work, 'build-env');
  run('python3', ['-m', 'venv', '--system-site-packages', venv]);
  const python = path.join(venv, 'bin', 'python');
  const requirements = path.join(path.dirname(require.resolve('jsii-pacmak/package.json')), 'lib', 'targets', 'python', 'requirements-dev.txt');
  run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '-r', requirements]);
  fs.rmSync(out, { recursive: true, force: true });
  run(python, ['-m', 'build', '--outdir', out, source], source);
  const built = fs.readdirSync(out).map(f => path.join(out, f));
  run(python, ['-m', 'twine', 'check', ...built]);
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`package:python: ${built.map(f => path.relative(root, f)).join(', ')} (twine check passed)`);
}

if (require.main === module) {
  main();
}
