"""Counts how often synth serializes each DaemonSet: an app of N charts with one counted agent each.

Each agent's DaemonSet carries a metadata field produced lazily by a Python producer, which the
jsii runtime calls back each time the DaemonSet is serialized. Prints JSON: the counts after
`app.synth()`, then after `app.synth_yaml()` as well.
"""
import json
import sys
import tempfile

import jsii
from cdk8s import ApiObject, App, Chart, IAnyProducer, Lazy
from cdk8s_daemonsets import DaemonSet


@jsii.implements(IAnyProducer)
class Counter:
    def __init__(self) -> None:
        self.count = 0

    def produce(self) -> str:
        self.count += 1
        return str(self.count)


app = App(outdir=tempfile.mkdtemp())
counters = []
for c in range(int(sys.argv[1])):
    agent = DaemonSet(Chart(app, f"chart-{c}"), "Agent", containers=[{"name": "main", "image": "quay.io/example/agent:v1.0.0"}])
    counter = Counter()
    ApiObject.of(agent).metadata.add("serializations", Lazy.any(counter))
    counters.append(counter)
app.synth()
after_synth = [c.count for c in counters]
app.synth_yaml()
print(json.dumps([after_synth, [c.count for c in counters]]))
