#!/usr/bin/env python
"""The quickstart app in Python: the same constructs as examples/quickstart/main.ts, construct for
construct, synthesizing the same YAML."""
from constructs import Construct
from cdk8s import App, Chart, Duration
import cdk8s_plus_28 as kplus
from cdk8s_daemonsets import DaemonSet, LogCollectorDaemonSet, LogOutput, NodeExporterDaemonSet, Relaxation


class QuickstartChart(Chart):
    """A node agent on every Linux node: hardened by default, reading the node's logs through a
    read-only host mount whose reason is written into the manifest."""

    def __init__(self, scope: Construct, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)

        # The whole agent in one call: containers and mounts go in as props, structs as dicts. Each
        # call into the library is a round trip to the Node.js process behind it (the jsii runtime),
        # so a DaemonSet built in one call costs one round trip, where add_container() and mount()
        # would add two. Values such as relaxations, probes and volumes can be built once and shared
        # by many DaemonSets.
        DaemonSet(
            self,
            "NodeProblemDetector",
            metadata={"name": "node-problem-detector", "namespace": "node-agents"},
            relaxations=[
                Relaxation.host_path("/var/log", "reads the kernel and system logs of the node to detect node problems"),
            ],
            containers=[{
                "name": "node-problem-detector",
                "image": "registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.20",
                "args": ["--config.system-log-monitor=/config/kernel-monitor.json", "--address=0.0.0.0", "--port=20256"],
                "ports": [{"name": "http", "number": 20256}],
                "env_variables": {"NODE_NAME": kplus.EnvValue.from_field_ref(kplus.EnvFieldPaths.NODE_NAME)},
                "liveness": kplus.Probe.from_http_get("/healthz", port=20256, initial_delay_seconds=Duration.seconds(10)),
                "readiness": kplus.Probe.from_tcp_socket(port=20256),
                "volume_mounts": [{"path": "/var/log", "volume": kplus.Volume.from_host_path(self, "log", "log", path="/var/log")}],
            }],
        )

        # A log collector on every node: Fluent Bit tails the container logs, adds the Kubernetes
        # metadata and pushes them to Loki, with its RBAC, its config and one writable state directory.
        LogCollectorDaemonSet(
            self,
            "Logs",
            namespace="node-agents",
            output=LogOutput.loki(url="http://loki-gateway.loki.svc"),
        )

        # The Prometheus node exporter on every node, with its headless Service: it listens on the node
        # IP only and reads /proc, /sys and / read-only, each host access declared with its reason.
        NodeExporterDaemonSet(self, "NodeExporter", namespace="node-agents")


app = App()
QuickstartChart(app, "quickstart")
app.synth()
