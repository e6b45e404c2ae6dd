import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allowListProblems, cachedVenv, npmPack, NpmTarball, pythonDists, root, tarFiles, unzipMember, zipFiles } from './artifacts';

// What the registries receive, read back file by file: the npm tarball (`npm pack`, as `npm publish`
// and jsii-pacmak pack it), the wheel and the sdist (jsii-pacmak; `npm test` builds them first).
// Each must hold the library and nothing else: no virtual environment, example, test, script, cache
// or build output rides along.
jest.setTimeout(300_000);

const MB = 1024 * 1024;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
const version: string = pkg.version;

/** The npm package: the compiled library, its types, the jsii assembly and the API reference. */
const NPM_FILES = ['package.json', 'README.md', 'LICENSE', 'API.md', '.jsii', 'lib/**/*.js', 'lib/**/*.d.ts'];

/**
 * The wheel: the Python bindings (with python/_calls.py, scripts/package-python.ts), the npm
 * tarball they load, the fleet CLI, the metadata.
 */
const WHEEL_FILES = [
  'cdk8s_daemonsets/**/__init__.py',
  'cdk8s_daemonsets/_calls.py',
  'cdk8s_daemonsets/py.typed',
  `cdk8s_daemonsets/_jsii/cdk8s-daemonsets@${version}.jsii.tgz`,
  `cdk8s_daemonsets-${version}.data/scripts/cdk8s-daemonsets-fleet`,
  ...['LICENSE', 'METADATA', 'WHEEL', 'top_level.txt', 'RECORD'].map(f => `cdk8s_daemonsets-${version}.dist-info/${f}`),
];

/** The sdist: the same sources as the wheel, with the files that build it. */
const SDIST_FILES = [
  ...['PKG-INFO', 'setup.cfg', 'setup.py', 'pyproject.toml', 'MANIFEST.in', 'README.md', 'LICENSE'].map(f => `cdk8s_daemonsets-${version}/${f}`),
  `cdk8s_daemonsets-${version}/src/cdk8s_daemonsets/**/__init__.py`,
  `cdk8s_daemonsets-${version}/src/cdk8s_daemonsets/_calls.py`,
  `cdk8s_daemonsets-${version}/src/cdk8s_daemonsets/py.typed`,
  `cdk8s_daemonsets-${version}/src/cdk8s_daemonsets/_jsii/cdk8s-daemonsets@${version}.jsii.tgz`,
  `cdk8s_daemonsets-${version}/src/cdk8s_daemonsets/_jsii/bin/cdk8s-daemonsets-fleet`,
  `cdk8s_daemonsets-${version}/src/cdk8s_daemonsets.egg-info/*.txt`,
  `cdk8s_daemonsets-${version}/src/cdk8s_daemonsets.egg-info/PKG-INFO`,
];

/** Every TypeScript source of the library, as the paths of its compiled files (`src/a/b.ts` -> `lib/a/b`). */
function compiledSources(dir = path.join(root, 'src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return compiledSources(full);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) return [];
    return [path.relative(root, full).replace(/^src\//, 'lib/').replace(/\.ts$/, '')];
  }).sort();
}

/** A problem when `file` is larger than `budget` bytes. */
function sizeProblems(file: string, budget: number): string[] {
  const size = fs.statSync(file).size;
  return size <= budget ? [] : [`${path.basename(file)} is ${(size / MB).toFixed(1)} MB, over its ${budget / MB} MB budget`];
}

function expectNoProblems(problems: string[]): void {
  if (problems.length > 0) {
    throw new Error(`${problems.length} packaging problem(s):\n  ${problems.join('\n  ')}`);
  }
}

describe('the npm tarball', () => {
  let dir: string;
  let tarball: NpmTarball;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemonsets-pack-'));
    tarball = npmPack(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('holds the library only: lib/**/*.js, lib/**/*.d.ts, .jsii, API.md, README.md, LICENSE, package.json', () => {
    expectNoProblems(allowListProblems(path.basename(tarball.file), tarball.files, NPM_FILES));
  });

  test('holds the compiled code and types of every source, and nothing compiled from a source that is gone', () => {
    const expected = compiledSources().flatMap(p => [`${p}.js`, `${p}.d.ts`]).sort();
    const shipped = tarball.files.filter(f => f.startsWith('lib/'));
    const stale = shipped.filter(f => !expected.includes(f));
    const missing = expected.filter(f => !shipped.includes(f));
    expectNoProblems([
      ...stale.map(f => `${f} is shipped but no source in src/ compiles to it (left over in lib/? rm -rf lib && npx projen compile)`),
      ...missing.map(f => `${f} is not shipped although src/ has its source`),
    ]);
  });

  test('holds the files package.json points at: main, types and the fleet CLI', () => {
    const pointed = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
    expect(pointed).toEqual(['lib/index.js', 'lib/index.d.ts', 'lib/cli/fleet.js']);
    for (const file of pointed) {
      expect(tarball.files).toContain(file);
    }
  });

  test('is at most 2 MB', () => {
    expectNoProblems(sizeProblems(tarball.file, 2 * MB));
  });

  test('passes `npm publish --dry-run`, which the release runs for real', () => {
    const out = execFileSync('npm', ['publish', '--dry-run', '--json', '--loglevel=error', tarball.file], { cwd: dir, encoding: 'utf-8' });
    // npm 11 keys the report by package name; npm 10 prints it bare.
    const report = JSON.parse(out);
    const published = report['cdk8s-daemonsets'] ?? report;
    expect(published).toMatchObject({ id: `cdk8s-daemonsets@${version}`, name: 'cdk8s-daemonsets', version });
    expect(published.files.map((f: any) => f.path).sort()).toEqual(tarball.files);
  });
});

describe('the Python packages', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemonsets-wheel-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the wheel holds the bindings, the npm tarball, the fleet CLI and its metadata only', () => {
    const { wheel } = pythonDists();
    expect(path.basename(wheel)).toBe(`cdk8s_daemonsets-${version}-py3-none-any.whl`);
    expectNoProblems(allowListProblems(path.basename(wheel), zipFiles(wheel), WHEEL_FILES));
  });

  test('the npm tarball inside the wheel holds the same files as the one npm publishes', () => {
    const { wheel } = pythonDists();
    const embedded = unzipMember(wheel, `cdk8s_daemonsets/_jsii/cdk8s-daemonsets@${version}.jsii.tgz`, path.join(dir, 'embedded.tgz'));
    const files = tarFiles(embedded).map(f => f.replace(/^package\//, ''));
    expect(files).toEqual(npmPack(dir).files);
  });

  test('the sdist holds the same sources and the files that build them only', () => {
    const { sdist } = pythonDists();
    expectNoProblems(allowListProblems(path.basename(sdist), tarFiles(sdist), SDIST_FILES));
  });

  test('the wheel and the sdist are at most 3 MB each', () => {
    const { wheel, sdist } = pythonDists();
    expectNoProblems([...sizeProblems(wheel, 3 * MB), ...sizeProblems(sdist, 3 * MB)]);
  });

  test('pass `twine check --strict`, which the release runs before uploading', () => {
    const { wheel, sdist } = pythonDists();
    // twine and packaging as jsii-pacmak's own build environment pins them.
    const bin = cachedVenv('twine-7.0.0', ['twine==7.0.0', 'packaging>=26.3']);
    // twine lays its report out for the terminal's width (rich): wide, so a long path stays on its
    // line; where the path fills the line, rich drops the space before PASSED.
    const out = execFileSync(path.join(bin, 'twine'), ['--no-color', 'check', '--strict', wheel, sdist], {
      encoding: 'utf-8', env: { ...process.env, COLUMNS: '1000' },
    });
    expect(out).toMatch(new RegExp(`Checking .*${path.basename(wheel)}:\\s*PASSED`));
    expect(out).toMatch(new RegExp(`Checking .*${path.basename(sdist).replace(/\./g, '\\.')}:\\s*PASSED`));
  });
});

describe('the allow-list and size checks', () => {
  test('rejects a virtual environment next to the library, naming it with its file count', () => {
    const files = ['package.json', 'lib/index.js', '.venv/bin/python', '.venv/lib/site.py', '.venv/pyvenv.cfg', '.venv/x.py', 'tsconfig.tsbuildinfo'];
    expect(allowListProblems('pkg.tgz', files, ['package.json', 'lib/**/*.js'])).toEqual([
      'pkg.tgz ships .venv/ (4 files: .venv/bin/python, .venv/lib/site.py, .venv/pyvenv.cfg, ...), which it must not',
      'pkg.tgz ships tsconfig.tsbuildinfo, which it must not',
    ]);
  });

  test('rejects an archive without a file that a pattern requires', () => {
    expect(allowListProblems('pkg.tgz', ['package.json', 'lib/a/b.js'], ['package.json', 'lib/**/*.js', 'lib/**/*.d.ts', '.jsii'])).toEqual([
      'pkg.tgz has no file matching lib/**/*.d.ts',
      'pkg.tgz has no file matching .jsii',
    ]);
  });

  test('rejects a package over its size budget, naming its size', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'size-')), 'big.tgz');
    fs.writeFileSync(file, Buffer.alloc(MB + MB / 2));
    expect(sizeProblems(file, 1 * MB)).toEqual(['big.tgz is 1.5 MB, over its 1 MB budget']);
    expect(sizeProblems(file, 2 * MB)).toEqual([]);
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  test('matches ** with no directory or with many, and * within one directory only', () => {
    expect(allowListProblems('a', ['lib/index.js', 'lib/a/b/c.js'], ['lib/**/*.js'])).toEqual([]);
    expect(allowListProblems('a', ['lib/a.d.ts'], ['lib/*.js'])).toEqual(['a ships lib/ (1 file: lib/a.d.ts), which it must not', 'a has no file matching lib/*.js']);
    expect(allowListProblems('a', ['x/.jsii'], ['.jsii'])).toEqual(['a ships x/ (1 file: x/.jsii), which it must not', 'a has no file matching .jsii']);
  });
});
