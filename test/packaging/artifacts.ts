/**
 * The packages as they are published: the npm tarball (`npm pack`), the wheel and the sdist
 * (jsii-pacmak, in dist/python/), read back file by file; and the Python tools the checks use,
 * installed once per machine into a cache.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const root = path.resolve(__dirname, '..', '..');

/** The cache shared with scripts/install-validators.sh: ~/.cache/cdk8s-daemonsets. */
export function cacheDir(): string {
  const dir = process.env.CDK8S_DAEMONSETS_CACHE
    ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdk8s-daemonsets');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export interface NpmTarball {
  /** The .tgz file. */
  readonly file: string;
  /** The paths inside the tarball, without npm's `package/` prefix, sorted. */
  readonly files: string[];
}

/** Packs the library with `npm pack` into `dir`, as `npm publish` and jsii-pacmak pack it. */
export function npmPack(dir: string): NpmTarball {
  if (!fs.existsSync(path.join(root, 'lib', 'index.js'))) {
    throw new Error('lib/index.js is missing: compile the library first (npx projen compile)');
  }
  const out = execFileSync('npm', ['pack', '--json', '--loglevel=error', '--pack-destination', dir], { cwd: root, encoding: 'utf-8' });
  const [packed] = JSON.parse(out);
  return { file: path.join(dir, packed.filename), files: packed.files.map((f: any) => f.path).sort() };
}

/** The wheel and the sdist jsii-pacmak built into dist/python/ (`npx projen package:python`). */
export function pythonDists(): { wheel: string; sdist: string } {
  const dir = path.join(root, 'dist', 'python');
  const found = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const wheel = found.find(f => /^cdk8s_daemonsets-.*-py3-none-any\.whl$/.test(f));
  const sdist = found.find(f => /^cdk8s_daemonsets-.*\.tar\.gz$/.test(f));
  if (!wheel || !sdist) {
    throw new Error(`dist/python/ holds ${found.join(', ') || 'nothing'}; expected a wheel and an sdist: run \`npx projen package:python\``);
  }
  return { wheel: path.join(dir, wheel), sdist: path.join(dir, sdist) };
}

/** The file paths in a zip archive (a wheel), directories left out, sorted. */
export function zipFiles(file: string): string[] {
  const script = 'import sys, zipfile; print("\\n".join(n for n in zipfile.ZipFile(sys.argv[1]).namelist() if not n.endswith("/")))';
  return execFileSync('python3', ['-c', script, file], { encoding: 'utf-8' }).split('\n').filter(Boolean).sort();
}

/** Extracts one member of a zip archive to `dest`. */
export function unzipMember(file: string, member: string, dest: string): string {
  const script = 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))';
  execFileSync('python3', ['-c', script, file, member, dest]);
  return dest;
}

/** The file paths in a .tar.gz, directories left out, sorted. */
export function tarFiles(file: string): string[] {
  return execFileSync('tar', ['-tzf', file], { encoding: 'utf-8' }).split('\n').filter(f => f && !f.endsWith('/')).sort();
}

/**
 * `pattern` as a regular expression over paths: `*` is any run of characters but `/`, `**\/` any
 * number of directories (none included).
 */
export function globRegExp(pattern: string): RegExp {
  const source = pattern
    .split(/(\*\*\/|\*)/)
    .map(part => part === '**/' ? '(?:[^/]+/)*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * What is wrong with the files of an archive against its allow-list: files no pattern allows
 * (grouped by top-level directory, with a count and a few examples, so that a shipped virtual
 * environment reads as one line) and patterns no file matches. Empty when the archive is right.
 */
export function allowListProblems(archive: string, files: string[], patterns: string[]): string[] {
  const regexps = patterns.map(globRegExp);
  const offending = files.filter(f => !regexps.some(r => r.test(f)));
  const groups = new Map<string, string[]>();
  for (const file of offending) {
    const top = file.includes('/') ? `${file.split('/')[0]}/` : file;
    groups.set(top, [...groups.get(top) ?? [], file]);
  }
  const problems = [...groups].map(([top, group]) => group.length === 1 && group[0] === top
    ? `${archive} ships ${top}, which it must not`
    : `${archive} ships ${top} (${group.length} file${group.length === 1 ? '' : 's'}: ${group.slice(0, 3).join(', ')}${group.length > 3 ? ', ...' : ''}), which it must not`);
  for (const [i, pattern] of patterns.entries()) {
    if (!files.some(f => regexps[i].test(f))) {
      problems.push(`${archive} has no file matching ${pattern}`);
    }
  }
  return problems;
}

/**
 * A Python virtual environment under the cache with exactly `requirements` installed, created on
 * first use and again whenever the requirements change. Returns its bin/ directory.
 */
export function cachedVenv(name: string, requirements: string[]): string {
  const venv = path.join(cacheDir(), `venv-${name}`);
  const marker = path.join(venv, 'cdk8s-daemonsets-requirements.txt');
  const wanted = requirements.join('\n');
  if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf-8') !== wanted) {
    fs.rmSync(venv, { recursive: true, force: true });
    execFileSync('python3', ['-m', 'venv', venv]);
    execFileSync(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...requirements], { stdio: ['ignore', 'ignore', 'inherit'] });
    fs.writeFileSync(marker, wanted);
  }
  return path.join(venv, 'bin');
}
