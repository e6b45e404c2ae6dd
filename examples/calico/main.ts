import { ApiObject, App, Chart, ChartProps, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CniConfig, CniDaemonSet, CniPaths, CniPrivilege, Relaxation } from 'cdk8s-daemonsets';

/** The release of calico's own manifest (manifests/calico.yaml at projectcalico/calico v3.32.1). */
const CALICO_NODE_IMAGE = 'quay.io/calico/node:v3.32.1';
const CALICO_CNI_IMAGE = 'quay.io/calico/cni:v3.32.1';

/**
 * calico.yaml's network configuration template (`cni_network_config`): the node's name, the MTU and
 * the plugin's kubeconfig are filled in on each node when it is installed.
 */
const CALICO_CONFLIST_TEMPLATE = `{
  "name": "k8s-pod-network",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "calico",
      "log_level": "info",
      "log_file_path": "/var/log/calico/cni/cni.log",
      "datastore_type": "kubernetes",
      "nodename": "__KUBERNETES_NODE_NAME__",
      "mtu": __CNI_MTU__,
      "ipam": {
          "type": "calico-ipam"
      },
      "policy": {
          "type": "k8s"
      },
      "kubernetes": {
          "kubeconfig": "__KUBECONFIG_FILEPATH__"
      }
    },
    {
      "type": "portmap",
      "snat": true,
      "capabilities": {"portMappings": true}
    },
    {
      "type": "bandwidth",
      "capabilities": {"bandwidth": true}
    }
  ]
}`;

/**
 * calico-node, the guides' example of a CNI agent (a privileged agent with /lib/modules and
 * /var/run/calico from the node), as a CniDaemonSet. Calico's CRDs, its ClusterRoles and
 * kube-controllers come from calico's own manifest or operator: this chart is the node agent.
 */
export class CalicoChart extends Chart {
  public readonly calico: CniDaemonSet;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const nodeName = kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME);
    // The node's CNI directories: CniPaths.k3s(), CniPaths.gke()... move every one below, calico's
    // installer's included.
    const paths = CniPaths.standard();
    // What calico's manifest fills into the template: the node's name, MTU 0 (calico.yaml's
    // veth_mtu: detected) and the kubeconfig calico's installer writes next to the conflist.
    const template = {
      KUBERNETES_NODE_NAME: nodeName,
      CNI_MTU: kplus.EnvValue.fromValue('0'),
      KUBECONFIG_FILEPATH: kplus.EnvValue.fromValue(`${paths.confDir}/calico-kubeconfig`),
    };
    this.calico = new CniDaemonSet(this, 'CalicoNode', {
      name: 'calico-node',
      image: CALICO_NODE_IMAGE,
      containerName: 'calico-node',
      env: {
        DATASTORE_TYPE: kplus.EnvValue.fromValue('kubernetes'),
        WAIT_FOR_DATASTORE: kplus.EnvValue.fromValue('true'),
        NODENAME: nodeName,
        CALICO_NETWORKING_BACKEND: kplus.EnvValue.fromValue('bird'),
        CLUSTER_TYPE: kplus.EnvValue.fromValue('k8s,bgp'),
        IP: kplus.EnvValue.fromValue('autodetect'),
        IP_AUTODETECTION_METHOD: kplus.EnvValue.fromValue('interface=eth*'),
        CALICO_IPV4POOL_IPIP: kplus.EnvValue.fromValue('Always'),
        CALICO_DISABLE_FILE_LOGGING: kplus.EnvValue.fromValue('true'),
        FELIX_DEFAULTENDPOINTTOHOSTACTION: kplus.EnvValue.fromValue('ACCEPT'),
        FELIX_IPV6SUPPORT: kplus.EnvValue.fromValue('false'),
        FELIX_HEALTHENABLED: kplus.EnvValue.fromValue('true'),
      },
      resources: { cpu: { request: kplus.Cpu.millis(250) } },
      liveness: kplus.Probe.fromCommand(['/bin/calico-node', '-felix-live', '-bird-live'], {
        initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(10), failureThreshold: 6, timeoutSeconds: Duration.seconds(10),
      }),
      readiness: kplus.Probe.fromCommand(['/bin/calico-node', '-felix-ready', '-bird-ready'], {
        periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(10),
      }),

      // calico's template, filled in on each node by the library's installer (into a temporary
      // file, renamed over the conflist).
      conflist: CniConfig.fromJson(CALICO_CONFLIST_TEMPLATE),
      configInstall: { templateVariables: template },
      cniPaths: paths,
      conflistFileName: '10-calico.conflist',

      privilege: CniPrivilege.privileged('calico-node programs routes, iptables or eBPF, loads kernel modules (ipip, vxlan, wireguard) and runs BGP (bird) for every pod on the node'),
      writableRootFilesystem: 'calico-node\'s runit supervisor and confd write bird\'s configuration and their state inside the image',
      mountBpf: true,
      hostMounts: [
        { path: '/var/run/calico', writable: true, reason: 'felix and bird keep their sockets and state here, which the CNI plugin reads' },
        { path: '/var/lib/calico', writable: true, reason: 'calico-node writes the node\'s name here, which the CNI plugin reads for every pod' },
        { path: '/var/run/nodeagent', writable: true, reason: 'felix serves the policy sync API to per-pod agents here' },
      ],
      // calico's own ClusterRole (calico.yaml or the operator) is bound to this ServiceAccount.
      clusterRoleRules: [],
    });

    // calico's installer: the plugin binaries and the plugin's kubeconfig (a token of the
    // calico-cni-plugin ServiceAccount). It keeps its own binaries in /opt/cni/bin, where the
    // library's binaries installer (cniBinaries) would mount the node's directory, so it is added
    // here and sees the node's directories below /host; it fills in and writes the same template.
    const installer = this.calico.daemonSet.addInitContainer({
      name: 'install-cni',
      image: CALICO_CNI_IMAGE,
      // As calico.yaml pulls it, and as the CniDaemonSet pulls its own containers.
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      command: ['/opt/cni/bin/install'],
      envVariables: {
        CNI_CONF_NAME: kplus.EnvValue.fromValue('10-calico.conflist'),
        CNI_NETWORK_CONFIG: kplus.EnvValue.fromConfigMap(this.calico.configMap, 'cni-conf.json'),
        KUBERNETES_NODE_NAME: template.KUBERNETES_NODE_NAME,
        CNI_MTU: template.CNI_MTU,
        // It writes the kubeconfig path as <CNI_NET_DIR>/calico-kubeconfig, the node's directory.
        CNI_NET_DIR: kplus.EnvValue.fromValue(paths.confDir),
        SLEEP: kplus.EnvValue.fromValue('false'),
      },
      securityContext: { ensureNonRoot: false, user: 0, group: 0, readOnlyRootFilesystem: true },
    });
    installer.mount('/host/opt/cni/bin', kplus.Volume.fromHostPath(this, 'CniBinDir', 'cni-bin-dir', {
      path: paths.binDir, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE,
    }), { readOnly: false });
    const netDir = kplus.Volume.fromHostPath(this, 'HostCniNetDir', 'host-cni-net-dir', {
      path: paths.confDir, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE,
    });
    installer.mount('/host/etc/cni/net.d', netDir, { readOnly: false });
    // calico-node refreshes the plugin's token in that kubeconfig.
    this.calico.agent.mount('/host/etc/cni/net.d', netDir, { readOnly: false });
    this.calico.daemonSet.addRelaxation(Relaxation.writableHostPath(paths.binDir, 'calico\'s installer copies the calico and calico-ipam plugins here for the container runtime'));
    this.calico.daemonSet.addRelaxation(Relaxation.runAsRoot('install-cni', 'writes the plugin binaries and the kubeconfig into root-owned node directories; no capability'));
    this.calico.daemonSet.addRelaxation(Relaxation.imagePullPolicy('install-cni', 'restarts without the registry: until calico runs, new pods get no network'));
    // The binaries first: the runtime must never read a conflist whose plugin is missing.
    ApiObject.of(this.calico.daemonSet).addJsonPatch(JsonPatch.move('/spec/template/spec/initContainers/1', '/spec/template/spec/initContainers/0'));

    // The guide's selector label, kept on the pods for the tools that select them by it.
    this.calico.daemonSet.podMetadata.addLabel('k8s-app', 'calico-node');
  }
}

const app = new App();
new CalicoChart(app, 'calico');
app.synth();
