/**
 * The best practices a DaemonSet may relax, each only with a written reason.
 */
export enum RelaxationKind {
  /** The pod uses the node's network namespace (`hostNetwork: true`). */
  HOST_NETWORK = 'hostNetwork',
  /** The pod uses the node's PID namespace (`hostPID: true`). */
  HOST_PID = 'hostPID',
  /** The pod uses the node's IPC namespace (`hostIPC: true`). */
  HOST_IPC = 'hostIPC',
  /** The pod mounts a directory or file of the node (`hostPath` volume), read-only. */
  HOST_PATH = 'hostPath',
  /**
   * A container mounts a `hostPath` volume writable (`readOnly: false`). Only one pod per node may
   * hold it, so the DaemonSet never surges.
   */
  WRITABLE_HOST_PATH = 'writableHostPath',
  /**
   * A container mounts a `hostPath` volume writable, and two pods of the DaemonSet may write it at
   * the same time (during a surge).
   */
  SHARED_WRITABLE_HOST_PATH = 'sharedWritableHostPath',
  /** A container binds a port on the node (`hostPort`). */
  HOST_PORT = 'hostPort',
  /** A container runs privileged (`privileged: true`, which implies privilege escalation). */
  PRIVILEGED = 'privileged',
  /** A container may gain more privileges than its parent process (`allowPrivilegeEscalation: true`). */
  PRIVILEGE_ESCALATION = 'privilegeEscalation',
  /** A container adds Linux capabilities (`capabilities.add`). */
  CAPABILITIES = 'capabilities',
  /** A container may run as root (uid 0, or `runAsNonRoot` not enforced). */
  RUN_AS_ROOT = 'runAsRoot',
  /** A container's root filesystem is writable (`readOnlyRootFilesystem: false`). */
  WRITABLE_ROOT_FILESYSTEM = 'writableRootFilesystem',
  /** The pods mount a service account token (`automountServiceAccountToken: true`). */
  SERVICE_ACCOUNT_TOKEN = 'serviceAccountToken',
  /** A container's image is not pulled on every start (`imagePullPolicy` other than `Always`). */
  IMAGE_PULL_POLICY = 'imagePullPolicy',
  /** A container has no limit for a resource (cpu or memory). */
  NO_LIMIT = 'noLimit',
}

/**
 * The resource limits a container may go without, with `Relaxation.noLimit()`.
 */
export enum ResourceLimit {
  /** The CPU limit: without one, the container is never throttled. */
  CPU = 'cpu',
  /** The memory limit: without one, the container is never OOM-killed for its own use (the node may still evict it). */
  MEMORY = 'memory',
}

/**
 * An explicit, reasoned exception to one of the library's best practices.
 *
 * Setting a relaxed value (for example `hostNetwork: true`) without the matching relaxation is
 * an error at synth, and so is a relaxation that the pod does not use. Each relaxation writes the
 * policy checkers' exemption annotations (kube-linter, kube-score, Polaris, checkov), with its
 * reason, on the DaemonSet, so reviewers and scanners see why.
 */
export class Relaxation {
  /** The pod uses the node's network namespace. Pair it with `hostNetwork: true`. */
  public static hostNetwork(reason: string): Relaxation {
    return new Relaxation(RelaxationKind.HOST_NETWORK, reason);
  }

  /** The pod uses the node's PID namespace. Pair it with `hostPid: true`. */
  public static hostPid(reason: string): Relaxation {
    return new Relaxation(RelaxationKind.HOST_PID, reason);
  }

  /** The pod uses the node's IPC namespace. Pair it with `hostIpc: true`. */
  public static hostIpc(reason: string): Relaxation {
    return new Relaxation(RelaxationKind.HOST_IPC, reason);
  }

  /**
   * The pod mounts `path` from the node. Mounts of it are read-only unless `writableHostPath`
   * is also given.
   */
  public static hostPath(path: string, reason: string): Relaxation {
    return new Relaxation(RelaxationKind.HOST_PATH, reason, path);
  }

  /**
   * A container mounts the host path `path` writable (`readOnly: false` on its mount).
   * Implies `hostPath(path)`.
   *
   * What an agent writes on its node is taken to be its own: a database or lock file it holds
   * open, a position file, a socket it serves, files the container runtime or the kubelet
   * watches. A second pod of the DaemonSet next to it on the same node (a surge) would fail to
   * start or would write the same files, so a DaemonSet that writes a host path never surges. If
   * two pods may safely write `path` at once, declare it with `sharedWritableHostPath` instead.
   */
  public static writableHostPath(path: string, reason: string): Relaxation {
    return new Relaxation(RelaxationKind.WRITABLE_HOST_PATH, reason, path);
  }

  /**
   * A container mounts the host path `path` writable, and two pods of the DaemonSet may write it
   * at the same time: the old and the new pod of a surge on one node. For example, each pod
   * writes only files named after its own pod UID, or replaces files atomically that nothing
   * else watches. The reason says why sharing is safe; it is written into the manifest.
   * Implies `hostPath(path)` and `writableHostPath(path)`, and leaves the update strategy free to
   * surge.
   */
  public static sharedWritableHostPath(path: string, reason: string): Relaxation {
    return new Relaxation(RelaxationKind.SHARED_WRITABLE_HOST_PATH, reason, path);
  }

  /** A container binds `port` on the node (`hostPort`). */
  public static hostPort(port: number, reason: string): Relaxation {
    return new Relaxation(RelaxationKind.HOST_PORT, reason, String(port));
  }

  /** The container named `container` runs privileged. */
  public static privileged(container: string, reason: string): Relaxation {
    return new Relaxation(RelaxationKind.PRIVILEGED, reason, container);
  }

  /** The container named `container` may escalate privileges (`allowPrivilegeEscalation: true`). */
  public static privilegeEscalation(container: string, reason: string): Relaxation {
    return new Relaxation(RelaxationKind.PRIVILEGE_ESCALATION, reason, container);
  }

  /** The container named `container` adds these Linux capabilities (names without `CAP_`). */
  public static capabilities(container: string, capabilities: string[], reason: string): Relaxation {
    return new Relaxation(RelaxationKind.CAPABILITIES, reason, container, capabilities);
  }

  /** The container named `container` may run as root. */
  public static runAsRoot(container: string, reason: string): Relaxation {
    return new Relaxation(RelaxationKind.RUN_AS_ROOT, reason, container);
  }

  /** The container named `container` has a writable root filesystem. */
  public static writableRootFilesystem(container: string, reason: string): Relaxation {
    return new Relaxation(RelaxationKind.WRITABLE_ROOT_FILESYSTEM, reason, container);
  }

  /**
   * The pods mount their service account token, because the agent calls the Kubernetes API.
   * Pair it with `automountServiceAccountToken: true`.
   */
  public static serviceAccountToken(reason: string): Relaxation {
    return new Relaxation(RelaxationKind.SERVICE_ACCOUNT_TOKEN, reason);
  }

  /**
   * The container named `container` is not pulled on every start (`imagePullPolicy: IfNotPresent`
   * or `Never`). kube-score and checkov want `Always`, so the kubelet checks the pull secret and the
   * tag's current image at every start. The base `DaemonSet` adds this relaxation by itself, with its
   * reason, for an image pinned by digest (its bytes cannot change); an image pinned by a tag needs
   * it with your reason.
   */
  public static imagePullPolicy(container: string, reason: string): Relaxation {
    return new Relaxation(RelaxationKind.IMAGE_PULL_POLICY, reason, container);
  }

  /**
   * The container named `container` has no `resource` limit: the library then leaves out the limit
   * it would otherwise fill in. For agents whose use grows with the cluster (a CNI agent's routes and
   * policies) or with a backend outage (a log collector's memory buffer), where an OOM kill or
   * throttling hurts more than the unbounded use.
   */
  public static noLimit(container: string, resource: ResourceLimit, reason: string): Relaxation {
    return new Relaxation(RelaxationKind.NO_LIMIT, reason, container, undefined, resource);
  }

  /** What is relaxed. */
  public readonly kind: RelaxationKind;

  /** Why: written into the manifest's exemption annotations. */
  public readonly reason: string;

  /** The container name, host path or host port it applies to, for the kinds that have one. */
  public readonly target?: string;

  /** The capabilities allowed, for `RelaxationKind.CAPABILITIES`. */
  public readonly allowedCapabilities?: string[];

  /** The resource without a limit, for `RelaxationKind.NO_LIMIT`. */
  public readonly resource?: ResourceLimit;

  private constructor(kind: RelaxationKind, reason: string, target?: string, capabilities?: string[], resource?: ResourceLimit) {
    this.kind = kind;
    this.reason = reason;
    this.target = target;
    this.allowedCapabilities = capabilities?.map(c => c.replace(/^CAP_/, ''));
    this.resource = resource;
  }

  /** A short human description, e.g. `hostPath /proc` or `privileged container 'agent'`. */
  public get description(): string {
    switch (this.kind) {
      case RelaxationKind.HOST_PATH:
      case RelaxationKind.WRITABLE_HOST_PATH:
      case RelaxationKind.SHARED_WRITABLE_HOST_PATH:
        return `${this.kind} ${this.target}`;
      case RelaxationKind.HOST_PORT:
        return `hostPort ${this.target}`;
      case RelaxationKind.CAPABILITIES:
        return `capabilities ${this.allowedCapabilities?.join(',')} for container '${this.target}'`;
      case RelaxationKind.NO_LIMIT:
        return `no ${this.resource} limit for container '${this.target}'`;
      case RelaxationKind.HOST_NETWORK:
      case RelaxationKind.HOST_PID:
      case RelaxationKind.HOST_IPC:
      case RelaxationKind.SERVICE_ACCOUNT_TOKEN:
        return this.kind;
      default:
        return `${this.kind} for container '${this.target}'`;
    }
  }
}
