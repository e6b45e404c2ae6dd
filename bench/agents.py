"""`python bench/agents.py <workload> <n> <outdir>`: an app of n DaemonSets in one chart, synthesized
into outdir; bench/agents.js is the same app in TypeScript (npm run bench:python compares them).

Workloads:
- `agent`: the quickstart's node agent (a container with ports, environment, probes, a read-only host
  mount and its relaxation), each DaemonSet in one call, with the values the agents share built once:
  one round trip to the jsii runtime per DaemonSet;
- `agent-step-by-step`: the same agents through DaemonSet(), add_container() and mount(), with the
  values built for each agent: nine round trips per DaemonSet;
- `node-exporter`: NodeExporterDaemonSet, each on its own port: one round trip, more work in the library.
"""
import sys

import cdk8s_plus_28 as kplus
from cdk8s import App, Chart, Duration
from cdk8s_daemonsets import DaemonSet, NodeExporterDaemonSet, Relaxation

workload, n, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
IMAGE = "registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.20"
ARGS = ["--config.system-log-monitor=/config/kernel-monitor.json", "--address=0.0.0.0", "--port=20256"]
REASON = "reads the kernel and system logs of the node to detect node problems"

app = App(outdir=outdir)
chart = Chart(app, "agents")
if workload == "agent":
    relaxations = [Relaxation.host_path("/var/log", REASON)]
    env = {"NODE_NAME": kplus.EnvValue.from_field_ref(kplus.EnvFieldPaths.NODE_NAME)}
    liveness = kplus.Probe.from_http_get("/healthz", port=20256, initial_delay_seconds=Duration.seconds(10))
    readiness = kplus.Probe.from_tcp_socket(port=20256)
    log = kplus.Volume.from_host_path(chart, "log", "log", path="/var/log")
    for i in range(n):
        DaemonSet(
            chart,
            f"agent-{i}",
            metadata={"name": f"agent-{i}", "namespace": "node-agents"},
            relaxations=relaxations,
            containers=[{
                "name": "agent", "image": IMAGE, "args": ARGS, "ports": [{"name": "http", "number": 20256}],
                "env_variables": env, "liveness": liveness, "readiness": readiness,
                "volume_mounts": [{"path": "/var/log", "volume": log}],
            }],
        )
elif workload == "agent-step-by-step":
    for i in range(n):
        agent = DaemonSet(chart, f"agent-{i}", metadata={"name": f"agent-{i}", "namespace": "node-agents"},
                          relaxations=[Relaxation.host_path("/var/log", REASON)])
        container = agent.add_container(
            name="agent", image=IMAGE, args=ARGS, ports=[kplus.ContainerPort(name="http", number=20256)],
            env_variables={"NODE_NAME": kplus.EnvValue.from_field_ref(kplus.EnvFieldPaths.NODE_NAME)},
            liveness=kplus.Probe.from_http_get("/healthz", port=20256, initial_delay_seconds=Duration.seconds(10)),
            readiness=kplus.Probe.from_tcp_socket(port=20256),
        )
        container.mount("/var/log", kplus.Volume.from_host_path(chart, f"log-{i}", "log", path="/var/log"))
elif workload == "node-exporter":
    for i in range(n):
        NodeExporterDaemonSet(chart, f"node-exporter-{i}", port=10000 + i)
else:
    raise SystemExit(f"unknown workload {workload}")
app.synth()
