"""Runs a command and prints the CPU time (user + system, ms) of it and every process it waited for.

`python3 bench/cpu-time.py <command...>` prints one JSON line: {"cpuMs": ..., "exit": ...}. The
jsii runtime of a Python app is a Node.js process the app starts and waits for at exit, so its CPU
time counts too.
"""
import json
import resource
import subprocess
import sys

completed = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"cpuMs": (usage.ru_utime + usage.ru_stime) * 1000, "exit": completed.returncode}))
sys.exit(completed.returncode)
