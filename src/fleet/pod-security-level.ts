/**
 * The levels of the Kubernetes Pod Security Standards, from the least to the most strict.
 * A pod satisfies a level when it passes every check of that level; a namespace labelled
 * `pod-security.kubernetes.io/enforce: <level>` rejects the pods that do not.
 */
export enum PodSecurityLevel {
  /** Unrestricted: host namespaces, privileged containers, hostPath volumes. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations: no host namespaces, hostPath, hostPorts, privileged containers, extra capabilities. */
  BASELINE = 'baseline',
  /** Hardened: baseline plus non-root, no privilege escalation, seccomp, every capability dropped, restricted volume types. */
  RESTRICTED = 'restricted',
}

const ORDER = [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];

/** The rank of a level: privileged 0, baseline 1, restricted 2. */
export function levelRank(level: PodSecurityLevel): number {
  return ORDER.indexOf(level);
}

/** The level named by a namespace label value, or `undefined` when it names none. */
export function parseLevel(value: unknown): PodSecurityLevel | undefined {
  return ORDER.find(level => level === value);
}
