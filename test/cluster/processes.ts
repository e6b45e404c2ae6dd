import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/**
 * Server processes of the cluster tests, tracked by PID.
 *
 * Every group of servers (the shared control plane, a variant API server) lives in its own
 * directory under the OS temp dir, named `cdk8s-daemonsets-cluster-*`. The directory holds a `pids`
 * file: `owner <pid>` (the Node process that started the group) and one `<name> <pid>` line per
 * server. Every server's command line names the directory, so a PID is only ever signalled while
 * it still belongs to the group (a recycled PID is left alone).
 *
 * Three things stop a group: its `stop()` (SIGTERM, SIGKILL after a timeout, then a check that
 * none is left); a watchdog shell started with it that stops the servers as soon as the owner is
 * gone (jest killed, a worker crashed); and a sweep at the next start that stops the servers of any
 * group whose owner is no longer running (and removes the logs such groups left, after a day).
 */

/** Prefix of every group directory under the OS temp dir. */
export const GROUP_PREFIX = 'cdk8s-daemonsets-cluster-';

export interface TrackedProcess {
  readonly name: string;
  readonly pid: number;
}

/** Whether `pid` is a live (not zombie) process whose command line contains `marker`. */
export function isRunning(pid: number, marker: string): boolean {
  let stat: string;
  let cmdline: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf-8');
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf-8');
  } catch {
    return false;
  }
  // The state follows the parenthesised command name, which may itself contain ') '.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X' && cmdline.includes(marker);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Stops the processes: SIGTERM, then SIGKILL for any still running after `graceMs`. Resolves once
 * none is running; throws naming any that survived SIGKILL.
 */
export async function stopProcesses(processes: readonly TrackedProcess[], marker: string, graceMs = 10_000): Promise<void> {
  const running = () => processes.filter(p => isRunning(p.pid, marker));
  for (const p of running()) signal(p.pid, 'SIGTERM');
  for (const deadline = Date.now() + graceMs; running().length > 0 && Date.now() < deadline;) await sleep(50);
  for (const p of running()) signal(p.pid, 'SIGKILL');
  for (const deadline = Date.now() + 5_000; running().length > 0 && Date.now() < deadline;) await sleep(50);
  const left = running();
  if (left.length > 0) {
    throw new Error(`still running after SIGKILL: ${left.map(p => `${p.name} (pid ${p.pid})`).join(', ')}`);
  }
}

/** SIGKILLs the processes at once, synchronously (for process exit hooks). */
export function killProcessesSync(processes: readonly TrackedProcess[], marker: string): void {
  for (const p of processes) {
    if (isRunning(p.pid, marker)) signal(p.pid, 'SIGKILL');
  }
}

/** Reads a group directory's `pids` file. */
export function readPids(dir: string): { owner: number; processes: TrackedProcess[] } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'pids'), 'utf-8');
  } catch {
    return undefined;
  }
  let owner = 0;
  const processes: TrackedProcess[] = [];
  for (const line of text.split('\n')) {
    const [name, pid] = line.trim().split(/\s+/);
    if (!name || !pid) continue;
    if (name === 'owner') owner = Number(pid);
    else processes.push({ name, pid: Number(pid) });
  }
  return { owner, processes };
}

// Stops the servers of the group once its owner has exited without stopping them. Arguments:
// owner pid, group directory. Exits by itself when the group's pids file is removed (a clean stop).
const WATCHDOG = `
owner=$1 dir=$2
while kill -0 "$owner" 2>/dev/null && [ -f "$dir/pids" ]; do sleep 1; done
[ -f "$dir/pids" ] || exit 0
pids=$(awk '$1 != "owner" { print $2 }' "$dir/pids")
ours() { tr '\\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$dir"; }
for p in $pids; do ours "$p" && kill -TERM "$p"; done
for i in $(seq 100); do
  alive=; for p in $pids; do ours "$p" && alive=1; done
  [ -n "$alive" ] || break
  sleep 0.1
done
for p in $pids; do ours "$p" && kill -KILL "$p"; done
rm -rf "$dir/etcd" "$dir/pids"
`;

/**
 * A directory for one group of servers, with its `pids` file and watchdog. Call `track()` right
 * after spawning each server and `release()` once all are stopped.
 */
export class ProcessGroup {
  /** `<tmp>/cdk8s-daemonsets-cluster-<label>-<random>` */
  readonly dir: string;
  readonly processes: TrackedProcess[] = [];
  private readonly watchdog: ChildProcess;
  private readonly exitHook: () => void;

  /** Creates the group directory (after stopping the servers of groups whose owner is gone). */
  constructor(label: string) {
    sweepStaleGroups();
    const dir = this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${GROUP_PREFIX}${label}-`));
    fs.writeFileSync(path.join(dir, 'pids'), `owner ${process.pid}\n`);
    this.watchdog = spawn('bash', ['-c', WATCHDOG, 'cdk8s-daemonsets-cluster-watchdog', String(process.pid), dir], {
      detached: true,
      stdio: 'ignore',
    });
    this.watchdog.unref();
    this.exitHook = () => killProcessesSync(this.processes, dir);
    process.once('exit', this.exitHook);
  }

  /** Spawns a server with stdout and stderr appended to `logFile`, and tracks its PID. */
  spawn(name: string, command: string, args: readonly string[], logFile: string, env?: NodeJS.ProcessEnv): ChildProcess {
    const fd = fs.openSync(logFile, 'a');
    fs.writeSync(fd, `$ ${[command, ...args].join(' ')}\n`);
    try {
      const child = spawn(command, args, { stdio: ['ignore', fd, fd], env: env ?? process.env });
      if (child.pid === undefined) throw new Error(`could not start ${name} (${command}); see ${logFile}`);
      child.unref();
      this.track({ name, pid: child.pid });
      return child;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Records a server in the pids file (before anything can leave it running unrecorded). */
  track(p: TrackedProcess): void {
    this.processes.push(p);
    fs.appendFileSync(path.join(this.dir, 'pids'), `${p.name} ${p.pid}\n`);
  }

  /** Stops the given servers of the group (all by default) and checks that none is left. */
  async stop(names?: readonly string[], graceMs?: number): Promise<void> {
    const which = this.processes.filter(p => !names || names.includes(p.name));
    await stopProcesses(which, this.dir, graceMs);
  }

  /**
   * Stops everything, ends the watchdog, and removes the directory (`keepLogs`: everything but
   * the etcd data and the pids file stays, for a failed start's error to point into).
   */
  async release(options: { keepLogs?: boolean } = {}): Promise<void> {
    await this.stop();
    process.removeListener('exit', this.exitHook);
    // The watchdog would notice the pids file is gone within a second; it holds nothing, so no need to wait.
    if (this.watchdog.pid !== undefined) await stopProcesses([{ name: 'watchdog', pid: this.watchdog.pid }], this.dir, 0);
    if (options.keepLogs) {
      fs.rmSync(path.join(this.dir, 'etcd'), { recursive: true, force: true });
      fs.rmSync(path.join(this.dir, 'pids'), { force: true });
    } else {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * Stops the servers of every group whose owner process is gone (a run that was killed before its
 * teardown and whose watchdog did not get to them). Groups of live owners, such as another test
 * run on the same machine, are left alone.
 */
export function sweepStaleGroups(): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(os.tmpdir()).filter(e => e.startsWith(GROUP_PREFIX));
  } catch {
    return;
  }
  for (const entry of entries) {
    const dir = path.join(os.tmpdir(), entry);
    const pids = readPids(dir);
    if (!pids) {
      // The logs a failed or killed run left behind, kept for a day.
      if (ageMs(dir) > 24 * 3600_000) fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (isAlive(pids.owner)) continue;
    killProcessesSync(pids.processes, dir);
    fs.rmSync(path.join(dir, 'etcd'), { recursive: true, force: true });
    fs.rmSync(path.join(dir, 'pids'), { force: true });
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** The last `lines` lines of a log file (empty if it cannot be read). */
export function logTail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf-8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
