import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ContainerRuntime, LogCollectorAgent, LogCollectorDaemonSet, LogOutput, LogOutputAuth } from 'cdk8s-daemonsets';

/**
 * The guides' Filebeat DaemonSet (filebeat in the logging namespace, its filebeat.yml from a
 * ConfigMap, its data on the node, /var/log and /var/lib/docker/containers read-only, shipping to
 * Elasticsearch), as a LogCollectorDaemonSet.
 */
export class FilebeatChart extends Chart {
  public readonly filebeat: LogCollectorDaemonSet;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // The logging namespace, labelled so Pod Security Admission admits the hostPath pod.
    const namespace = new kplus.Namespace(this, 'Namespace', {
      metadata: { name: 'logging', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    });

    this.filebeat = new LogCollectorDaemonSet(this, 'Filebeat', {
      name: 'filebeat',
      namespace: namespace.name,
      agent: LogCollectorAgent.filebeat(),
      // The guide's ELASTICSEARCH_HOST and ELASTICSEARCH_PORT; its user name and password from a
      // Secret (keys username and password), never in the manifest.
      output: LogOutput.elasticsearch({
        url: 'http://elasticsearch.logging.svc.cluster.local:9200',
        auth: LogOutputAuth.basicFromSecret('elasticsearch-credentials'),
      }),
      // The guide mounts Docker's container directory: its nodes run Docker.
      containerRuntime: ContainerRuntime.DOCKER,
      // The guide's data directory on the node.
      stateDir: '/var/lib/filebeat-data',
      // The guide's selector label, kept on the pods for the tools that select them by it.
      podLabels: { app: 'filebeat' },
    });
  }
}

const app = new App();
new FilebeatChart(app, 'filebeat');
app.synth();
