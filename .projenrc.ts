import { cdk8s, javascript, ReleasableCommits } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-daemonsets',
  description:
    'Kubernetes DaemonSets for node agents (metrics exporters, log collectors, CNI plugins) that are correct and hardened by default, as cdk8s constructs.',
  keywords: ['cdk8s', 'kubernetes', 'k8s', 'daemonset', 'cdk8s-plus', 'node-exporter', 'security', 'constructs'],
  author: 'cdk8s-daemonsets contributors',
  authorAddress: 'cdk8s-daemonsets@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk8s-daemonsets/cdk8s-daemonsets.git',
  license: 'Apache-2.0',
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  projenVersion: '0.103.25',

  // Toolchain: jsii 5.9 compiles TypeScript 5.9 and runs on Node >= 20.16.
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.16.0',

  // cdk8s-plus-28 2.5.6 declares cdk8s ^2.68.11 and constructs ^10.3.0; 2.68.12 is the first published patch at or above that floor.
  cdk8sVersion: '2.68.12',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  devDeps: [
    'cdk8s-plus-28@2.5.6',
    'cdk8s-cli@^2.207.0',
    'kubernetes-models@^4.5.1',
    'yaml@^2.8.0',
    // Validates the Prometheus Operator objects in tests against their CRD's openAPIV3Schema.
    'ajv@^8.17.1',
    // The OpenAPI formats those schemas use (int32, int64, date-time...), which ajv leaves to plugins.
    'ajv-formats@^3.0.1',
    // Property-based pod specs (seeded, shrinking) for the differential test against kube-apiserver.
    'fast-check@^4.11.0',
  ],

  // The fleet view on any manifest files (a cdk8s app's dist/, helm template output).
  bin: { 'cdk8s-daemonsets-fleet': 'lib/cli/fleet.js' },

  publishToPypi: {
    distName: 'cdk8s-daemonsets',
    module: 'cdk8s_daemonsets',
  },

  // One development tsconfig covering sources, tests and the example apps. Tests and
  // examples import the library by its package name, as users do.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', '.projenrc.ts'],
    compilerOptions: {
      paths: { 'cdk8s-daemonsets': ['./src/index.ts'] },
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts', 'bench'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    // The test run reports lint problems instead of silently rewriting files.
    commandOptions: { fix: false },
  },
  jestOptions: {
    // Snapshots are never rewritten by the test run: a changed default must fail a test.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    // The coverage summary, not the table of every file (about a hundred lines of the test output);
    // coverage/ has the full report (lcov, cobertura...).
    coverageText: false,
    jestConfig: {
      moduleNameMapper: { '^cdk8s-daemonsets$': '<rootDir>/src/index.ts' },
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      coverageReporters: ['json', 'lcov', 'clover', 'cobertura', 'text-summary'],
    },
  },

  // Releases as cdk8s construct libraries make them: every push to main that brings a `feat:` or
  // `fix:` commit (conventional commits) bumps the version (commit-and-tag-version), writes the
  // changelog, tags, and publishes to npm and PyPI with publib (.github/workflows/release.yml, which
  // needs the secrets NPM_TOKEN, TWINE_USERNAME and TWINE_PASSWORD). The release workflow is the
  // only GitHub workflow: CI is `.ci/run`, so projen's build, pull-request-lint, upgrade and stale
  // workflows, mergify and the PR template stay off.
  github: true,
  release: true,
  releaseToNpm: true,
  releasableCommits: ReleasableCommits.featuresAndFixes(),
  // projen's default, commit-and-tag-version 13, needs Node >= 22; 12 runs on the Node 20.16 the
  // release workflow (and this project) uses.
  bumpPackage: 'commit-and-tag-version@^12',
  buildWorkflow: false,
  depsUpgradeOptions: { workflow: false },
  pullRequestTemplate: false,
  githubOptions: { mergify: false, pullRequestLint: false },
  stale: false,
  sampleCode: false,
  gitignore: ['/test-reports/', '/.venv/', '__pycache__/', '/.bin/', '/tmp/', '.jsii.tabl.json'],

  // What the npm package holds is an allow-list (`files` below), not an .npmignore: a deny-list
  // ships whatever lands next to it (it shipped the example's .venv), an allow-list ships only the
  // library. jsii-pacmak packs the same tarball into the wheel.
  npmignoreEnabled: false,
});

// The library: its compiled code and types (the bin, lib/cli/fleet.js, included), the jsii
// assembly, the API reference. npm always adds package.json, README.md and LICENSE.
// test/packaging/packages.test.ts asserts the exact contents of the tarball and the wheel.
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', '.jsii', 'API.md']);
// jsii-pacmak writes an .npmignore of its own unless told not to; `files` is the only list.
// (The Python package is built by scripts/package-python.ts, below, with the same flag.)
const packageJs = project.tasks.tryFind('package:js')!;
packageJs.reset();
packageJs.execArgs(['jsii-pacmak', '-v', '--no-npmignore', '--target', 'js']);

// The machines that build and test this library run Node 20; jsii's tools print a 12-line
// end-of-life banner for it on every run (jsii, jsii-rosetta, jsii-pacmak, jsii-docgen), which
// buried what a run says. Node 20 is silenced by name only, so a newer end-of-life release still
// shows it. The package's users are not affected: this is the build's environment.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// unrs-resolver (used by jest and the eslint import resolver) 1.13.0 lists platform bindings the
// npm registry we install from does not serve, which leaves package-lock.json out of sync for
// `npm ci`; 1.12.2 has every binding it lists.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// `npm test` = projen synth + compile (jsii) + API.md + jest + eslint. Compiling first means a jsii error fails
// the suite; in CI a committed API.md that differs from the generated one fails it too.
const docgen = project.tasks.tryFind('docgen')!;
// API.python.md: the API and the README in Python, transliterated by jsii-rosetta.
docgen.exec('jsii-docgen --language python --readme --output API.python.md');
// Every TypeScript snippet of the README and the docstrings must compile (jsii-rosetta), so the
// examples, and their Python transliterations, cannot rot.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every README and docstring snippet with jsii-rosetta',
  exec: 'jsii-rosetta extract --compile --fail .jsii',
});
// The Python wheel and sdist that the Python example and its test install: jsii-pacmak's code, with
// python/_calls.py added so that dicts work wherever a struct is declared, in lists too
// (scripts/package-python.ts says why), built and checked as jsii-pacmak builds them.
const packagePython = project.tasks.tryFind('package:python')!;
packagePython.reset('ts-node --project tsconfig.dev.json scripts/package-python.ts');
// Likewise the files projen generates from this file (package.json, .projen/, the release workflow...)
// must be the committed ones.
const generated = ['API.md', 'API.python.md', ...project.files.map(f => f.path).sort()];
project.testTask.prependExec(`bash scripts/check-generated.sh ${generated.join(' ')}`);
project.testTask.prependSpawn(packagePython);
project.testTask.prependSpawn(docgen);
project.testTask.prependSpawn(rosetta);
project.testTask.prependSpawn(project.compileTask);
project.testTask.prependSpawn(project.defaultTask!);
// The cluster tests (test/cluster/) run against a real control plane (etcd, kube-apiserver,
// controllers, KWOK) that their own jest config starts once for all of them (globalSetup) and stops
// by PID (globalTeardown). They are left out of the unit-test run, so running one unit-test file
// starts no cluster; `npm test` runs them right after the unit tests.
project.jest!.addIgnorePattern('<rootDir>/test/cluster/');
const testCluster = project.addTask('test:cluster', {
  description: 'Run the cluster tests against a real Kubernetes control plane (built once per machine by scripts/install-kube.sh)',
  exec: 'jest --config test/cluster/jest.config.json --ci',
  receiveArgs: true,
});
project.testTask.insertStep(project.testTask.steps.findIndex(s => s.execArgs?.[0] === 'jest') + 1, { spawn: testCluster.name });
// The differential test (test/cluster/differential/) rewrites the agreement table with
// kube-apiserver; in CI it must be the committed one.
project.testTask.insertStep(project.testTask.steps.findIndex(s => s.spawn === testCluster.name) + 1, {
  exec: 'bash scripts/check-generated.sh docs/validation-agreement.md',
});
// Then the third-party checkers (schema, kube-score, checkov; kube-linter where it installs) on every
// example and the gallery: fails on any finding not listed in scripts/known-findings.ts. The report
// it regenerates must be the committed one (in CI).
project.testTask.exec('ts-node --project tsconfig.dev.json scripts/validate-manifests.ts');
project.testTask.exec('bash scripts/check-generated.sh docs/validation-report.md');

// The example apps import the library by its own package name, as users' apps do. It is an
// internal import whether or not node_modules links it yet, so its import order is stable.
project.eslint!.config.settings['import/internal-regex'] = '^cdk8s-daemonsets$';
project.eslint?.addOverride({
  files: ['examples/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': 'off' },
});

// `npm run examples`: build the library, then synthesize every app under examples/ with the
// real `cdk8s synth` into dist/examples/<name>/.
const examples = project.addTask('examples', {
  description: 'Synthesize every example app under examples/ into dist/examples/<name>/',
});
examples.spawn(project.compileTask);
examples.spawn(packagePython);
examples.exec('ts-node --project tsconfig.dev.json scripts/synth-examples.ts');

// `npm run validate`: score every example and the gallery with kubernetes-validate, kubeconform,
// kube-score, checkov (and kube-linter where it installs), and write docs/validation-report.md.
const validate = project.addTask('validate', {
  description: 'Score the synthesized manifests with third-party checkers and write docs/validation-report.md',
});
validate.spawn(project.compileTask);
validate.spawn(packagePython);
validate.exec('ts-node --project tsconfig.dev.json scripts/validate-manifests.ts');

// `npm run bench`: synthesis cost against cdk8s-plus-28 and raw KubeDaemonSet (reports, never fails).
const bench = project.addTask('bench', {
  description: 'Benchmark synthesis against cdk8s-plus-28 and raw KubeDaemonSet objects',
});
bench.spawn(project.compileTask);
bench.exec('ts-node --project tsconfig.dev.json bench/run.ts', { receiveArgs: true });

// `npm run bench:rules`: the CPU cost of the validation rules per DaemonSet and their share of synth.
const benchRules = project.addTask('bench:rules', {
  description: 'Benchmark the validation rules: CPU time per DaemonSet and their share of synthesis',
});
benchRules.spawn(project.compileTask);
benchRules.exec('ts-node --project tsconfig.dev.json bench/rules.ts', { receiveArgs: true });

const benchPython = project.addTask('bench:python', {
  description: 'Time cdk8s synth of the Python example next to the TypeScript one',
});
benchPython.spawn(project.compileTask);
benchPython.spawn(packagePython);
benchPython.exec('ts-node --project tsconfig.dev.json bench/python-vs-typescript.ts', { receiveArgs: true });

// `npm run bench:fleet`: full rollouts per update strategy on 1 000 simulated nodes with the real
// control plane of the cluster tests (minutes; reports, never fails).
const benchFleet = project.addTask('bench:fleet', {
  description: 'Roll DaemonSets out on 1 000 simulated nodes (KWOK) with the real controller and scheduler, per update strategy',
});
benchFleet.exec('ts-node --project tsconfig.dev.json bench/fleet.ts', { receiveArgs: true });

project.synth();
