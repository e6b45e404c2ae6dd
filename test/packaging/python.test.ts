import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { linkSelf, pythonVenv, pythonWheel, synthExample } from '../../scripts/synth-examples';

// The Python side as a Python cdk8s user meets it: a clean virtual environment, the wheel built
// by jsii-pacmak (`npm test` builds it first), its dependencies from PyPI, and `cdk8s synth`.
jest.setTimeout(300_000);

describe('the Python package', () => {
  const venv = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemonsets-venv-'));
  linkSelf();

  afterAll(() => fs.rmSync(venv, { recursive: true, force: true }));

  test('is a wheel named for PyPI', () => {
    expect(path.basename(pythonWheel())).toMatch(/^cdk8s_daemonsets-\d+\.\d+\.\d+-py3-none-any\.whl$/);
  });

  test('installs into a clean virtual environment with its dependencies from PyPI', () => {
    pythonVenv(venv);
    const site = fs.readdirSync(path.join(venv, 'lib')).map(v => path.join(venv, 'lib', v, 'site-packages'))[0];
    const installed = fs.readdirSync(site);
    for (const dist of ['cdk8s_daemonsets', 'cdk8s', 'cdk8s_plus_28', 'constructs', 'jsii']) {
      expect(installed).toContain(dist);
    }
  });

  test.each([
    ['python', 'quickstart'],
    ['python-agents', 'agents'],
  ])('synthesizes examples/%s byte for byte like examples/%s', (python, typescript) => {
    const pythonOut = fs.mkdtempSync(path.join(os.tmpdir(), `example-${python}-`));
    const typescriptOut = fs.mkdtempSync(path.join(os.tmpdir(), `example-${typescript}-`));
    const pythonFiles = synthExample(python, pythonOut, venv);
    const typescriptFiles = synthExample(typescript, typescriptOut);
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
    const venv = path.join(__dirname, '..', '..', '.venv');
    pythonVenv(venv);
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
    const snippet = /```python\n([\s\S]*?)```/.exec(readme)![1];
    const shown = /produces \(`cdk8s synth`\):\n\n```yaml\n([\s\S]*?)```/.exec(readme)![1];
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-python-'));
    fs.writeFileSync(path.join(cwd, 'main.py'), snippet);
    execFileSync(path.join(venv, 'bin', 'python'), ['main.py'], { cwd, env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] } });
    expect(fs.readFileSync(path.join(cwd, 'dist', 'agents.k8s.yaml'), 'utf-8')).toBe(shown);
  });
});
