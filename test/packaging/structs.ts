/**
 * The structs that can appear in a list (or a map) of the library's public API, and scenarios that
 * use each of them, written once and built in both languages: in TypeScript here, in Python by
 * struct_scenarios.py, from the same description.
 *
 * A scenario's props are plain data with markers:
 * - `{ $struct: fqn, ...fields }`: a struct, fields by their jsii (camelCase) names. Python builds it
 *   as a dict with snake_case keys, a dict with camelCase keys, or the struct's class;
 * - `{ $enum: 'fqn.MEMBER' }`, `{ $call: 'fqn.staticMethod', args, kwargs }`, `{ $chart: true }`:
 *   an enum member, a static call (kwargs: its last, struct, argument), the scenario's chart;
 * - `$extra` inside a struct: keys added as they are (to refuse an unknown key).
 * Any other object is data (a map or JSON) and crosses unchanged in every form.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as cdk8s from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as lib from '../../src';

const root = path.join(__dirname, '..', '..');

/** Where a scenario's props go; every host has a props struct, passed as keyword arguments in Python. */
export type Host = 'DaemonSet' | 'DaemonSet.addContainer' | 'CniDaemonSet' | 'LogCollectorDaemonSet' | 'NodeExporterDaemonSet' | 'FleetReport.toMarkdown';

export interface Scenario {
  readonly name: string;
  readonly host: Host;
  readonly props: Record<string, any>;
}

/** The props struct of each host (its fields are the Python keyword arguments). */
export const HOST_PROPS: Record<Host, string> = {
  'DaemonSet': 'cdk8s-daemonsets.DaemonSetProps',
  'DaemonSet.addContainer': 'cdk8s-plus-28.ContainerProps',
  'CniDaemonSet': 'cdk8s-daemonsets.CniDaemonSetProps',
  'LogCollectorDaemonSet': 'cdk8s-daemonsets.LogCollectorDaemonSetProps',
  'NodeExporterDaemonSet': 'cdk8s-daemonsets.NodeExporterDaemonSetProps',
  'FleetReport.toMarkdown': 'cdk8s-daemonsets.FleetAnalysis',
};

const call = (fqn: string, ...args: any[]) => ({ $call: fqn, args });
const enumOf = (fqn: string) => ({ $enum: fqn });
const REASON = 'needed by the agent in this example';

const resources = (cpu: [number, number], memory: [number, number], storage: [number, number]) => ({
  $struct: 'cdk8s-plus-28.ContainerResources',
  cpu: { $struct: 'cdk8s-plus-28.CpuResources', request: call('cdk8s-plus-28.Cpu.millis', cpu[0]), limit: call('cdk8s-plus-28.Cpu.millis', cpu[1]) },
  memory: { $struct: 'cdk8s-plus-28.MemoryResources', request: call('cdk8s.Size.mebibytes', memory[0]), limit: call('cdk8s.Size.mebibytes', memory[1]) },
  ephemeralStorage: { $struct: 'cdk8s-plus-28.EphemeralStorageResources', request: call('cdk8s.Size.gibibytes', storage[0]), limit: call('cdk8s.Size.gibibytes', storage[1]) },
});

const usage = (cpuMillis: number) => ({
  $struct: 'cdk8s-daemonsets.FleetUsage',
  requests: { $struct: 'cdk8s-daemonsets.FleetResources', cpuMillis, memoryBytes: 64 * 2 ** 20, ephemeralStorageBytes: 64 * 2 ** 20 },
  limits: { $struct: 'cdk8s-daemonsets.FleetResources', cpuMillis: cpuMillis * 5, memoryBytes: 128 * 2 ** 20, ephemeralStorageBytes: 256 * 2 ** 20 },
  unlimited: [],
});

/**
 * Each scenario sets the fields whose snake_case name differs from the camelCase one, and gives the
 * security-relevant ones (API groups, verbs, resources, mount paths, readOnly, the security
 * context) values other than their defaults, so a key lost on the way changes the YAML.
 */
export const SCENARIOS: Scenario[] = [
  {
    name: 'DaemonSet: containers, host aliases, DNS options, sysctls, owner references',
    host: 'DaemonSet',
    props: {
      metadata: { $struct: 'cdk8s.ApiObjectMetadata', name: 'agent' },
      podMetadata: {
        $struct: 'cdk8s.ApiObjectMetadata',
        ownerReferences: [{
          $struct: 'cdk8s.OwnerReference',
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: 'agent-owner',
          uid: '6f1c2d4e-0000-4000-8000-000000000001',
          blockOwnerDeletion: true,
          controller: false,
        }],
      },
      hostAliases: [{ $struct: 'cdk8s-plus-28.HostAlias', ip: '10.0.0.10', hostnames: ['registry.internal'] }],
      dns: { $struct: 'cdk8s-plus-28.PodDnsProps', options: [{ $struct: 'cdk8s-plus-28.DnsOption', name: 'ndots', value: '2' }] },
      securityContext: {
        $struct: 'cdk8s-plus-28.PodSecurityContextProps',
        sysctls: [{ $struct: 'cdk8s-plus-28.Sysctl', name: 'net.ipv4.ip_unprivileged_port_start', value: '1024' }],
      },
      containers: [{
        $struct: 'cdk8s-plus-28.ContainerProps',
        name: 'agent',
        image: 'example.com/agent:1.0.0',
        imagePullPolicy: enumOf('cdk8s-plus-28.ImagePullPolicy.IF_NOT_PRESENT'),
        workingDir: '/work',
        envVariables: { NODE_NAME: call('cdk8s-plus-28.EnvValue.fromFieldRef', enumOf('cdk8s-plus-28.EnvFieldPaths.NODE_NAME')) },
        ports: [{
          $struct: 'cdk8s-plus-28.ContainerPort',
          number: 9100,
          name: 'metrics',
          hostPort: 9100,
          hostIp: '10.0.0.1',
          protocol: enumOf('cdk8s-plus-28.Protocol.TCP'),
        }],
        resources: resources([100, 300], [32, 96], [1, 2]),
        securityContext: {
          $struct: 'cdk8s-plus-28.ContainerSecurityContextProps',
          user: 1000,
          group: 2000,
          ensureNonRoot: true,
          readOnlyRootFilesystem: false,
          allowPrivilegeEscalation: true,
          privileged: false,
          seccompProfile: {
            $struct: 'cdk8s-plus-28.SeccompProfile',
            type: enumOf('cdk8s-plus-28.SeccompProfileType.LOCALHOST'),
            localhostProfile: 'profiles/agent.json',
          },
          capabilities: {
            $struct: 'cdk8s-plus-28.ContainerSecutiryContextCapabilities',
            drop: [enumOf('cdk8s-plus-28.Capability.ALL')],
            add: [enumOf('cdk8s-plus-28.Capability.NET_BIND_SERVICE')],
          },
        },
        lifecycle: {
          $struct: 'cdk8s-plus-28.ContainerLifecycle',
          postStart: call('cdk8s-plus-28.Handler.fromCommand', ['touch', '/work/started']),
          preStop: call('cdk8s-plus-28.Handler.fromCommand', ['sleep', '5']),
        },
        volumeMounts: [{
          $struct: 'cdk8s-plus-28.VolumeMount',
          path: '/host/log',
          volume: { $call: 'cdk8s-plus-28.Volume.fromHostPath', args: [{ $chart: true }, 'log', 'log'], kwargs: { path: '/var/log' } },
          readOnly: false,
          subPath: 'pods',
          propagation: enumOf('cdk8s-plus-28.MountPropagation.HOST_TO_CONTAINER'),
        }],
      }],
      relaxations: [
        call('cdk8s-daemonsets.Relaxation.hostPort', 9100, REASON),
        call('cdk8s-daemonsets.Relaxation.writableHostPath', '/var/log', REASON),
        call('cdk8s-daemonsets.Relaxation.writableRootFilesystem', 'agent', REASON),
        call('cdk8s-daemonsets.Relaxation.privilegeEscalation', 'agent', REASON),
        call('cdk8s-daemonsets.Relaxation.capabilities', 'agent', ['NET_BIND_SERVICE'], REASON),
        call('cdk8s-daemonsets.Relaxation.imagePullPolicy', 'agent', REASON),
      ],
    },
  },
  {
    name: 'DaemonSet.addContainer: ports and mounts of a container added to the DaemonSet',
    host: 'DaemonSet.addContainer',
    props: {
      name: 'sidecar',
      image: 'example.com/sidecar:2.0.0',
      portNumber: 8443,
      ports: [{ $struct: 'cdk8s-plus-28.ContainerPort', number: 9102, name: 'health', protocol: enumOf('cdk8s-plus-28.Protocol.UDP') }],
      resources: resources([20, 40], [16, 32], [1, 1]),
      // A struct given directly, whose own struct field has a field named differently in Python.
      securityContext: {
        $struct: 'cdk8s-plus-28.ContainerSecurityContextProps',
        user: 1001,
        seccompProfile: {
          $struct: 'cdk8s-plus-28.SeccompProfile',
          type: enumOf('cdk8s-plus-28.SeccompProfileType.LOCALHOST'),
          localhostProfile: 'profiles/sidecar.json',
        },
      },
      volumeMounts: [{
        $struct: 'cdk8s-plus-28.VolumeMount',
        path: '/cache',
        volume: { $call: 'cdk8s-plus-28.Volume.fromEmptyDir', args: [{ $chart: true }, 'cache', 'cache'] },
        readOnly: true,
        subPathExpr: '$(POD_NAME)',
      }],
    },
  },
  {
    name: 'CniDaemonSet: ClusterRole rules and host mounts',
    host: 'CniDaemonSet',
    props: {
      image: 'example.com/cni-agent:1.0.0',
      conflist: {
        $call: 'cdk8s-daemonsets.CniConfig.fromConflist',
        args: [],
        // Plugin configuration is the plugin's own JSON: its keys cross as they are.
        kwargs: { name: 'examplenet', cniVersion: '1.0.0', plugins: [{ type: 'bridge', isGateway: true, ipMasq: true, ipam: { type: 'host-local', subnet: '10.1.0.0/16' } }] },
      },
      clusterRoleRules: [
        { $struct: 'cdk8s-daemonsets.CniRbacRule', apiGroups: ['crd.projectcalico.org'], resources: ['ippools', 'ipamblocks'], verbs: ['get', 'list', 'watch'] },
        { $struct: 'cdk8s-daemonsets.CniRbacRule', apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list'] },
      ],
      hostMounts: [
        { $struct: 'cdk8s-daemonsets.CniHostMount', path: '/proc', mountPath: '/nodeproc', reason: REASON, volumeName: 'node-proc', type: enumOf('cdk8s-plus-28.HostPathVolumeType.DIRECTORY') },
        { $struct: 'cdk8s-daemonsets.CniHostMount', path: '/var/run/examplenet', mountPath: '/var/run/examplenet', reason: REASON, writable: true },
      ],
    },
  },
  {
    name: 'LogCollectorDaemonSet: host mounts',
    host: 'LogCollectorDaemonSet',
    props: {
      hostMounts: [{ $struct: 'cdk8s-daemonsets.LogCollectorHostMount', path: '/var/lib/example-audit', reason: REASON, type: enumOf('cdk8s-plus-28.HostPathVolumeType.DIRECTORY_OR_CREATE') }],
    },
  },
  {
    name: 'NodeExporterDaemonSet: host mounts and the PodMonitor\'s relabelings',
    host: 'NodeExporterDaemonSet',
    props: {
      hostMounts: [{
        $struct: 'cdk8s-daemonsets.NodeExporterHostMount',
        path: '/var/lib/node-metrics',
        mountPath: '/host/node-metrics',
        reason: REASON,
        type: enumOf('cdk8s-plus-28.HostPathVolumeType.DIRECTORY_OR_CREATE'),
      }],
      podMonitor: {
        $struct: 'cdk8s-daemonsets.MonitorOptions',
        labels: { release: 'kube-prometheus-stack' },
        relabelings: [{
          $struct: 'cdk8s-daemonsets.Relabeling',
          sourceLabels: ['__meta_kubernetes_pod_node_name'],
          targetLabel: 'node',
          action: enumOf('cdk8s-daemonsets.RelabelAction.REPLACE'),
        }],
        metricRelabelings: [{
          $struct: 'cdk8s-daemonsets.Relabeling',
          sourceLabels: ['__name__'],
          regex: 'node_scrape_collector_.*',
          action: enumOf('cdk8s-daemonsets.RelabelAction.DROP'),
        }],
      },
    },
  },
  {
    name: 'FleetReport.toMarkdown: an analysis written by hand',
    host: 'FleetReport.toMarkdown',
    props: {
      nodeCount: 10,
      podStartSeconds: 20,
      daemonSets: [{
        $struct: 'cdk8s-daemonsets.FleetDaemonSet',
        name: 'node-exporter',
        namespace: 'monitoring',
        source: 'monitoring/NodeExporter',
        perNode: usage(100),
        podSecurityLevel: enumOf('cdk8s-daemonsets.PodSecurityLevel.PRIVILEGED'),
        podSecurityFindings: [{
          $struct: 'cdk8s-daemonsets.PodSecurityFinding',
          check: 'hostNamespaces',
          lowersTo: enumOf('cdk8s-daemonsets.PodSecurityLevel.PRIVILEGED'),
          detail: 'hostNetwork: true',
        }],
        rollout: {
          $struct: 'cdk8s-daemonsets.FleetRollout',
          strategy: 'RollingUpdate',
          automatic: true,
          maxUnavailable: '1',
          minReadySeconds: 5,
          nodesPerBatch: 1,
          batches: 10,
          stopSeconds: 30,
          startSeconds: 20,
          batchSeconds: 55,
          totalSeconds: 550,
        },
      }],
      perNode: usage(100),
      cluster: usage(1000),
      hostPorts: [{ $struct: 'cdk8s-daemonsets.FleetHostPort', protocol: 'TCP', port: 9100, hostIp: '10.0.0.1', daemonSet: 'monitoring/node-exporter', container: 'node-exporter' }],
      namespaces: [{
        $struct: 'cdk8s-daemonsets.FleetNamespace',
        name: 'monitoring',
        source: 'monitoring/Namespace',
        enforce: 'baseline',
        daemonSets: ['monitoring/node-exporter'],
        neededLevel: enumOf('cdk8s-daemonsets.PodSecurityLevel.PRIVILEGED'),
        rejected: ['monitoring/node-exporter'],
      }],
      budget: [{ $struct: 'cdk8s-daemonsets.FleetBudgetCheck', resource: 'cpu', budget: '50m', budgetAmount: 50, requested: 100, exceeded: true }],
      problems: [],
    },
  },
];

// ---- The structs of the API that can sit in a list or a map, from the jsii assemblies ----

type TypeRef = any;

function assemblies(): Record<string, any> {
  const types: Record<string, any> = {};
  for (const file of ['.jsii', 'node_modules/cdk8s-plus-28/.jsii', 'node_modules/cdk8s/.jsii', 'node_modules/constructs/.jsii']) {
    Object.assign(types, JSON.parse(fs.readFileSync(path.join(root, file), 'utf-8')).types);
  }
  return types;
}

const TYPES = assemblies();

/** The fields of a struct, its bases' included, by jsii name. */
export function structFields(fqn: string): string[] {
  const type = TYPES[fqn];
  return [...(type.properties ?? []).map((p: any) => p.name), ...(type.interfaces ?? []).flatMap(structFields)];
}

export function isStruct(fqn: string | undefined): boolean {
  return fqn !== undefined && TYPES[fqn]?.datatype === true;
}

/**
 * Every struct type reachable inside a collection (list or map, or a variadic parameter) of any
 * constructor or method of the library's classes, inherited ones included: those are the dicts
 * jsii's Python never converted. Each with one way it is reached, for the report.
 */
export function structsInCollections(): Map<string, string> {
  const library = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf-8'));
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (ref: TypeRef, inCollection: boolean, via: string): void => {
    if (ref?.collection) {
      return visit(ref.collection.elementtype, true, `${via}[]`);
    }
    if (ref?.union) {
      return ref.union.types.forEach((t: TypeRef) => visit(t, inCollection, via));
    }
    if (!isStruct(ref?.fqn)) {
      return;
    }
    const key = `${ref.fqn}${inCollection}`;
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
    if (inCollection && !found.has(ref.fqn)) {
      found.set(ref.fqn, via);
    }
    const properties = (fqn: string): any[] => [...(TYPES[fqn].properties ?? []), ...(TYPES[fqn].interfaces ?? []).flatMap(properties)];
    for (const p of properties(ref.fqn)) {
      visit(p.type, inCollection, `${via}.${p.name}`);
    }
  };
  for (const type of Object.values<any>(library.types)) {
    for (let t = type; t; t = t.base ? TYPES[t.base] : undefined) {
      for (const m of [...(t.initializer ? [t.initializer] : []), ...(t.methods ?? [])]) {
        for (const p of m.parameters ?? []) {
          visit(p.type, p.variadic === true, `${type.name}.${m.name ?? 'constructor'}(${p.name})`);
        }
      }
    }
  }
  return found;
}

// ---- Walking a scenario ----

/** The struct fqns a scenario's props contain, in the order they occur (depth first). */
export function structsOf(value: any, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    value.forEach(v => structsOf(v, out));
  } else if (value && typeof value === 'object') {
    if (value.$struct) {
      out.push(value.$struct);
    }
    Object.entries(value).forEach(([k, v]) => k !== '$struct' && structsOf(v, out));
  }
  return out;
}

/** The Python name of a jsii name, as jsii-pacmak forms it. */
export function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/**
 * The props with an unknown key added to the first `fqn` struct: the snake_case name of one of its
 * fields (one named differently in Python, if it has one) with the last letter dropped. Returns the props, the key, and the path of that struct
 * as a Python user writes it (`cluster_role_rules[0]`).
 */
export function withUnknownKey(props: Record<string, any>, fqn: string): { props: Record<string, any>; key: string; prop: string } | undefined {
  const copy = JSON.parse(JSON.stringify(props));
  const find = (value: any, where: string): { node: any; where: string } | undefined => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) {
        const hit = find(v, `${where}[${i}]`);
        if (hit) {
          return hit;
        }
      }
    } else if (value && typeof value === 'object' && !value.$call) {
      if (value.$struct === fqn) {
        return { node: value, where };
      }
      for (const [k, v] of Object.entries(value)) {
        const hit = k.startsWith('$') ? undefined : find(v, where ? `${where}.${snake(k)}` : snake(k));
        if (hit) {
          return hit;
        }
      }
    }
    return undefined;
  };
  const hit = find(copy, '');
  if (!hit) {
    return undefined;
  }
  const given = Object.keys(hit.node).filter(k => !k.startsWith('$'));
  const first = given.find(k => snake(k) !== k) ?? given[0];
  const key = snake(first).slice(0, -1);
  hit.node.$extra = { [key]: hit.node[first] };
  return { props: copy, key, prop: hit.where };
}

// ---- The TypeScript side ----

const MODULES: Record<string, any> = { 'cdk8s-daemonsets': lib, 'cdk8s-plus-28': kplus, 'cdk8s': cdk8s };

function lookup(fqn: string): any {
  const [assembly, ...names] = fqn.split('.');
  return names.reduce((scope, name) => scope[name], MODULES[assembly]);
}

function build(value: any, chart: Chart): any {
  if (Array.isArray(value)) {
    return value.map(v => build(v, chart));
  }
  if (!value || typeof value !== 'object') {
    return value;
  }
  if (value.$chart) {
    return chart;
  }
  if (value.$enum) {
    return lookup(value.$enum);
  }
  if (value.$call) {
    const method = value.$call.split('.').pop();
    const cls = lookup(value.$call.slice(0, -(method.length + 1)));
    const args = build(value.args ?? [], chart);
    return cls[method](...args, ...(value.kwargs ? [build(value.kwargs, chart)] : []));
  }
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== '$struct').map(([k, v]) => [k, build(v, chart)]));
}

/** What the scenario synthesizes in TypeScript: the app's YAML, or the markdown. */
export function synthesizeInTypeScript(scenario: Scenario): string {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'structs-')) });
  const chart = new Chart(app, 'test');
  const props = build(scenario.props, chart);
  switch (scenario.host) {
    case 'DaemonSet':
      new lib.DaemonSet(chart, 'Agent', props);
      break;
    case 'DaemonSet.addContainer':
      new lib.DaemonSet(chart, 'Agent', { metadata: { name: 'agent' } }).addContainer(props);
      break;
    case 'CniDaemonSet':
      new lib.CniDaemonSet(chart, 'Net', props);
      break;
    case 'LogCollectorDaemonSet':
      new lib.LogCollectorDaemonSet(chart, 'Logs', props);
      break;
    case 'NodeExporterDaemonSet':
      new lib.NodeExporterDaemonSet(chart, 'Metrics', props);
      break;
    case 'FleetReport.toMarkdown':
      return lib.FleetReport.toMarkdown(props);
  }
  return app.synthYaml();
}
