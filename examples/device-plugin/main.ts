import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { DeviceNodes, DevicePluginDaemonSet } from 'cdk8s-daemonsets';

/** The image NVIDIA's static manifest (deployments/static/nvidia-device-plugin.yml, v0.20.0) runs. */
const NVIDIA_DEVICE_PLUGIN_IMAGE = 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0';

/**
 * The NVIDIA GPU device plugin as NVIDIA's static manifest deploys it, with a
 * DevicePluginDaemonSet: only on the GPU nodes, with the GPU taint tolerated, unprivileged.
 */
export class DevicePluginChart extends Chart {
  public readonly nvidia: DevicePluginDaemonSet;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.nvidia = new DevicePluginDaemonSet(this, 'NvidiaDevicePlugin', {
      name: 'nvidia-device-plugin-daemonset',
      image: NVIDIA_DEVICE_PLUGIN_IMAGE,
      containerName: 'nvidia-device-plugin-ctr',
      resourceName: 'nvidia.com/gpu',
      // The GPU nodes, as NVIDIA's Helm chart finds them: labelled by node-feature-discovery (an
      // NVIDIA PCI device, vendor 10de), or by the GPU operator.
      nodes: DeviceNodes.withAnyOf([
        { 'feature.node.kubernetes.io/pci-10de.present': 'true' },
        { 'feature.node.kubernetes.io/cpu-model.vendor_id': 'NVIDIA' },
        { 'nvidia.com/gpu.present': 'true' },
      ]),
    });

    // The static manifest's selector label, kept on the pods for the tools that select them by it.
    this.nvidia.daemonSet.podMetadata.addLabel('name', 'nvidia-device-plugin-ds');
  }
}

const app = new App();
new DevicePluginChart(app, 'device-plugin');
app.synth();
