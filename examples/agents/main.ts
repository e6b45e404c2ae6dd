import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  CsiFsGroupPolicy, CsiNodePluginDaemonSet, CsiVolumeLifecycleMode, DeviceNodes, DevicePluginDaemonSet, SecurityAgentDaemonSet,
  SecurityAgentDriver,
} from 'cdk8s-daemonsets';

/**
 * A storage, a device and a security agent on one cluster: the TypeScript twin of
 * examples/python-agents, construct for construct, synthesizing the same YAML.
 */
export class AgentsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // The CSI hostpath driver's node plugin, with its CSIDriver object.
    new CsiNodePluginDaemonSet(this, 'HostPath', {
      name: 'csi-hostpathplugin',
      driverName: 'hostpath.csi.k8s.io',
      image: 'registry.k8s.io/sig-storage/hostpathplugin:v1.17.1',
      containerName: 'hostpath',
      args: ['--drivername=hostpath.csi.k8s.io', '--endpoint=$(CSI_ENDPOINT)', '--nodeid=$(KUBE_NODE_NAME)'],
      csiDriver: {
        attachRequired: false,
        podInfoOnMount: true,
        fsGroupPolicy: CsiFsGroupPolicy.FILE,
        volumeLifecycleModes: [CsiVolumeLifecycleMode.PERSISTENT, CsiVolumeLifecycleMode.EPHEMERAL],
      },
    });

    // The NVIDIA device plugin, on the GPU nodes only.
    new DevicePluginDaemonSet(this, 'NvidiaDevicePlugin', {
      image: 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0',
      resourceName: 'nvidia.com/gpu',
      nodes: DeviceNodes.withAnyOf([
        { 'feature.node.kubernetes.io/pci-10de.present': 'true' },
        { 'nvidia.com/gpu.present': 'true' },
      ]),
      env: { FAIL_ON_INIT_ERROR: kplus.EnvValue.fromValue('false') },
    });

    // Falco with the modern eBPF probe, naming the container and pod of each event.
    new SecurityAgentDaemonSet(this, 'Falco', {
      driver: SecurityAgentDriver.modernEbpf(),
      containerRuntimeSocket: '/run/containerd/containerd.sock',
    });
  }
}

const app = new App();
new AgentsChart(app, 'agents');
app.synth();
