import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SecurityAgentDaemonSet, SecurityAgentDriver } from 'cdk8s-daemonsets';

/**
 * Falco on every node, as the falcosecurity/charts falco chart 9.1.0 (Falco 0.44.1) deploys it
 * with the modern eBPF driver, with a SecurityAgentDaemonSet: unprivileged with four
 * capabilities, the node's directories read-only, every taint tolerated.
 */
export class FalcoChart extends Chart {
  public readonly falco: SecurityAgentDaemonSet;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // The chart's usual namespace, labelled so Pod Security Admission admits hostPID and hostPath.
    const namespace = new kplus.Namespace(this, 'Namespace', {
      metadata: { name: 'falco', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    });

    this.falco = new SecurityAgentDaemonSet(this, 'Falco', {
      namespace: namespace.name,
      driver: SecurityAgentDriver.modernEbpf(),
      // containerd's socket, so events name their container and pod (the chart mounts every
      // runtime's socket it knows; a node runs one).
      containerRuntimeSocket: '/run/containerd/containerd.sock',
    });
  }
}

const app = new App();
new FalcoChart(app, 'falco');
app.synth();
