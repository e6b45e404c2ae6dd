import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { agent, Case, IMAGE } from './case';

/**
 * Pod specs generated with fast-check, built through the public API like the hand-written cases:
 * containers (names, images, ports, env, resources, probes), DNS, sysctls, tolerations, pod
 * labels and annotations, emptyDir volumes. Values that cdk8s itself refuses at
 * construction (negative durations and sizes, a port given twice) are not drawn. A fixed seed
 * makes the run reproducible; fast-check prints the seed and the shrunk counterexample when the
 * library and the API server disagree. `GENERATED_SEED=<n>` in the environment tries another seed.
 */

export const GENERATED_SEED = Number(process.env.GENERATED_SEED ?? 20260117);
export const GENERATED_RUNS = 200;

// Each value is drawn from valid candidates 39 times in 40, from invalid ones otherwise: with some
// thirty values per spec, about half the specs hold no problem, the others one or several.
const CONTAINER_NAMES = pick(['main', 'sidecar', 'exporter', 'a'.repeat(63)], ['Main', 'with_underscore', '-dash', 'a'.repeat(64)]);
const IMAGES = pick([IMAGE, `registry.example.com/other@sha256:${'a'.repeat(64)}`], ['']);
const PORTS = pick([1, 80, 9100, 65535], [0, 65536, -1]);
const PORT_NAMES = pick([undefined, 'http', 'metrics', 'http-metrics'], ['Metrics', 'http-metrics-long', 'a--b', '8080']);
const ENV_NAMES = pick(['LOG_LEVEL', 'my.env-name', '1STARTS_WITH_DIGIT', 'has space'], ['A=B', 'ünïcode', '']);
type Amounts = { request?: number; limit?: number };
const CPU = pick<Amounts>([{}, { request: 50, limit: 250 }, { request: 0 }, { limit: 1000 }, { request: 250, limit: 250 }],
  [{ request: 1000, limit: 50 }, { request: -100 }, { limit: -1 }]);
const MEMORY = pick<Amounts>([{}, { request: 64, limit: 128 }, { limit: 512 }, { request: 0 }], [{ request: 512, limit: 64 }]);
const COMMANDS = pick([['true'], ['cat', '/tmp/healthy']], [[]]);
const TIMINGS = [undefined, 0, 1, 10, 300];
const NAMESERVERS = pick(['10.96.0.10', '8.8.8.8', 'fd00::10', '010.0.0.1'], ['not-an-ip', '256.1.1.1']);
const SEARCHES = pick(['svc.cluster.local', 'example.com.', '_srv.example.com', '.'], ['UPPER.example.com', 'a..b']);
const SYSCTLS = pick(['net.ipv4.ip_local_port_range', 'kernel.shm_rmid_forced', 'net/ipv4/tcp_syncookies'], ['Kernel.Bad', 'a..b', '']);
const TAINT_KEYS = pick(['example.com/dedicated', 'node-role.kubernetes.io/infra', 'dedicated'], ['bad key', 'Example.com/Upper']);
const TAINT_VALUES = pick(['true', '', 'agents'], ['bad value!', 'x'.repeat(64)]);
const LABEL_KEYS = pick(['example.com/tier', 'tier', 'Tier'], ['Example.COM/upper', 'bad key', 'a/b/c']);
const LABEL_VALUES = pick(['agent', '', 'x'.repeat(63)], ['x'.repeat(64), 'bad value!', '-leading']);
const ANNOTATION_KEYS = pick(['example.com/note', 'Example.COM/Note', 'note'], ['bad key', 'a/b/c']);
const SIZE_LIMITS = [undefined, 0, 64];

function pick<T>(valid: T[], invalid: T[]): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 39 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });
}

export interface ProbeInput {
  readonly kind: 'http' | 'tcp' | 'command';
  readonly port: number;
  readonly command: string[];
  readonly initialDelay?: number;
  readonly period?: number;
  readonly timeout?: number;
  readonly failureThreshold?: number;
}

export interface ContainerInput {
  readonly name: string;
  readonly image: string;
  readonly ports: { number: number; name?: string; protocol: kplus.Protocol }[];
  readonly env: { name: string; value: string }[];
  readonly cpu: { request?: number; limit?: number };
  readonly memory: { request?: number; limit?: number };
  readonly liveness?: ProbeInput;
  readonly readiness?: ProbeInput;
}

export interface PodSpecInput {
  readonly containers: ContainerInput[];
  readonly nameservers: string[];
  readonly searches: string[];
  readonly sysctls: string[];
  readonly tolerations: { key: string; value: string }[];
  readonly labels: [string, string][];
  readonly annotations: [string, string][];
  readonly emptyDirs: (number | undefined)[];
}

const probe = (): fc.Arbitrary<ProbeInput> => fc.record({
  kind: fc.constantFrom('http', 'tcp', 'command'),
  port: PORTS,
  command: COMMANDS,
  initialDelay: fc.constantFrom(...TIMINGS),
  period: fc.constantFrom(...TIMINGS),
  timeout: fc.constantFrom(...TIMINGS),
  failureThreshold: fc.constantFrom(undefined, 0, 3),
}, { requiredKeys: ['kind', 'port', 'command'] });

const container = (): fc.Arbitrary<ContainerInput> => fc.record({
  name: CONTAINER_NAMES,
  image: IMAGES,
  // cdk8s-plus refuses a port number or name given twice at construction: unique ones only.
  ports: fc.uniqueArray(fc.record({
    number: PORTS,
    name: PORT_NAMES,
    protocol: fc.constantFrom(kplus.Protocol.TCP, kplus.Protocol.UDP, kplus.Protocol.SCTP),
  }, { requiredKeys: ['number', 'protocol'] }), { maxLength: 3, comparator: (a, b) => a.number === b.number || (a.name !== undefined && a.name === b.name) }),
  env: fc.array(fc.record({ name: ENV_NAMES, value: fc.constantFrom('1', 'debug') }), { maxLength: 3 }),
  cpu: CPU,
  memory: MEMORY,
  liveness: probe(),
  readiness: probe(),
}, { requiredKeys: ['name', 'image', 'ports', 'env', 'cpu', 'memory'] });

/** The arbitrary of generated pod specs (unbiased: every candidate is as likely in every run). */
export function podSpecInput(): fc.Arbitrary<PodSpecInput> {
  return fc.noBias(fc.record({
    // Two containers with one name are a hand-written case: names are unique here.
    containers: fc.uniqueArray(container(), { minLength: 1, maxLength: 3, selector: c => c.name }),
    // cdk8s-plus refuses more than 3 nameservers while serializing (cases/dns.ts covers it).
    nameservers: fc.uniqueArray(NAMESERVERS, { maxLength: 3 }),
    searches: fc.uniqueArray(SEARCHES, { maxLength: 3 }),
    sysctls: fc.uniqueArray(SYSCTLS, { maxLength: 2 }),
    tolerations: fc.array(fc.record({ key: TAINT_KEYS, value: TAINT_VALUES }), { maxLength: 2 }),
    labels: fc.array(fc.tuple(LABEL_KEYS, LABEL_VALUES), { maxLength: 2 }),
    annotations: fc.array(fc.tuple(ANNOTATION_KEYS, fc.constantFrom('x', '')), { maxLength: 2 }),
    emptyDirs: fc.array(fc.constantFrom(...SIZE_LIMITS), { maxLength: 2 }),
  }));
}

function toProbe(p: ProbeInput): kplus.Probe {
  const seconds = (n?: number) => n === undefined ? undefined : Duration.seconds(n);
  const options = {
    initialDelaySeconds: seconds(p.initialDelay),
    periodSeconds: seconds(p.period),
    timeoutSeconds: seconds(p.timeout),
    failureThreshold: p.failureThreshold,
  };
  switch (p.kind) {
    case 'http': return kplus.Probe.fromHttpGet('/healthz', { ...options, port: p.port });
    case 'tcp': return kplus.Probe.fromTcpSocket({ ...options, port: p.port });
    default: return kplus.Probe.fromCommand(p.command, options);
  }
}

/** The case of a generated input. */
export function generatedCase(input: PodSpecInput): Case {
  return {
    family: 'generated pod specs',
    name: `generated: ${JSON.stringify(input)}`,
    build: (chart: Chart) => {
      const ds = agent(chart, {
        containers: [],
        dns: input.nameservers.length || input.searches.length
          ? { policy: input.nameservers.length ? kplus.DnsPolicy.NONE : undefined, nameservers: input.nameservers, searches: input.searches }
          : undefined,
        securityContext: { sysctls: input.sysctls.map(name => ({ name, value: '1' })) },
      });
      for (const c of input.containers) {
        const cpu = c.cpu.request === undefined && c.cpu.limit === undefined ? undefined : {
          request: c.cpu.request === undefined ? undefined : kplus.Cpu.millis(c.cpu.request),
          limit: c.cpu.limit === undefined ? undefined : kplus.Cpu.millis(c.cpu.limit),
        };
        const memory = c.memory.request === undefined && c.memory.limit === undefined ? undefined : {
          request: c.memory.request === undefined ? undefined : Size.mebibytes(c.memory.request),
          limit: c.memory.limit === undefined ? undefined : Size.mebibytes(c.memory.limit),
        };
        const added = ds.addContainer({
          name: c.name,
          image: c.image,
          ports: c.ports.map(p => ({ number: p.number, name: p.name, protocol: p.protocol })),
          envVariables: Object.fromEntries(c.env.map(e => [e.name, kplus.EnvValue.fromValue(e.value)])),
          resources: cpu || memory ? { cpu, memory } : undefined,
          liveness: c.liveness ? toProbe(c.liveness) : undefined,
          readiness: c.readiness ? toProbe(c.readiness) : undefined,
        });
        input.emptyDirs.forEach((size, i) => {
          if (added === ds.containers[0]) {
            added.mount(`/data/${i}`, kplus.Volume.fromEmptyDir(chart, `EmptyDir${i}`, `data-${i}`, { sizeLimit: size === undefined ? undefined : Size.mebibytes(size) }));
          }
        });
      }
      for (const t of input.tolerations) {
        ds.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.is(t.key, t.value, { effect: kplus.TaintEffect.NO_SCHEDULE })));
      }
      for (const [key, value] of input.labels) {
        ds.podMetadata.addLabel(key, value);
      }
      for (const [key, value] of input.annotations) {
        ds.podMetadata.addAnnotation(key, value);
      }
    },
  };
}
