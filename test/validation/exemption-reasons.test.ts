import { App } from 'cdk8s';
import { gallery } from '../../scripts/gallery';
import { DaemonSet, RelaxationKind } from '../../src';
import { unreasonedExemptions } from '../../src/validation/exemption-reasons';

/** Every gallery configuration, synthesized with all validations, with the DaemonSets of ours in it. */
const configurations = gallery().map(entry => {
  const app = new App();
  entry.build(app);
  const objects = app.charts.flatMap(chart => chart.toJson());
  const daemonSets = app.node.findAll().filter((c): c is DaemonSet => c instanceof DaemonSet);
  return { id: entry.id, objects, daemonSets };
});

describe('every exemption the library writes carries its reason', () => {
  test.each(configurations.map(c => [c.id, c] as const))('%s', (_, configuration) => {
    expect(configuration.objects.flatMap(unreasonedExemptions)).toEqual([]);
  });

  test('the gallery relaxes every kind of best practice, so every kind of exemption is checked above', () => {
    const kinds = new Set(configurations.flatMap(c => c.daemonSets.flatMap(ds => ds.relaxations.map(r => r.kind))));
    expect([...kinds].sort()).toEqual(Object.values(RelaxationKind).sort());
    const exempted = configurations.flatMap(c => c.objects).filter(o => Object.keys(o.metadata?.annotations ?? {}).some(k => k.startsWith('checkov.io/skip')));
    expect(exempted.length).toBeGreaterThanOrEqual(10);
  });
});

describe('unreasonedExemptions', () => {
  const daemonSet = (annotations: Record<string, string>) => ({ kind: 'DaemonSet', metadata: { name: 'agent', annotations } });

  test('accepts reasoned kube-linter and checkov exemptions, and kube-score and Polaris ones they explain', () => {
    expect(unreasonedExemptions(daemonSet({
      'ignore-check.kube-linter.io/host-network': 'hostNetwork: reads the node\'s interfaces',
      'checkov.io/skip1': 'CKV_K8S_19=hostNetwork: reads the node\'s interfaces',
      'checkov.io/skip2': 'CKV2_K8S_6=hostNetwork: NetworkPolicy does not apply',
      'kube-score/ignore': 'pod-networkpolicy',
      'polaris.fairwinds.com/hostNetworkSet-exempt': 'true',
    }))).toEqual([]);
  });

  test('flags a kube-linter exemption without a reason', () => {
    expect(unreasonedExemptions(daemonSet({ 'ignore-check.kube-linter.io/host-network': '' })))
      .toEqual(['DaemonSet/agent: ignore-check.kube-linter.io/host-network has no reason ("")']);
  });

  test('flags a checkov exemption without a reason, or with a second \'=\' that stops checkov', () => {
    expect(unreasonedExemptions(daemonSet({ 'checkov.io/skip1': 'CKV_K8S_19' }))).toHaveLength(1);
    expect(unreasonedExemptions(daemonSet({ 'checkov.io/skip1': 'CKV_K8S_17=hostPID: as docker run --pid=host does' })))
      .toEqual(['DaemonSet/agent: checkov.io/skip1 is not \'<CKV id>=<reason>\' with one \'=\' and a reason ("CKV_K8S_17=hostPID: as docker run --pid=host does")']);
  });

  test('flags kube-score and Polaris exemptions that no reasoned exemption explains', () => {
    expect(unreasonedExemptions(daemonSet({
      'kube-score/ignore': 'pod-networkpolicy,container-image-tag',
      'polaris.fairwinds.com/hostPIDSet-exempt': 'true',
    }))).toEqual([
      'DaemonSet/agent: kube-score exemption \'pod-networkpolicy\' has no reason: none of CKV2_K8S_6 is exempted with one',
      'DaemonSet/agent: kube-score exemption \'container-image-tag\' has no known checkov or kube-linter counterpart to carry its reason',
      'DaemonSet/agent: Polaris exemption \'hostPIDSet\' has no reason: none of CKV_K8S_17, host-pid is exempted with one',
    ]);
  });
});
