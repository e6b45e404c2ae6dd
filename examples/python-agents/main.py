#!/usr/bin/env python
"""A storage, a device and a security agent on one cluster: the Python twin of
examples/agents/main.ts, construct for construct, synthesizing the same YAML."""
from constructs import Construct
from cdk8s import App, Chart
import cdk8s_plus_28 as kplus
from cdk8s_daemonsets import (
    CsiDriverOptions,
    CsiFsGroupPolicy,
    CsiNodePluginDaemonSet,
    CsiVolumeLifecycleMode,
    DeviceNodes,
    DevicePluginDaemonSet,
    SecurityAgentDaemonSet,
    SecurityAgentDriver,
)


class AgentsChart(Chart):
    def __init__(self, scope: Construct, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)

        # The CSI hostpath driver's node plugin, with its CSIDriver object.
        CsiNodePluginDaemonSet(
            self,
            "HostPath",
            name="csi-hostpathplugin",
            driver_name="hostpath.csi.k8s.io",
            image="registry.k8s.io/sig-storage/hostpathplugin:v1.17.1",
            container_name="hostpath",
            args=["--drivername=hostpath.csi.k8s.io", "--endpoint=$(CSI_ENDPOINT)", "--nodeid=$(KUBE_NODE_NAME)"],
            csi_driver=CsiDriverOptions(
                attach_required=False,
                pod_info_on_mount=True,
                fs_group_policy=CsiFsGroupPolicy.FILE,
                volume_lifecycle_modes=[CsiVolumeLifecycleMode.PERSISTENT, CsiVolumeLifecycleMode.EPHEMERAL],
            ),
        )

        # The NVIDIA device plugin, on the GPU nodes only.
        DevicePluginDaemonSet(
            self,
            "NvidiaDevicePlugin",
            image="nvcr.io/nvidia/k8s-device-plugin:v0.20.0",
            resource_name="nvidia.com/gpu",
            nodes=DeviceNodes.with_any_of([
                {"feature.node.kubernetes.io/pci-10de.present": "true"},
                {"nvidia.com/gpu.present": "true"},
            ]),
            env={"FAIL_ON_INIT_ERROR": kplus.EnvValue.from_value("false")},
        )

        # Falco with the modern eBPF probe, naming the container and pod of each event.
        SecurityAgentDaemonSet(
            self,
            "Falco",
            driver=SecurityAgentDriver.modern_ebpf(),
            container_runtime_socket="/run/containerd/containerd.sock",
        )


app = App()
AgentsChart(app, "agents")
app.synth()
