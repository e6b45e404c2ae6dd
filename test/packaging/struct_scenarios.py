"""Builds the scenarios of structs.ts in Python, as a Python user writes them.

Reads a JSON list of {id, host, props, form} from stdin; writes {id: {"output": ...} or
{"error": ...}}. Forms, for every struct ({"$struct": fqn, ...}) of the props:
- "snake": a dict with snake_case keys (the Python names);
- "camel": a dict with camelCase keys (the jsii names);
- "classes": the struct's class, built with its Python names.
The host's props are keyword arguments in every form, as Python calls take them.
"""
import importlib
import json
import re
import sys
import tempfile

from cdk8s import App, Chart

MODULES = {"cdk8s-daemonsets": "cdk8s_daemonsets", "cdk8s-plus-28": "cdk8s_plus_28", "cdk8s": "cdk8s"}


def snake(name):
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"([A-Z])([A-Z][a-z])", r"\1_\2", name).lower()


def lookup(fqn):
    assembly, *names = fqn.split(".")
    value = importlib.import_module(MODULES[assembly])
    for name in names:
        value = getattr(value, name)
    return value


def python_names(cls):
    return {js: py for py, js in cls.__jsii_name_mapping__.items()}


def build(value, chart, form):
    if isinstance(value, list):
        return [build(v, chart, form) for v in value]
    if not isinstance(value, dict):
        return value
    if value.get("$chart"):
        return chart
    if "$enum" in value:
        return lookup(value["$enum"])
    if "$call" in value:
        owner, method = value["$call"].rsplit(".", 1)
        args = build(value.get("args", []), chart, form)
        kwargs = {snake(k): build(v, chart, form) for k, v in value.get("kwargs", {}).items()}
        return getattr(lookup(owner), snake(method))(*args, **kwargs)
    if "$struct" not in value:
        return {k: build(v, chart, form) for k, v in value.items()}
    cls = lookup(value["$struct"])
    names = python_names(cls)
    fields = {k: build(v, chart, form) for k, v in value.items() if not k.startswith("$")}
    extra = value.get("$extra", {})
    if form == "classes":
        return cls(**{names[k]: v for k, v in fields.items()}, **extra)
    if form == "camel":
        return {**fields, **extra}
    return {**{names[k]: v for k, v in fields.items()}, **extra}


def kwargs_of(props, host_fqn, chart, form):
    names = python_names(lookup(host_fqn))
    return {names[k]: build(v, chart, form) for k, v in props.items()}


def synthesize(scenario):
    app = App(outdir=tempfile.mkdtemp())
    chart = Chart(app, "test")
    kwargs = kwargs_of(scenario["props"], scenario["hostProps"], chart, scenario["form"])
    lib = importlib.import_module("cdk8s_daemonsets")
    host = scenario["host"]
    if host == "DaemonSet":
        lib.DaemonSet(chart, "Agent", **kwargs)
    elif host == "DaemonSet.addContainer":
        lib.DaemonSet(chart, "Agent", metadata={"name": "agent"}).add_container(**kwargs)
    elif host == "CniDaemonSet":
        lib.CniDaemonSet(chart, "Net", **kwargs)
    elif host == "LogCollectorDaemonSet":
        lib.LogCollectorDaemonSet(chart, "Logs", **kwargs)
    elif host == "NodeExporterDaemonSet":
        lib.NodeExporterDaemonSet(chart, "Metrics", **kwargs)
    elif host == "FleetReport.toMarkdown":
        return lib.FleetReport.to_markdown(**kwargs)
    else:
        raise ValueError(f"unknown host {host}")
    return app.synth_yaml()


def main():
    results = {}
    for scenario in json.load(sys.stdin):
        try:
            results[scenario["id"]] = {"output": synthesize(scenario)}
        except Exception as e:  # the test asserts on the message
            results[scenario["id"]] = {"error": f"{type(e).__name__}: {e}"}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
