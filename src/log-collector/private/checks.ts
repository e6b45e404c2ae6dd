import { SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CONFIG_KEY, DOCKER_CONTAINERS, FILEBEAT_JOURNALCTL_IMAGE, LOKI_LABEL, MACHINE_ID, VAR_LOG } from './defaults';
import { CREDENTIALS_IN_URL, FILEBEAT_MAIN, FLUENT_BIT_MAIN, FLUENTD_MAIN, parseEndpoint, redactUrl, VOLATILE_JOURNAL } from './pipeline';
import { fail } from '../../core/private/errors';
import { checkReason } from '../../core/private/exemptions';
import { parseImage } from '../../validation/images';
import { checkDnsLabel, checkDnsSubdomain } from '../../validation/names';
import { LogCollectorAgent, LogCollectorAgentKind } from '../agent';
import { LogCollectorHostMount } from '../host-mount';
import { LogOutput, LogOutputKind } from '../output';
import { LogOutputAuthKind } from '../output-auth';
import type { LogCollectorDaemonSetProps } from '../props';

// The checks of the props of `LogCollectorDaemonSet`: each throws at construction, naming the
// construct, the prop and the fix.

export function checkNames(scope: IConstruct, name: string, namespace: string): void {
  // The Service is named `<name>-metrics` and Service names are DNS-1035 labels (a letter first).
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 55) {
    fail(scope, {
      prop: 'name',
      problem: 'cannot name every object of the collector',
      received: name,
      allowed: 'at most 55 lowercase letters, digits and \'-\', starting with a letter and ending with a letter or digit (the Service adds \'-metrics\')',
      fix: 'choose a name such as \'fluent-bit\'',
    });
  }
  const problem = checkDnsLabel(namespace);
  if (problem) {
    fail(scope, { prop: 'namespace', problem: 'is not a valid namespace name', received: namespace, allowed: problem, fix: 'use a namespace name such as \'logging\'' });
  }
}

export function checkAgent(scope: IConstruct, agent: LogCollectorAgent): void {
  const custom = agent.kind === LogCollectorAgentKind.CUSTOM;
  const image: unknown = agent.image;
  if ((custom || image !== undefined) && (typeof image !== 'string' || image.trim() === '')) {
    fail(scope, {
      prop: 'agent.image',
      problem: custom ? 'is required for a custom agent' : 'is empty',
      received: image ?? 'unset',
      allowed: 'a pinned image reference',
      fix: custom
        ? 'pass LogCollectorAgent.custom({ image: \'registry.example.com/collector:1.2.3\', port, ... })'
        : 'pass a pinned image, or leave image out for the library\'s pinned default',
    });
  }
  for (const [prop, port] of [['agent.port', agent.port], ['agent.metricsPort', agent.metricsPort]] as const) {
    if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      fail(scope, {
        prop,
        problem: 'is not a port number',
        received: port,
        allowed: 'an integer from 1 to 65535',
        fix: 'give the port the agent\'s HTTP server listens on',
      });
    }
  }
  if (agent.livenessPath !== undefined && agent.livenessPath === agent.readinessPath) {
    fail(scope, {
      prop: 'agent.livenessPath',
      problem: 'is the readiness path too',
      received: agent.livenessPath,
      allowed: 'a liveness path other than readinessPath, or none (liveness is then a TCP check on the port)',
      fix: 'leave livenessPath out: a liveness probe that fails whenever readiness does restarts an agent that is only busy, and kube-score flags identical probes',
    });
  }
  const nameProblem = checkDnsLabel(agent.name);
  if (nameProblem) {
    fail(scope, { prop: 'agent.name', problem: 'is not a valid container name', received: agent.name, allowed: nameProblem, fix: 'choose a name like \'vector\'' });
  }
  for (const [prop, path] of [['agent.configDir', agent.configDir], ...agent.scratchDirs.map((d, i) => [`agent.scratchDirs[${i}]`, d])]) {
    if (!isCleanAbsolutePath(path)) {
      fail(scope, { prop, problem: 'is not an absolute path', received: path, allowed: 'an absolute path without \'..\' such as /etc/collector', fix: 'give the full path in the container' });
    }
  }
}

export function checkConfig(scope: IConstruct, props: LogCollectorDaemonSetProps, agent: LogCollectorAgent): void {
  const files = props.configFiles;
  const custom = agent.kind === LogCollectorAgentKind.CUSTOM;
  if (files && props.output) {
    fail(scope, {
      prop: 'output',
      problem: 'cannot be used with configFiles: the output is rendered into the generated config, which configFiles replaces',
      received: props.output.kind,
      allowed: 'either output (the generated pipeline) or configFiles (your whole config, outputs included)',
      fix: 'remove output and write the output into your config, or remove configFiles',
    });
  }
  if (custom && props.output) {
    fail(scope, {
      prop: 'output',
      problem: 'cannot be rendered for a custom agent: only Fluent Bit, Fluentd and Filebeat configs are generated',
      received: props.output.kind,
      allowed: 'output with LogCollectorAgent.fluentBit(), LogCollectorAgent.fluentd() or LogCollectorAgent.filebeat()',
      fix: 'remove output and put the output into the custom agent\'s configFiles',
    });
  }
  if (custom && !files) {
    fail(scope, {
      prop: 'configFiles',
      problem: 'is required for a custom agent: there is no generated pipeline for it',
      received: undefined,
      allowed: 'the agent\'s config files, file name to content',
      fix: `pass configFiles, e.g. { 'vector.yaml': '...' }, and point the agent's args at ${agent.configDir}`,
    });
  }
  if (files && props.journalUnits !== undefined && props.journalUnits.length > 0) {
    fail(scope, {
      prop: 'journalUnits',
      problem: 'only shapes the generated config, which configFiles replaces',
      received: props.journalUnits,
      allowed: 'journalUnits without configFiles',
      fix: 'remove journalUnits and add a journal input to your config (/var/log, with /var/log/journal, is mounted)',
    });
  }
  if (!files) {
    return;
  }
  const keys = Object.keys(files);
  if (keys.length === 0) {
    fail(scope, { prop: 'configFiles', problem: 'is empty', received: files, allowed: 'at least one file', fix: 'give the agent\'s config files, or remove configFiles to use the generated pipeline' });
  }
  for (const key of keys) {
    if (!CONFIG_KEY.test(key) || key.length > 253 || key === '.' || key === '..') {
      fail(scope, {
        prop: 'configFiles',
        problem: 'has a file name a ConfigMap cannot hold',
        received: key,
        allowed: 'names of letters, digits, \'-\', \'_\' and \'.\' (no directories), at most 253 characters',
        fix: 'use flat file names such as \'outputs.conf\' and include them from the main file',
      });
    }
    if (typeof files[key] !== 'string') {
      fail(scope, { prop: `configFiles.${key}`, problem: 'is not text', received: files[key], allowed: 'the file content as a string', fix: 'pass the content as a string' });
    }
  }
  const main = agent.kind === LogCollectorAgentKind.FLUENT_BIT ? [FLUENT_BIT_MAIN, 'fluent-bit.yaml']
    : agent.kind === LogCollectorAgentKind.FLUENTD ? [FLUENTD_MAIN]
      : agent.kind === LogCollectorAgentKind.FILEBEAT ? [FILEBEAT_MAIN] : [];
  if (main.length > 0 && !main.some(m => m in files)) {
    fail(scope, {
      prop: 'configFiles',
      problem: `has no ${main.join(' or ')}, the file ${agent.name} is started with`,
      received: keys,
      allowed: main.join(' or '),
      fix: `name the main file ${main[0]}`,
    });
  }
}

export function checkJournalUnits(scope: IConstruct, units: string[]): void {
  units.forEach((unit, i) => {
    if (typeof unit !== 'string' || !/^[A-Za-z0-9:_.@\\-]+\.(service|socket|scope|slice|target|mount|timer)$/.test(unit)) {
      fail(scope, {
        prop: `journalUnits[${i}]`,
        problem: 'is not a systemd unit name',
        received: unit,
        allowed: 'a unit name with its type, e.g. kubelet.service or containerd.service',
        fix: 'give the full unit name, as systemctl lists it',
      });
    }
  });
}

/** The options that shape the generated pipeline: not with `configFiles`, some for Fluent Bit only. */
export function checkPipelineOptions(scope: IConstruct, props: LogCollectorDaemonSetProps, agent: LogCollectorAgent): void {
  if (props.output && props.outputs) {
    fail(scope, { prop: 'outputs', problem: 'cannot be used with output', received: props.outputs.map(o => o.kind), allowed: 'either output or outputs', fix: 'put the output into outputs' });
  }
  if (props.outputs && props.outputs.length === 0) {
    fail(scope, { prop: 'outputs', problem: 'is empty', received: [], allowed: 'at least one output', fix: 'name the outputs, or leave outputs out for stdout' });
  }
  const generated: Array<[string, unknown]> = [['outputs', props.outputs], ['logLevel', props.logLevel], ['flushInterval', props.flushInterval],
    ['filesystemBuffer', props.filesystemBuffer], ['extraFilters', props.extraFilters], ['extraParsers', props.extraParsers],
    ['luaScripts', props.luaScripts], ['useKubelet', props.useKubelet]];
  for (const [prop, value] of generated) {
    if (value !== undefined && (props.configFiles || agent.kind === LogCollectorAgentKind.CUSTOM)) {
      fail(scope, {
        prop,
        problem: 'only shapes the generated config, which configFiles replaces',
        received: value,
        allowed: `${prop} with the generated pipeline of Fluent Bit, Fluentd or Filebeat`,
        fix: `remove ${prop} and write it into your config`,
      });
    }
  }
  const fluentd = agent.kind === LogCollectorAgentKind.FLUENTD;
  if (fluentd || agent.kind === LogCollectorAgentKind.FILEBEAT) {
    for (const [prop, value] of [['extraParsers', props.extraParsers], ['luaScripts', props.luaScripts], ['useKubelet', props.useKubelet]] as const) {
      if (value !== undefined && value !== false) {
        fail(scope, {
          prop,
          problem: 'is a Fluent Bit option',
          received: value,
          allowed: `${prop} with LogCollectorAgent.fluentBit()`,
          fix: prop === 'useKubelet'
            ? `remove it: ${fluentd ? 'Fluentd\'s metadata filter' : 'Filebeat\'s add_kubernetes_metadata'} watches the pods of its node already`
            : fluentd ? 'write Fluentd <parse> or <filter> blocks in extraFilters instead' : 'write Filebeat processors (e.g. decode_json_fields, script) in extraFilters instead',
        });
      }
    }
  }
  if (props.flushInterval !== undefined && !(props.flushInterval.toMilliseconds() >= 1)) {
    fail(scope, { prop: 'flushInterval', problem: 'is zero', received: props.flushInterval.toMilliseconds(), allowed: 'a positive duration', fix: 'use e.g. Duration.seconds(1)' });
  }
  const max = props.filesystemBuffer?.maxSize?.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
    fail(scope, { prop: 'filesystemBuffer.maxSize', problem: 'is not a whole number of mebibytes of at least 1', received: max, allowed: 'Size.mebibytes(n) or Size.gibibytes(n)', fix: 'use e.g. Size.gibibytes(1)' });
  }
  for (const file of Object.keys(props.luaScripts ?? {})) {
    if (!/^[-._a-zA-Z0-9]+\.lua$/.test(file) || file === 'fluent-bit.conf') {
      fail(scope, { prop: 'luaScripts', problem: 'has a file name that is not a flat *.lua name', received: file, allowed: 'names of letters, digits, \'-\', \'_\' and \'.\' ending in .lua', fix: 'rename the script, e.g. add-cluster.lua' });
    }
  }
}

/**
 * What Filebeat's generated config can render: one output (Filebeat sends to exactly one), stdout or
 * Elasticsearch (it has no forward, HTTP or Loki output); no Prometheus metrics to scrape; the journal
 * only with an image that has journalctl; a flush interval only for its memory queue.
 */
export function checkFilebeat(scope: IConstruct, props: LogCollectorDaemonSetProps, agent: LogCollectorAgent, outputs: LogOutput[],
  journalUnits: string[], image: string): void {
  if (agent.kind !== LogCollectorAgentKind.FILEBEAT) {
    return;
  }
  outputs.forEach((output, i) => {
    if (output.kind !== LogOutputKind.STDOUT && output.kind !== LogOutputKind.ELASTICSEARCH) {
      fail(scope, {
        prop: props.outputs ? `outputs[${i}]` : 'output',
        problem: `cannot be rendered for Filebeat: it has no ${output.kind} output`,
        received: output.kind,
        allowed: 'LogOutput.stdout() or LogOutput.elasticsearch() with Filebeat',
        fix: 'use LogCollectorAgent.fluentBit() for this output, or write Filebeat\'s output (e.g. output.logstash) into configFiles',
      });
    }
  });
  if (outputs.length > 1) {
    fail(scope, {
      prop: 'outputs',
      problem: 'has more than one output: Filebeat sends to exactly one',
      received: outputs.map(o => o.kind),
      allowed: 'one output with Filebeat',
      fix: 'keep one output, or use LogCollectorAgent.fluentBit() or LogCollectorAgent.fluentd(), which send every record to each output',
    });
  }
  for (const [prop, value] of [['serviceMonitor', props.serviceMonitor], ['podMonitor', props.podMonitor]] as const) {
    if (value !== undefined) {
      fail(scope, {
        prop,
        problem: 'cannot scrape Filebeat: its HTTP endpoint serves JSON statistics, not Prometheus metrics',
        received: value,
        allowed: `${prop} with Fluent Bit, Fluentd or a custom agent that serves Prometheus metrics`,
        fix: `remove ${prop}, or run an exporter of Filebeat's /stats next to it`,
      });
    }
  }
  if (props.flushInterval !== undefined && props.filesystemBuffer !== undefined) {
    fail(scope, {
      prop: 'flushInterval',
      problem: 'does nothing with filesystemBuffer on Filebeat: its disk queue hands each event to the output once written, and the flush timeout is a setting of its memory queue',
      received: props.flushInterval.toHumanString(),
      allowed: 'flushInterval (queue.mem.flush.timeout) or filesystemBuffer (queue.disk) with Filebeat',
      fix: 'remove flushInterval',
    });
  }
  if (journalUnits.length > 0 && parseImage(image).repository.endsWith('/filebeat-wolfi')) {
    fail(scope, {
      prop: 'journalUnits',
      problem: 'cannot be read by the Wolfi-based Filebeat image: Filebeat\'s journald input runs journalctl, which that image does not contain',
      received: journalUnits,
      allowed: 'journalUnits with a Filebeat image that ships journalctl (the filebeat, filebeat-oss and filebeat-ubi variants)',
      fix: `pass LogCollectorAgent.filebeat({ image: '${FILEBEAT_JOURNALCTL_IMAGE}' }), or remove journalUnits`,
    });
  }
}

export function checkOutput(scope: IConstruct, output: LogOutput, prop: string = 'output', agent?: LogCollectorAgent): void {
  if (output.auth) {
    checkAuth(scope, `${prop}.auth`, output, agent);
  }
  if (output.kind === LogOutputKind.FORWARD) {
    if (typeof output.host !== 'string' || !/^[A-Za-z0-9]([-A-Za-z0-9_.:]*[A-Za-z0-9])?$/.test(output.host)) {
      fail(scope, {
        prop: 'output.host',
        problem: 'is not a host name or IP address',
        received: output.host,
        allowed: 'a host name or IP without scheme, port or path, e.g. fluentd.logging.svc',
        fix: 'give the host alone, and the port as port',
      });
    }
    if (!(Number.isInteger(output.port) && output.port! >= 1 && output.port! <= 65535)) {
      fail(scope, { prop: 'output.port', problem: 'is not a port number', received: output.port, allowed: 'an integer from 1 to 65535', fix: 'use the aggregator\'s forward port (24224 by default)' });
    }
    return;
  }
  if (output.kind === LogOutputKind.STDOUT) {
    return;
  }
  const endpoint = parseEndpoint(output.url);
  if (endpoint === CREDENTIALS_IN_URL) {
    fail(scope, {
      prop: 'output.url',
      problem: 'carries credentials, which would be stored in the ConfigMap, readable by anyone who can read the namespace',
      received: redactUrl(output.url),
      allowed: endpoint,
      fix: 'remove the user and password from the URL and give them from a Secret with the output\'s auth option (LogOutputAuth.basicFromSecret(...))',
    });
  }
  if (typeof endpoint === 'string') {
    fail(scope, { prop: 'output.url', problem: 'is not a usable URL', received: redactUrl(output.url), allowed: endpoint, fix: 'give the full URL, e.g. http://loki-gateway.loki.svc' });
  }
  if (output.kind === LogOutputKind.ELASTICSEARCH && !/^[a-z0-9][-a-z0-9_.]*$/.test(output.indexPrefix ?? '')) {
    fail(scope, {
      prop: 'output.indexPrefix',
      problem: 'is not a valid index name prefix',
      received: output.indexPrefix,
      allowed: 'lowercase letters, digits, \'-\', \'_\' and \'.\', starting with a letter or digit',
      fix: 'use a prefix such as \'logs\'',
    });
  }
  if (output.kind === LogOutputKind.LOKI) {
    for (const [key, value] of Object.entries(output.labels ?? {})) {
      if (!LOKI_LABEL.test(key) || ['job', 'node', 'namespace', 'pod', 'container'].includes(key) || /[,=\s"]/.test(String(value)) || value === '') {
        fail(scope, {
          prop: `output.labels.${key}`,
          problem: 'is not a static label the collector can add',
          received: { [key]: value },
          allowed: 'a Loki label name ([a-zA-Z_][a-zA-Z0-9_]*) other than job, node, namespace, pod and container, with a non-empty value without spaces, commas, quotes or \'=\'',
          fix: 'rename the label or simplify its value',
        });
      }
    }
    if (output.tenantId !== undefined && !/^[A-Za-z0-9!\-_.*'()]{1,150}$/.test(output.tenantId)) {
      fail(scope, { prop: 'output.tenantId', problem: 'is not a Loki tenant ID', received: output.tenantId, allowed: 'up to 150 letters, digits and !-_.*\'()', fix: 'use the tenant\'s ID' });
    }
  }
}

export function checkHostMounts(scope: IConstruct, mounts: LogCollectorHostMount[], docker: boolean, journal: boolean): void {
  const taken = [VAR_LOG, ...(docker ? [DOCKER_CONTAINERS] : []), ...(journal ? [VOLATILE_JOURNAL] : []), MACHINE_ID];
  mounts.forEach((m, i) => {
    if (!isCleanAbsolutePath(m.path) || m.path === '/') {
      fail(scope, { prop: `hostMounts[${i}].path`, problem: 'is not an absolute path', received: m.path, allowed: 'an absolute path without \'..\', other than /', fix: 'give the full path on the node' });
    }
    const clash = taken.find(t => overlapsPath(t, m.path));
    if (clash) {
      fail(scope, {
        prop: `hostMounts[${i}].path`,
        problem: `overlaps ${clash}, which the collector already mounts`,
        received: m.path,
        allowed: 'paths outside /var/log (and Docker\'s container directory, and /run/log/journal when the journal is read)',
        fix: `remove it: ${clash} is mounted read-only already`,
      });
    }
    taken.push(m.path);
    checkReason(scope, `hostMounts[${i}].reason`, m.reason);
  });
}

export function checkStateDir(scope: IConstruct, stateDir: string, readOnlyPaths: string[]): void {
  if (!isCleanAbsolutePath(stateDir) || stateDir === '/') {
    fail(scope, {
      prop: 'stateDir',
      problem: 'is not an absolute directory path',
      received: stateDir,
      allowed: 'an absolute path without \'..\', \'//\' or a trailing \'/\', other than /, e.g. /var/lib/fluent-bit',
      fix: 'give a dedicated directory such as /var/lib/<collector>',
    });
  }
  const clash = readOnlyPaths.find(p => overlapsPath(p, stateDir));
  if (clash) {
    fail(scope, {
      prop: 'stateDir',
      problem: `overlaps ${clash}, which is mounted read-only: a writable state directory must be separate from what the collector only reads`,
      received: stateDir,
      allowed: 'a directory outside the read-only mounts, e.g. /var/lib/fluent-bit',
      fix: 'choose a directory of its own under /var/lib',
    });
  }
}

function isCleanAbsolutePath(path: unknown): path is string {
  return typeof path === 'string' && path.startsWith('/') && !path.split('/').includes('..') && !path.includes('//') && !(path.length > 1 && path.endsWith('/'));
}

/** Whether one path is the other or inside it. */
function overlapsPath(a: string, b: string): boolean {
  return a === b || b.startsWith(`${a}/`) || a.startsWith(`${b}/`);
}

/** Credentials: a Secret name and keys, and an output (and agent) that can send them. */
function checkAuth(scope: IConstruct, prop: string, output: LogOutput, agent: LogCollectorAgent | undefined): void {
  const auth = output.auth!;
  const nameProblem = typeof auth.secretName === 'string' ? checkDnsSubdomain(auth.secretName) : 'a string';
  if (nameProblem) {
    fail(scope, { prop: `${prop}.secretName`, problem: 'is not a Secret name', received: auth.secretName, allowed: nameProblem, fix: 'give the name of the Secret that holds the credentials' });
  }
  auth.keys.forEach(key => {
    if (typeof key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(key)) {
      fail(scope, { prop: `${prop}.keys`, problem: 'names a key a Secret cannot have', received: key, allowed: 'letters, digits, \'-\', \'_\' and \'.\'', fix: 'give the key of the Secret' });
    }
  });
  const basicOnly = output.kind === LogOutputKind.ELASTICSEARCH || agent?.kind === LogCollectorAgentKind.FLUENTD;
  if (![LogOutputKind.HTTP, LogOutputKind.LOKI, LogOutputKind.ELASTICSEARCH].includes(output.kind)
    || (auth.kind === LogOutputAuthKind.BEARER_TOKEN && basicOnly)) {
    fail(scope, {
      prop,
      problem: `cannot send ${auth.kind === LogOutputAuthKind.BASIC ? 'basic credentials' : 'a bearer token'} with this output`,
      received: output.kind,
      allowed: 'basic credentials for the HTTP, Loki and Elasticsearch outputs; a bearer token for Fluent Bit\'s HTTP and Loki outputs',
      fix: 'use LogOutputAuth.basicFromSecret(...), or another output',
    });
  }
}
