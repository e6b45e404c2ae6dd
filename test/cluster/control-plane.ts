import { ChildProcess, execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { freePort, logTail, ProcessGroup, readPids, stopProcesses } from './processes';

/**
 * A real Kubernetes control plane on 127.0.0.1 for the cluster tests: etcd and kube-apiserver,
 * optionally kube-controller-manager, kube-scheduler and KWOK (simulated nodes whose pods "run").
 * The binaries come from scripts/install-kube.sh (built once per machine).
 */

const ROOT = path.resolve(__dirname, '..', '..');

/** Paths of the binaries built by scripts/install-kube.sh, and their versions. */
export interface KubeBinaries {
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly kubeVersion: string;
  readonly etcd: string;
  readonly etcdVersion: string;
  readonly kwok: string;
  readonly kwokVersion: string;
  /** KWOK's "fast" node and pod stages, for `kwok --config`. */
  readonly kwokStages: string;
}

/**
 * Runs scripts/install-kube.sh (a no-op taking milliseconds once the binaries are cached; a build
 * of 5 to 25 minutes the first time on a machine) and returns the binaries' paths.
 */
export function installKube(): KubeBinaries {
  let out: string;
  try {
    out = execFileSync('bash', [path.join(ROOT, 'scripts', 'install-kube.sh')], {
      encoding: 'utf-8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1024 * 1024,
    });
  } catch (e) {
    throw new Error(`scripts/install-kube.sh failed (its message above names the build log): ${(e as Error).message}`);
  }
  const vars: Record<string, string> = {};
  for (const m of out.matchAll(/^([A-Z_]+)='([^']*)'$/gm)) vars[m[1]] = m[2];
  const get = (name: string) => {
    if (!vars[name]) throw new Error(`scripts/install-kube.sh did not print ${name}; it printed:\n${out}`);
    return vars[name];
  };
  return {
    kubeApiserver: get('KUBE_APISERVER'),
    kubeControllerManager: get('KUBE_CONTROLLER_MANAGER'),
    kubeScheduler: get('KUBE_SCHEDULER'),
    kubeVersion: get('KUBE_VERSION'),
    etcd: get('ETCD'),
    etcdVersion: get('ETCD_VERSION'),
    kwok: get('KWOK'),
    kwokVersion: get('KWOK_VERSION'),
    kwokStages: get('KWOK_STAGES'),
  };
}

/** Files every API server of a cluster shares: CA, serving certificate, tokens, service-account keys. */
export interface ClusterPki {
  readonly caFile: string;
  readonly caKeyFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** `--token-auth-file`: one admin token (group system:masters) and one per component. */
  readonly tokenFile: string;
  readonly serviceAccountPublicKey: string;
  readonly serviceAccountPrivateKey: string;
}

/** Everything a test needs to reach a running cluster; JSON, written to `<dir>/cluster.json`. */
export interface ClusterInfo {
  /** The directory of the cluster's servers: logs, certificates, etcd data, kubeconfigs. */
  readonly dir: string;
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** PEM of the CA that signed the API server's certificate. */
  readonly ca: string;
  /** Bearer token of a user in group system:masters. */
  readonly token: string;
  /** A kubeconfig with that user, e.g. for `kubectl --kubeconfig` while debugging. */
  readonly kubeconfig: string;
  /** http://127.0.0.1:<port> */
  readonly etcdServer: string;
  /** The servers running: etcd, kube-apiserver, and any of kube-controller-manager, kube-scheduler, kwok. */
  readonly components: string[];
  /** Log file of each server. */
  readonly logs: Record<string, string>;
  /** Milliseconds each step of the start took (etcd, kube-apiserver, the rest together). */
  readonly startupMs: Record<string, number>;
  readonly pki: ClusterPki;
  readonly binaries: KubeBinaries;
}

export interface ControlPlaneOptions {
  /** Default: scripts/install-kube.sh's. */
  readonly binaries?: KubeBinaries;
  /** Also start kube-controller-manager and kube-scheduler. Default false. */
  readonly controllers?: boolean;
  /** Also start KWOK, managing nodes annotated `kwok.x-k8s.io/node=fake`. Default false. */
  readonly kwok?: boolean;
  /** Extra kube-apiserver flags (`--name=value`; a flag given here replaces the harness's own). */
  readonly apiServerArgs?: readonly string[];
  /** How long each server may take to become ready. Default 120 s (a busy 2-core machine). */
  readonly readyTimeoutMs?: number;
}

/** The annotation KWOK's default selector manages nodes by. */
export const KWOK_NODE_ANNOTATION = { 'kwok.x-k8s.io/node': 'fake' };

const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const DEFAULT_READY_TIMEOUT_MS = 120_000;

/** A running control plane. `stop()` ends every server by PID and removes its directory. */
export class ControlPlane {
  constructor(readonly info: ClusterInfo, private readonly group: ProcessGroup) {}

  /** Stops every server (SIGTERM, SIGKILL after 10 s) and checks none is left. */
  async stop(): Promise<void> {
    // Clients first, so nothing retries against a stopping API server; etcd last.
    await this.group.stop(['kwok', 'kube-scheduler', 'kube-controller-manager']);
    await this.group.stop(this.group.processes.filter(p => p.name.startsWith('kube-apiserver')).map(p => p.name));
    await this.group.release();
  }
}

/** Starts etcd and kube-apiserver (and, as asked, the controllers and KWOK) and waits until all are ready. */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const binaries = options.binaries ?? installKube();
  const timeout = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const group = new ProcessGroup('main');
  const dir = group.dir;
  const logs: Record<string, string> = {};
  const startupMs: Record<string, number> = {};
  try {
    const tokens = {
      admin: randomToken(),
      controllerManager: randomToken(),
      scheduler: randomToken(),
      kwok: randomToken(),
    };
    const pki = createPki(path.join(dir, 'pki'), [
      `${tokens.admin},cdk8s-daemonsets-test-admin,admin,"system:masters"`,
      `${tokens.controllerManager},system:kube-controller-manager,kube-controller-manager`,
      `${tokens.scheduler},system:kube-scheduler,kube-scheduler`,
      `${tokens.kwok},kwok-controller,kwok,"system:masters"`,
    ]);
    const ca = fs.readFileSync(pki.caFile, 'utf-8');

    let t = Date.now();
    const etcdServer = await startEtcd(group, binaries, logs, timeout);
    startupMs.etcd = Date.now() - t;

    t = Date.now();
    const server = await startApiServerProcess(group, 'kube-apiserver', binaries, pki, etcdServer, '/registry',
      options.apiServerArgs ?? [], logs, timeout);
    startupMs['kube-apiserver'] = Date.now() - t;

    const kubeconfig = (name: string, token: string) => writeKubeconfig(path.join(dir, `${name}.kubeconfig`), server, pki.caFile, token);
    const adminKubeconfig = kubeconfig('admin', tokens.admin);
    const components = ['etcd', 'kube-apiserver'];

    t = Date.now();
    const starting: Promise<void>[] = [];
    if (options.controllers) {
      starting.push(startControllerManager(group, binaries, pki, kubeconfig('kube-controller-manager', tokens.controllerManager), logs, timeout));
      starting.push(startScheduler(group, binaries, kubeconfig('kube-scheduler', tokens.scheduler), logs, timeout));
      components.push('kube-controller-manager', 'kube-scheduler');
    }
    if (options.kwok) {
      starting.push(startKwok(group, binaries, kubeconfig('kwok', tokens.kwok), logs, timeout));
      components.push('kwok');
    }
    // Wait for all (so none is left starting unobserved), then report the first failure.
    const results = await Promise.allSettled(starting);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (starting.length > 0) startupMs[components.slice(2).join('+')] = Date.now() - t;

    const info: ClusterInfo = {
      dir, server, ca, token: tokens.admin, kubeconfig: adminKubeconfig, etcdServer, components, logs, startupMs, pki, binaries,
    };
    fs.writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(info, undefined, 2));
    return new ControlPlane(info, group);
  } catch (e) {
    await group.release({ keepLogs: true });
    throw e;
  }
}

/**
 * Stops the servers of a cluster by the PIDs recorded in its directory, from any process (e.g.
 * a jest globalTeardown that did not start it), and removes the directory.
 */
export async function stopClusterByPid(dir: string): Promise<void> {
  const pids = readPids(dir);
  if (pids) {
    const order = [['kwok', 'kube-scheduler', 'kube-controller-manager'], ['kube-apiserver'], ['etcd']];
    for (const names of order) {
      await stopProcesses(pids.processes.filter(p => names.some(n => p.name.startsWith(n))), dir);
    }
    await stopProcesses(pids.processes, dir);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A kube-apiserver started next to a cluster's own, with other flags. */
export interface ApiServerVariant {
  /** Connection info of the variant (same CA and token as the cluster; its own server URL). */
  readonly info: ClusterInfo;
  /** PIDs of its process(es). */
  readonly pids: number[];
  stop(): Promise<void>;
}

export interface ApiServerVariantOptions {
  /** Extra kube-apiserver flags; a flag given here replaces the harness's own. */
  readonly args?: readonly string[];
  /**
   * Also start kube-controller-manager, kube-scheduler and KWOK against the variant, so that its
   * DaemonSets get pods on simulated nodes as on the cluster's own API server. Default false.
   */
  readonly fleet?: boolean;
  /**
   * Files written to the variant's directory before it starts, by name; `{{dir}}` in `args` is
   * replaced by that directory (e.g. `--admission-control-config-file={{dir}}/admission.yaml`).
   */
  readonly files?: Record<string, string>;
  readonly readyTimeoutMs?: number;
}

/**
 * Starts another kube-apiserver on the cluster's etcd, with its own key prefix (so it sees an
 * empty cluster of its own), on a free port, with extra flags: for behaviour that depends on
 * API server configuration, e.g. an admission configuration. Stop it with `stop()`; if the
 * process that started it dies first, its watchdog stops it.
 */
export async function startApiServerVariant(cluster: ClusterInfo, options: ApiServerVariantOptions = {}): Promise<ApiServerVariant> {
  const group = new ProcessGroup('variant');
  const dir = group.dir;
  try {
    for (const [name, content] of Object.entries(options.files ?? {})) fs.writeFileSync(path.join(dir, name), content);
    const args = (options.args ?? []).map(a => a.split('{{dir}}').join(dir));
    const logs: Record<string, string> = {};
    const t = Date.now();
    const prefix = `/cdk8s-daemonsets-variant-${path.basename(dir)}`;
    const timeout = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    const server = await startApiServerProcess(group, 'kube-apiserver', cluster.binaries, cluster.pki, cluster.etcdServer, prefix, args, logs, timeout);
    const startupMs: Record<string, number> = { 'kube-apiserver': Date.now() - t };
    const components = ['kube-apiserver'];
    if (options.fleet) {
      // The components authenticate as on the cluster's own server: the same token file.
      const tokens = componentTokens(cluster.pki.tokenFile);
      const kubeconfig = (name: string) => writeKubeconfig(path.join(dir, `${name}.kubeconfig`), server, cluster.pki.caFile, tokens[name]);
      const started = Date.now();
      const results = await Promise.allSettled([
        startControllerManager(group, cluster.binaries, cluster.pki, kubeconfig('kube-controller-manager'), logs, timeout),
        startScheduler(group, cluster.binaries, kubeconfig('kube-scheduler'), logs, timeout),
        startKwok(group, cluster.binaries, kubeconfig('kwok'), logs, timeout),
      ]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      components.push('kube-controller-manager', 'kube-scheduler', 'kwok');
      startupMs['kube-controller-manager+kube-scheduler+kwok'] = Date.now() - started;
    }
    const info: ClusterInfo = {
      ...cluster,
      dir,
      server,
      kubeconfig: writeKubeconfig(path.join(dir, 'admin.kubeconfig'), server, cluster.pki.caFile, cluster.token),
      components,
      logs,
      startupMs,
    };
    return { info, pids: group.processes.map(p => p.pid), stop: () => group.release() };
  } catch (e) {
    await group.release({ keepLogs: true });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Servers

async function startEtcd(group: ProcessGroup, binaries: KubeBinaries, logs: Record<string, string>, timeout: number): Promise<string> {
  const log = path.join(group.dir, 'etcd.log');
  logs.etcd = log;
  return retryOnPortClash(log, async () => {
    const [client, peer] = [await freePort(), await freePort()];
    const clientUrl = `http://127.0.0.1:${client}`;
    const peerUrl = `http://127.0.0.1:${peer}`;
    const child = group.spawn('etcd', binaries.etcd, [
      '--name=test',
      `--data-dir=${path.join(group.dir, 'etcd')}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=test=${peerUrl}`,
      // Test data: nothing to keep across a crash, and fsync is the slowest part on a busy disk.
      '--unsafe-no-fsync=true',
      '--log-level=warn',
    ], log);
    await waitReady('etcd', child, log, timeout, async () => {
      const r = await httpGet(`${clientUrl}/health`);
      return r.status === 200 && r.body.includes('"health":"true"');
    });
    return clientUrl;
  });
}

async function startApiServerProcess(group: ProcessGroup, name: string, binaries: KubeBinaries, pki: ClusterPki, etcdServer: string,
  etcdPrefix: string, extraArgs: readonly string[], logs: Record<string, string>, timeout: number): Promise<string> {
  const log = path.join(group.dir, `${name}.log`);
  logs[name] = log;
  return retryOnPortClash(log, async () => {
    const port = await freePort();
    const server = `https://127.0.0.1:${port}`;
    const args = mergeFlags([
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--etcd-servers=${etcdServer}`,
      `--etcd-prefix=${etcdPrefix}`,
      `--cert-dir=${path.join(group.dir, name)}`,
      `--tls-cert-file=${pki.certFile}`,
      `--tls-private-key-file=${pki.keyFile}`,
      `--client-ca-file=${pki.caFile}`,
      // As kubeadm sets them: the controller-manager and scheduler read these from the
      // extension-apiserver-authentication ConfigMap and log errors while one is missing. No
      // front-proxy client certificate is issued.
      `--requestheader-client-ca-file=${pki.caFile}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--token-auth-file=${pki.tokenFile}`,
      '--authorization-mode=RBAC',
      `--service-account-key-file=${pki.serviceAccountPublicKey}`,
      `--service-account-signing-key-file=${pki.serviceAccountPrivateKey}`,
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      // Without it privileged pods are "disallowed by cluster policy".
      '--allow-privileged=true',
      // The kubernetes Service's Endpoints cannot hold a loopback address.
      '--endpoint-reconciler-type=none',
      '--profiling=false',
    ], extraArgs);
    const ca = fs.readFileSync(pki.caFile);
    const child = group.spawn(name, binaries.kubeApiserver, args, log);
    // /readyz is open to anonymous users (system:public-info-viewer) and is 200 once etcd is
    // reachable and every post-start hook (RBAC bootstrap roles, priority classes...) has run.
    await waitReady(name, child, log, timeout, async () => (await httpGet(`${server}/readyz`, { ca })).status === 200);
    return server;
  });
}

async function startControllerManager(group: ProcessGroup, binaries: KubeBinaries, pki: ClusterPki, kubeconfig: string,
  logs: Record<string, string>, timeout: number): Promise<void> {
  const log = path.join(group.dir, 'kube-controller-manager.log');
  logs['kube-controller-manager'] = log;
  await retryOnPortClash(log, async () => {
    const port = await freePort();
    const child = group.spawn('kube-controller-manager', binaries.kubeControllerManager, [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${path.join(group.dir, 'kube-controller-manager')}`,
      // One instance: no lease to wait for.
      '--leader-elect=false',
      // Each controller acts as its own service account, with its own RBAC role, as in kubeadm clusters.
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki.serviceAccountPrivateKey}`,
      `--root-ca-file=${pki.caFile}`,
      // Room for the DaemonSet controller to create pods on a simulated fleet quickly.
      '--kube-api-qps=100',
      '--kube-api-burst=200',
      '--profiling=false',
    ], log);
    await waitReady('kube-controller-manager', child, log, timeout,
      async () => (await httpGet(`https://127.0.0.1:${port}/healthz`, { insecure: true })).status === 200);
  });
}

async function startScheduler(group: ProcessGroup, binaries: KubeBinaries, kubeconfig: string, logs: Record<string, string>,
  timeout: number): Promise<void> {
  const log = path.join(group.dir, 'kube-scheduler.log');
  logs['kube-scheduler'] = log;
  await retryOnPortClash(log, async () => {
    const port = await freePort();
    const child = group.spawn('kube-scheduler', binaries.kubeScheduler, [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${path.join(group.dir, 'kube-scheduler')}`,
      '--leader-elect=false',
      '--profiling=false',
    ], log);
    await waitReady('kube-scheduler', child, log, timeout,
      async () => (await httpGet(`https://127.0.0.1:${port}/healthz`, { insecure: true })).status === 200);
  });
}

async function startKwok(group: ProcessGroup, binaries: KubeBinaries, kubeconfig: string, logs: Record<string, string>,
  timeout: number): Promise<void> {
  const log = path.join(group.dir, 'kwok.log');
  logs.kwok = log;
  const workdir = path.join(group.dir, 'kwok');
  fs.mkdirSync(workdir, { recursive: true });
  const stages = writeKwokStages(binaries.kwokStages, path.join(group.dir, 'kwok-stages.yaml'));
  await retryOnPortClash(log, async () => {
    const port = await freePort();
    const child = group.spawn('kwok', binaries.kwok, [
      `--kubeconfig=${kubeconfig}`,
      // Standalone kwok has no stages built in: the "fast" ones (nodes Ready at once, pods Running),
      // with the pod delays a pod may ask for.
      `--config=${stages}`,
      '--manage-all-nodes=false',
      `--manage-nodes-with-annotation-selector=${Object.entries(KWOK_NODE_ANNOTATION).map(([k, v]) => `${k}=${v}`).join(',')}`,
      '--node-lease-duration-seconds=40',
      '--cidr=10.244.0.1/16',
      // Its health and node endpoints, on loopback (by default it would listen on all interfaces).
      `--server-address=127.0.0.1:${port}`,
    ], log, {
      ...process.env,
      // Not ~/.kwok: no kwok.yaml of the user's is loaded.
      KWOK_WORKDIR: workdir,
    });
    await waitReady('kwok', child, log, timeout, async () => (await httpGet(`http://127.0.0.1:${port}/healthz`)).status === 200);
  });
}

/**
 * An admission configuration that limits the system priority classes as managed clusters do (GKE
 * by default): the ResourceQuota admission admits a pod of `system-node-critical` or
 * `system-cluster-critical` only in a namespace holding a ResourceQuota whose scope selects its
 * class (https://kubernetes.io/docs/concepts/policy/resource-quotas/#limit-priority-class-consumption-by-default).
 * For `startVariant({ args: ['--admission-control-config-file={{dir}}/admission.yaml'], files: { 'admission.yaml': ... } })`.
 */
export const PRIORITY_CLASS_QUOTA_ADMISSION = `
apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: ResourceQuota
  configuration:
    apiVersion: apiserver.config.k8s.io/v1
    kind: ResourceQuotaConfiguration
    limitedResources:
    - resource: pods
      matchScopes:
      - scopeName: PriorityClass
        operator: In
        values: [system-node-critical, system-cluster-critical]
`;

/**
 * Pod annotations that make KWOK take time, as a kubelet does, for the pods that carry them: a
 * duration (`1s`, `500ms`) from the pod's binding to its node until it is Running and Ready, and
 * from its deletion until it is gone (a kubelet stopping the containers). Without them, both are
 * immediate. For rollouts that take measurable time.
 */
export const KWOK_DELAY_ANNOTATIONS = {
  ready: 'pod-ready.stage.kwok.x-k8s.io/delay',
  delete: 'pod-delete.stage.kwok.x-k8s.io/delay',
};

/**
 * Writes KWOK's "fast" stages (from scripts/install-kube.sh) to `file`, with the pod-ready and
 * pod-delete stages delayed by the pod's `KWOK_DELAY_ANNOTATIONS` (0 without them), as KWOK's own
 * "general" stages read them.
 */
export function writeKwokStages(fastStages: string, file: string): string {
  const delays: Record<string, string> = { 'pod-ready': KWOK_DELAY_ANNOTATIONS.ready, 'pod-delete': KWOK_DELAY_ANNOTATIONS.delete };
  const documents = parseAllDocuments(fs.readFileSync(fastStages, 'utf-8')).map(d => d.toJS()).filter(d => d);
  for (const stage of documents) {
    const annotation = delays[stage.metadata?.name];
    if (annotation) {
      stage.spec.delay = { durationMilliseconds: 0, durationFrom: { expressionFrom: `.metadata.annotations["${annotation}"]` } };
    }
  }
  const missing = Object.keys(delays).filter(name => !documents.some(d => d.metadata?.name === name));
  if (missing.length > 0) throw new Error(`${fastStages} has no stage ${missing.join(', ')}: rebuild it with scripts/install-kube.sh`);
  fs.writeFileSync(file, documents.map(d => stringify(d, { lineWidth: 0 })).join('---\n'));
  return file;
}

/** Runs `start` again with fresh ports (at most twice more) when a server lost its port to another process. */
async function retryOnPortClash<T>(log: string, start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (e) {
      if (attempt >= 3 || !/address already in use/.test(logTail(log, 40))) throw e;
      fs.appendFileSync(log, `\n--- port taken meanwhile; starting again on other ports (attempt ${attempt + 1}) ---\n`);
    }
  }
}

/**
 * Polls `probe` until it returns true. Throws an Error naming the log file if the process exits
 * first or the time runs out.
 */
async function waitReady(name: string, child: ChildProcess, log: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode}) before it was ready; `
        + `see its log ${log}:\n${logTail(log)}`);
    }
    try {
      if (await probe()) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${name} was not ready within ${timeoutMs / 1000} s; see its log ${log}:\n${logTail(log)}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** Replaces the flags of `base` that `extra` sets again (by name) and appends the rest of `extra`. */
export function mergeFlags(base: readonly string[], extra: readonly string[]): string[] {
  const flagName = (a: string) => a.split('=')[0];
  const overridden = new Set(extra.map(flagName));
  return [...base.filter(a => !overridden.has(flagName(a))), ...extra];
}

function httpGet(url: string, options: { ca?: Buffer; insecure?: boolean } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { ca: options.ca, rejectUnauthorized: !options.insecure, timeout: 3000, agent: false }, res => {
      let body = '';
      res.setEncoding('utf-8');
      res.on('data', chunk => body += chunk);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: GET ${url}`)));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// Certificates, keys, tokens, kubeconfigs

function randomToken(): string {
  return crypto.randomBytes(24).toString('hex');
}

/** The token of each component in a `--token-auth-file` (`token,user,uid,"groups"`), by uid. */
function componentTokens(tokenFile: string): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const line of fs.readFileSync(tokenFile, 'utf-8').split('\n')) {
    const [token, , uid] = line.split(',');
    if (token && uid) tokens[uid] = token;
  }
  return tokens;
}

/**
 * A CA and a serving certificate for 127.0.0.1 (openssl, EC P-256), the token file, and the
 * service-account key pair (Node crypto).
 */
function createPki(dir: string, tokenLines: readonly string[]): ClusterPki {
  fs.mkdirSync(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);
  // No system openssl.cnf: only the extensions given here.
  fs.writeFileSync(file('openssl.cnf'), '[req]\ndistinguished_name = dn\n[dn]\n');
  const openssl = (args: string[]) => execFileSync('openssl', ['req', '-config', file('openssl.cnf'), '-x509', '-days', '7', '-nodes',
    '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl(['-keyout', file('ca.key'), '-out', file('ca.crt'), '-subj', '/CN=cdk8s-daemonsets-test-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
  const names = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
  openssl(['-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-keyout', file('apiserver.key'), '-out', file('apiserver.crt'),
    '-subj', '/CN=kube-apiserver',
    '-addext', `subjectAltName=IP:127.0.0.1,IP:10.0.0.1,${names.map(n => `DNS:${n}`).join(',')}`,
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment',
    '-addext', 'extendedKeyUsage=serverAuth']);
  const sa = crypto.generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  fs.writeFileSync(file('sa.pub'), sa.publicKey);
  fs.writeFileSync(file('sa.key'), sa.privateKey, { mode: 0o600 });
  fs.writeFileSync(file('tokens.csv'), tokenLines.join('\n') + '\n', { mode: 0o600 });
  return {
    caFile: file('ca.crt'),
    caKeyFile: file('ca.key'),
    certFile: file('apiserver.crt'),
    keyFile: file('apiserver.key'),
    tokenFile: file('tokens.csv'),
    serviceAccountPublicKey: file('sa.pub'),
    serviceAccountPrivateKey: file('sa.key'),
  };
}

function writeKubeconfig(file: string, server: string, caFile: string, token: string): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { 'server': server, 'certificate-authority': caFile } }],
    users: [{ name: 'user', user: { token } }],
    contexts: [{ name: 'test', context: { cluster: 'test', user: 'user' } }],
    ['current-context']: 'test',
  };
  fs.writeFileSync(file, JSON.stringify(config, undefined, 2), { mode: 0o600 });
  return file;
}
