import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { DEFAULTS } from './defaults';
import { parseQuantity } from '../../validation/quantity';

/** Container props with the agent defaults filled in where the user gave nothing. */
export function withAgentDefaults(cont: kplus.ContainerProps): kplus.ContainerProps {
  const privileged = cont.securityContext?.privileged === true;
  return {
    ...cont,
    // An empty spec stops cdk8s-plus from adding its application-sized defaults; the agent-sized
    // ones are filled in, per missing field, when the pod spec is built.
    resources: cont.resources ?? {},
    securityContext: {
      ...cont.securityContext,
      allowPrivilegeEscalation: cont.securityContext?.allowPrivilegeEscalation ?? (privileged ? true : undefined),
    },
  };
}

/** The pod-level defaults, resolved from the props. */
export interface PodDefaults {
  readonly priorityClassName: string;
  readonly nodeSelector: Record<string, string>;
  readonly hostPid: boolean;
  readonly hostIpc: boolean;
  /** Whether hostNetwork should switch the DNS policy (the user chose none). */
  readonly hostNetworkDns: boolean;
  /** `<container>/<resource>` of the limits relaxed with `Relaxation.noLimit`: left out, not filled in. */
  readonly noLimits: string[];
}

/**
 * The typed pod spec cdk8s-plus built, with the library's defaults filled in where a field is
 * unset. Values the user set are kept as given; the rules check them at synth.
 */
export function harden(pod: k8s.PodSpec, ds: PodDefaults): k8s.PodSpec {
  const podSecurity: k8s.PodSecurityContext = {
    ...pod.securityContext,
    seccompProfile: pod.securityContext?.seccompProfile ?? { type: 'RuntimeDefault' },
  };
  const hostPathVolumes = new Set((pod.volumes ?? []).filter(v => v.hostPath).map(v => v.name));
  const hardenContainer = (c: k8s.Container): k8s.Container => {
    const sc = c.securityContext ?? {};
    const nonRoot = (sc.runAsNonRoot ?? podSecurity.runAsNonRoot) === true;
    // A privileged container has every capability and no seccomp filter whatever it says: writing
    // `drop: [ALL]` or a profile on it would only mislead the reader.
    const privileged = sc.privileged === true;
    const noLimits = ds.noLimits.filter(n => n.startsWith(`${c.name}/`)).map(n => n.slice(c.name.length + 1));
    return {
      ...c,
      resources: agentResources(c.resources, noLimits),
      securityContext: {
        ...sc,
        runAsUser: sc.runAsUser ?? (podSecurity.runAsUser === undefined && nonRoot ? DEFAULTS.user : undefined),
        runAsGroup: sc.runAsGroup ?? (podSecurity.runAsGroup === undefined && nonRoot ? DEFAULTS.group : undefined),
        capabilities: privileged ? sc.capabilities : { ...sc.capabilities, drop: sc.capabilities?.drop ?? ['ALL'] },
        seccompProfile: sc.seccompProfile ?? (privileged ? undefined : { type: 'RuntimeDefault' }),
      },
      volumeMounts: c.volumeMounts?.map(m => hostPathVolumes.has(m.name) ? { ...m, readOnly: m.readOnly ?? true } : m),
    };
  };
  return {
    ...pod,
    containers: pod.containers.map(hardenContainer),
    initContainers: pod.initContainers?.map(hardenContainer),
    volumes: pod.volumes?.map(v => v.hostPath ? { ...v, hostPath: { ...v.hostPath, type: v.hostPath.type || 'Directory' } } : v),
    securityContext: podSecurity,
    priorityClassName: pod.priorityClassName ?? ds.priorityClassName,
    nodeSelector: { ...ds.nodeSelector, ...pod.nodeSelector },
    hostPid: ds.hostPid || undefined,
    hostIpc: ds.hostIpc || undefined,
    dnsPolicy: pod.hostNetwork && ds.hostNetworkDns ? 'ClusterFirstWithHostNet' : pod.dnsPolicy,
  };
}

/**
 * Fills each missing request or limit with the agent default: a missing request is the default
 * capped at the limit, a missing limit the default raised to the request. The limits of `noLimits`
 * stay out.
 */
function agentResources(resources: k8s.ResourceRequirements | undefined, noLimits: string[]): k8s.ResourceRequirements {
  const requests: Record<string, k8s.Quantity> = { ...resources?.requests };
  const limits: Record<string, k8s.Quantity> = { ...resources?.limits };
  for (const [resource, [request, limit]] of Object.entries(DEFAULTS.resources)) {
    const userRequest = requests[resource]?.value;
    const userLimit = limits[resource]?.value;
    if (userRequest === undefined) {
      requests[resource] = k8s.Quantity.fromString(smaller(request, userLimit));
    }
    if (userLimit === undefined && !noLimits.includes(resource)) {
      limits[resource] = k8s.Quantity.fromString(larger(limit, userRequest));
    }
  }
  return { ...resources, requests, limits };
}

function smaller(a: string, b: string | number | undefined): string {
  return b !== undefined && (parseQuantity(b) ?? Infinity) < parseQuantity(a)! ? String(b) : a;
}

function larger(a: string, b: string | number | undefined): string {
  return b !== undefined && (parseQuantity(b) ?? -Infinity) > parseQuantity(a)! ? String(b) : a;
}
