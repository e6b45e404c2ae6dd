import { App, Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CniConfig, CniDaemonSet, CniPrivilege, CniRbac, Relaxation } from 'cdk8s-daemonsets';

/**
 * The images kube-flannel.yml v0.28.9 ships (flannel-io/flannel, Documentation/kube-flannel.yml at
 * tag v0.28.9), pinned by tag as it pins them: no first-party digest is published.
 */
const FLANNEL_IMAGE = 'ghcr.io/flannel-io/flannel:v0.28.9';
const FLANNEL_CNI_PLUGIN_IMAGE = 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3';
/** flanneld's health server: kube-flannel.yml's port, on the loopback here. */
const FLANNEL_HEALTHZ_PORT = 8081;

/**
 * flannel as kube-flannel.yml deploys it (namespace, RBAC, ConfigMap, DaemonSet), with a
 * CniDaemonSet: the same behaviour on the node, every relaxation explicit and reasoned.
 */
export class FlannelChart extends Chart {
  public readonly flannel: CniDaemonSet;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // kube-flannel's own namespace, labelled so Pod Security Admission admits a host-network agent.
    const namespace = new kplus.Namespace(this, 'Namespace', {
      metadata: {
        name: 'kube-flannel',
        labels: { 'k8s-app': 'flannel', 'pod-security.kubernetes.io/enforce': 'privileged' },
      },
    });

    this.flannel = new CniDaemonSet(this, 'Flannel', {
      name: 'flannel',
      namespace: namespace.name,
      image: FLANNEL_IMAGE,
      containerName: 'kube-flannel',
      command: ['/opt/bin/flanneld'],
      // flanneld's own health server, on the node's loopback only (its default is every address).
      args: ['--ip-masq', '--kube-subnet-mgr', '--healthz-ip=127.0.0.1', `--healthz-port=${FLANNEL_HEALTHZ_PORT}`],
      // kube-flannel.yml's probes: alive while flanneld answers /healthz, ready when /readyz does.
      liveness: kplus.Probe.fromHttpGet('/healthz', {
        port: FLANNEL_HEALTHZ_PORT, host: '127.0.0.1', initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(30),
      }),
      readiness: kplus.Probe.fromHttpGet('/readyz', {
        port: FLANNEL_HEALTHZ_PORT, host: '127.0.0.1', initialDelaySeconds: Duration.seconds(5), periodSeconds: Duration.seconds(10),
      }),
      env: {
        POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
        POD_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
        EVENT_QUEUE_DEPTH: kplus.EnvValue.fromValue('5000'),
        CONT_WHEN_CACHE_NOT_READY: kplus.EnvValue.fromValue('false'),
      },
      resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(50) } },

      // The kube-flannel-cfg ConfigMap: the conflist, and flanneld's own net-conf.json, both
      // mounted at /etc/kube-flannel/ where flanneld reads net-conf.json.
      conflist: CniConfig.fromConflist({
        name: 'cbr0',
        cniVersion: '0.3.1',
        plugins: [
          { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
          { type: 'portmap', capabilities: { portMappings: true } },
        ],
      }),
      conflistFileName: '10-flannel.conflist',
      configData: {
        'net-conf.json': JSON.stringify({ Network: '10.244.0.0/16', EnableNFTables: false, Backend: { Type: 'vxlan' } }, undefined, 2) + '\n',
      },
      configMountPath: '/etc/kube-flannel',

      // install-cni-plugin copies the flannel CNI plugin binary, then install-cni the conflist
      // (through a temporary file and a rename, as kube-flannel's install-conf does).
      cniBinaries: {
        name: 'install-cni-plugin',
        image: FLANNEL_CNI_PLUGIN_IMAGE,
        command: ['cp'],
        args: ['-f', '/flannel', '/opt/cni/bin/flannel'],
      },
      configInstall: { name: 'install-cni' },

      privilege: CniPrivilege.capabilities(['NET_ADMIN', 'NET_RAW'],
        'flanneld creates the VXLAN device, routes to the other nodes\' subnets and the masquerading iptables rules (NET_ADMIN), and uses raw sockets (NET_RAW)'),
      writableRootFilesystem: 'the image\'s iptables wrapper picks the legacy or nft backend on first use by rewriting the iptables symlinks in the image',
      hostMounts: [{
        path: '/run/flannel',
        writable: true,
        reason: 'flanneld writes the node\'s subnet lease (subnet.env) here, which the flannel CNI plugin reads for every pod',
      }],
      // flanneld needs no kernel module files (the kernel loads vxlan by itself), so no /lib/modules.
      mountLibModules: false,

      clusterRoleRules: [
        { resources: ['pods'], verbs: ['get'] },
        { resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        ...CniRbac.patchNodeStatus(),
      ],
    });

    // The health server's port on the node's loopback (the pod is in the node's network namespace),
    // declared with hostPort so the scheduler knows the pod takes it.
    this.flannel.agent.addPort({ name: 'healthz', number: FLANNEL_HEALTHZ_PORT, hostPort: FLANNEL_HEALTHZ_PORT, hostIp: '127.0.0.1' });
    this.flannel.daemonSet.addRelaxation(Relaxation.hostPort(FLANNEL_HEALTHZ_PORT,
      'flanneld serves its health endpoint on the node\'s loopback only (127.0.0.1), where the kubelet probes it'));

    // kube-flannel's labels, for the tools and docs that select flannel pods by them.
    for (const [key, value] of Object.entries({ 'app': 'flannel', 'tier': 'node', 'k8s-app': 'flannel' })) {
      this.flannel.daemonSet.podMetadata.addLabel(key, value);
    }
  }
}

const app = new App();
new FlannelChart(app, 'flannel');
app.synth();
