import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { root } from './artifacts';

// The release as .github/workflows/release.yml runs it, up to the publishing: projen's `bump` task
// (the one `npx projen release` starts with) on a repository whose history is conventional commits,
// with this project's own .projen/tasks.json and toolchain. Publishing itself is checked by
// packages.test.ts with the publishers' dry runs (npm publish --dry-run, twine check).
jest.setTimeout(120_000);

const workflow = parse(fs.readFileSync(path.join(root, '.github', 'workflows', 'release.yml'), 'utf-8'));
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');

describe('the release workflow', () => {
  test('is the only GitHub workflow: CI is .ci/run', () => {
    expect(fs.readdirSync(path.join(root, '.github', 'workflows'))).toEqual(['release.yml']);
  });

  test('releases every push to main with `npx projen release`, on the Node version the project supports', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    const steps = workflow.jobs.release.steps;
    expect(steps).toContainEqual(expect.objectContaining({ run: 'npx projen release' }));
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
    expect(steps.find((s: any) => s.uses?.startsWith('actions/setup-node')).with['node-version']).toBe(pkg.engines.node.replace(/^>=\s*/, ''));
  });

  test('publishes to npm and PyPI with publib, with the secrets the README names', () => {
    const publish = (job: string) => workflow.jobs[job].steps.find((s: any) => s.id === 'release');
    expect(publish('release_npm').run).toMatch(/publib-npm'?$/);
    expect(publish('release_pypi').run).toMatch(/publib-pypi'?$/);
    const secrets = [...JSON.stringify(workflow).matchAll(/secrets\.([A-Z_]+)/g)].map(m => m[1]).filter(s => s !== 'GITHUB_TOKEN');
    expect([...new Set(secrets)].sort()).toEqual(['NPM_TOKEN', 'TWINE_PASSWORD', 'TWINE_USERNAME']);
    const releases = readme.slice(readme.indexOf('\n## Releases\n'));
    for (const secret of secrets) {
      expect(releases).toContain(`\`${secret}\``);
    }
  });
});

describe('the release bump', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf-8' });
  const commit = (message: string) => {
    fs.appendFileSync(path.join(repo, 'notes.txt'), `${message}\n`);
    git('add', 'notes.txt');
    git('commit', '--quiet', '-m', message);
  };
  /** Runs `npx projen bump`; returns the version and tag it decided and the changelog it wrote. */
  const bump = () => {
    fs.rmSync(path.join(repo, 'dist'), { recursive: true, force: true });
    execFileSync('npx', ['projen', 'bump'], { cwd: repo, stdio: 'pipe' });
    const read = (f: string) => fs.readFileSync(path.join(repo, 'dist', f), 'utf-8');
    return { version: read('version.txt'), tag: read('releasetag.txt'), changelog: read('changelog.md') };
  };

  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemonsets-release-'));
    // The project's release tasks and its package.json, its installed toolchain (projen,
    // commit-and-tag-version), and nothing else.
    fs.mkdirSync(path.join(repo, '.projen'));
    fs.copyFileSync(path.join(root, '.projen', 'tasks.json'), path.join(repo, '.projen', 'tasks.json'));
    fs.copyFileSync(path.join(root, 'package.json'), path.join(repo, 'package.json'));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(repo, '.gitignore'), '/node_modules\n/dist/\n');
    git('init', '--quiet', '--initial-branch=main');
    git('config', 'user.name', 'release test');
    git('config', 'user.email', 'release-test@example.com');
    git('add', '.');
    git('commit', '--quiet', '-m', 'chore: the project');
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('releases 0.0.0 first, then a patch for fixes and features and a minor version for a breaking change (0.x), with a changelog of them', () => {
    expect(bump()).toMatchObject({ version: '0.0.0', tag: 'v0.0.0' });
    git('tag', 'v0.0.0');

    commit('docs: how to install from a build');
    commit('fix(plugin): name the setting');
    const fix = bump();
    expect(fix).toMatchObject({ version: '0.0.1', tag: 'v0.0.1' });
    expect(fix.changelog).toMatch(/### Bug Fixes\n\n\* \*\*plugin:\*\* name the setting/);
    expect(fix.changelog).not.toContain('how to install');
    git('tag', 'v0.0.1');

    commit('feat: a device plugin DaemonSet');
    commit('feat!: the validation plugin fails on warnings too');
    const breaking = bump();
    expect(breaking).toMatchObject({ version: '0.1.0', tag: 'v0.1.0' });
    expect(breaking.changelog).toMatch(/### ⚠ BREAKING CHANGES\n\n\* the validation plugin fails on warnings too/);
    expect(breaking.changelog).toMatch(/### Features\n\n(\* .*\n)*\* a device plugin DaemonSet/);
    git('tag', 'v0.1.0');
  });

  test('releases nothing for a push without a feature or a fix', () => {
    commit('chore: tidy the notes');
    commit('docs: the notes');
    expect(bump()).toMatchObject({ version: '0.1.0', tag: 'v0.1.0' });
  });

  test('unbump puts 0.0.0 back into package.json and leaves no file behind in the tree', () => {
    execFileSync('npx', ['projen', 'unbump'], { cwd: repo, stdio: 'pipe' });
    expect(JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf-8')).version).toBe('0.0.0');
    expect(git('status', '--porcelain')).toBe('');
  });
});
