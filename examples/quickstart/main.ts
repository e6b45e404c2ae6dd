import { App, Chart, ChartProps, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DaemonSet, LogCollectorDaemonSet, LogOutput, NodeExporterDaemonSet, Relaxation } from 'cdk8s-daemonsets';

/**
 * A node agent on every Linux node: hardened by default, reading the node's logs through a
 * read-only host mount whose reason is written into the manifest.
 */
export class QuickstartChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // The whole agent in one call, containers and mounts included (in Python, one call is one round
    // trip to the library, see examples/python).
    new DaemonSet(this, 'NodeProblemDetector', {
      metadata: { name: 'node-problem-detector', namespace: 'node-agents' },
      relaxations: [Relaxation.hostPath('/var/log', 'reads the kernel and system logs of the node to detect node problems')],
      containers: [{
        name: 'node-problem-detector',
        image: 'registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.20',
        args: ['--config.system-log-monitor=/config/kernel-monitor.json', '--address=0.0.0.0', '--port=20256'],
        ports: [{ name: 'http', number: 20256 }],
        envVariables: { NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME) },
        liveness: kplus.Probe.fromHttpGet('/healthz', { port: 20256, initialDelaySeconds: Duration.seconds(10) }),
        readiness: kplus.Probe.fromTcpSocket({ port: 20256 }),
        volumeMounts: [{ path: '/var/log', volume: kplus.Volume.fromHostPath(this, 'log', 'log', { path: '/var/log' }) }],
      }],
    });

    // A log collector on every node: Fluent Bit tails the container logs, adds the Kubernetes
    // metadata and pushes them to Loki, with its RBAC, its config and one writable state directory.
    new LogCollectorDaemonSet(this, 'Logs', {
      namespace: 'node-agents',
      output: LogOutput.loki({ url: 'http://loki-gateway.loki.svc' }),
    });

    // The Prometheus node exporter on every node, with its headless Service: it listens on the node
    // IP only and reads /proc, /sys and / read-only, each host access declared with its reason.
    new NodeExporterDaemonSet(this, 'NodeExporter', { namespace: 'node-agents' });
  }
}

const app = new App();
new QuickstartChart(app, 'quickstart');
app.synth();
