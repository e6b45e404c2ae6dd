import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { DaemonSet } from '../src';

describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');

  test('shows the YAML that its minimal example synthesizes', () => {
    const app = new App();
    const chart = new Chart(app, 'agents');
    const agent = new DaemonSet(chart, 'Agent', { metadata: { name: 'agent' } });
    agent.addContainer({ name: 'agent', image: 'example.com/agent:1.4.2' });

    expect(readme).toContain("const agent = new DaemonSet(chart, 'Agent', { metadata: { name: 'agent' } });");
    expect(readme).toContain("agent.addContainer({ name: 'agent', image: 'example.com/agent:1.4.2' });");
    const shown = /produces \(`cdk8s synth`\):\n\n```yaml\n([\s\S]*?)```/.exec(readme);
    expect(shown).not.toBeNull();
    expect(parseAllDocuments(shown![1]).map(d => d.toJS())).toEqual(Testing.synth(chart));
  });

  test('names the two commands that do everything, which .ci/run runs', () => {
    const ci = fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf-8');
    for (const command of ['npm ci && npm run examples', 'npm test']) {
      expect(readme).toContain(`\`${command}\``);
      expect(ci).toMatch(new RegExp(`^${command.replace(/[.*+?^${}()|[\]\\&]/g, '\\$&')}$`, 'm'));
    }
  });
});
