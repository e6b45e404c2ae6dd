import { PodSecurityLevel } from './pod-security-level';

/**
 * Amounts of node resources: cpu in millicores, memory and ephemeral storage in bytes (whole
 * numbers, so sums are exact).
 */
export interface FleetResources {
  /** CPU, in millicores (1000 = one core). */
  readonly cpuMillis: number;
  /** Memory, in bytes. */
  readonly memoryBytes: number;
  /** Ephemeral (local) storage, in bytes. */
  readonly ephemeralStorageBytes: number;
}

/** The requests and limits of DaemonSet pods. */
export interface FleetUsage {
  /** What the scheduler reserves on the node. */
  readonly requests: FleetResources;
  /** The most the pods may use, where every container sets a limit. */
  readonly limits: FleetResources;
  /**
   * The resources (`cpu`, `memory`, `ephemeral-storage`) for which some container sets no limit:
   * their limit sum is a lower bound, the pods may use up to the node's capacity.
   */
  readonly unlimited: string[];
}

/** A Pod Security Standards check that a pod fails. */
export interface PodSecurityFinding {
  /** The check's id in Kubernetes' pod-security-admission, e.g. `hostNamespaces` or `runAsNonRoot`. */
  readonly check: string;
  /** The strictest level a pod failing this check can satisfy. */
  readonly lowersTo: PodSecurityLevel;
  /** What in the pod fails the check. */
  readonly detail: string;
}

/** The estimated time of a full rollout of one DaemonSet. */
export interface FleetRollout {
  /** `RollingUpdate` or `OnDelete`. */
  readonly strategy: string;
  /** Whether a template change rolls out by itself (`false` for `OnDelete`: pods are replaced only when deleted). */
  readonly automatic: boolean;
  /** `maxUnavailable` as the manifest gives it (the API server's default is 1). */
  readonly maxUnavailable?: string;
  /** `maxSurge` as the manifest gives it (the API server's default is 0). */
  readonly maxSurge?: string;
  /** `minReadySeconds`: how long a new pod must stay ready before it counts as available. */
  readonly minReadySeconds: number;
  /** How many nodes are replaced at a time: the scaled `maxSurge` when surging, else the scaled `maxUnavailable`. */
  readonly nodesPerBatch?: number;
  /** How many batches a full rollout takes: the node count divided by the batch size, rounded up. */
  readonly batches?: number;
  /** Seconds for the old pod to stop before the new one starts (0 when surging: the new pod starts first). */
  readonly stopSeconds?: number;
  /** The pods' `terminationGracePeriodSeconds` (30 when unset): the longest an old pod may take to stop. */
  readonly gracePeriodSeconds?: number;
  /** Seconds for a new pod to start and become ready. */
  readonly startSeconds?: number;
  /**
   * Seconds the DaemonSet controller waits beyond minReadySeconds before it sees a surge pod
   * available: 1 when surging with minReadySeconds (the controller adds a second against clock
   * skew), else 0.
   */
  readonly recheckSeconds?: number;
  /** Seconds one batch takes: stop + start + minReadySeconds + recheck. */
  readonly batchSeconds?: number;
  /** Estimated seconds of a full rollout: batches x batchSeconds. */
  readonly totalSeconds?: number;
  /**
   * Seconds of a full rollout if every old pod used its whole grace period before it stopped (the
   * most the kubelet waits): an upper bound. The same as `totalSeconds` when surging.
   */
  readonly maxTotalSeconds?: number;
}

/** One DaemonSet of the fleet. */
export interface FleetDaemonSet {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`, if set. */
  readonly namespace?: string;
  /** Where it comes from: the construct path, or the file it was read from. */
  readonly source: string;
  /** The requests and limits of one of its pods, i.e. what it takes on each node. */
  readonly perNode: FleetUsage;
  /** The strictest Pod Security level its pods satisfy. */
  readonly podSecurityLevel: PodSecurityLevel;
  /** The Pod Security checks its pods fail (what lowers the level). */
  readonly podSecurityFindings: PodSecurityFinding[];
  /** The estimated rollout. */
  readonly rollout: FleetRollout;
}

/** A port that a DaemonSet's pods bind on every node they run on. */
export interface FleetHostPort {
  /** `TCP`, `UDP` or `SCTP`. */
  readonly protocol: string;
  /** The port on the node. */
  readonly port: number;
  /** The node address it binds (`''` for every address). */
  readonly hostIp: string;
  /** The DaemonSet (`namespace/name`). */
  readonly daemonSet: string;
  /** The container that declares the port. */
  readonly container: string;
}

/** A Namespace of the fleet and the Pod Security level its DaemonSets need. */
export interface FleetNamespace {
  /** `metadata.name`. */
  readonly name: string;
  /** Where it comes from: the construct path, or the file it was read from. */
  readonly source: string;
  /** The value of its `pod-security.kubernetes.io/enforce` label, if any. */
  readonly enforce?: string;
  /** The DaemonSets placed in it (`namespace/name`). */
  readonly daemonSets: string[];
  /** The strictest level that every DaemonSet placed in it satisfies (`restricted` when it has none). */
  readonly neededLevel: PodSecurityLevel;
  /** The DaemonSets whose pods its enforce label would reject. */
  readonly rejected: string[];
}

/** A per-node budget checked against the requests of all DaemonSets. */
export interface FleetBudgetCheck {
  /** `cpu` or `memory`. */
  readonly resource: string;
  /** The budget as given, e.g. `500m` or `1Gi`. */
  readonly budget: string;
  /** The budget in millicores (cpu) or bytes (memory). */
  readonly budgetAmount: number;
  /** What the DaemonSets request per node, in the same unit. */
  readonly requested: number;
  /** Whether the requests exceed the budget. */
  readonly exceeded: boolean;
}

/** A per-node budget for the requests of all DaemonSets together. */
export interface FleetBudget {
  /**
   * The cpu all DaemonSet pods of a node may request together, as a Kubernetes quantity.
   *
   * @default - no cpu budget
   */
  readonly cpu?: string;

  /**
   * The memory all DaemonSet pods of a node may request together, as a Kubernetes quantity.
   *
   * @default - no memory budget
   */
  readonly memory?: string;
}

/** The assumptions of a fleet analysis. */
export interface FleetAnalysisOptions {
  /** The number of nodes of the cluster: every DaemonSet is assumed to run on each of them. */
  readonly nodeCount: number;

  /**
   * Seconds from the creation of a pod to its readiness (image pull, start, first successful
   * readiness probe), used for the rollout estimate.
   *
   * @default 30 - a small agent image pulled on a node, started, and probed once or twice.
   */
  readonly podStartSeconds?: number;

  /**
   * Seconds an old pod takes to stop, when it must stop before its replacement starts
   * (`maxUnavailable` rollouts): from its deletion until the kubelet has removed it.
   *
   * @default - 5, or each pod's `terminationGracePeriodSeconds` if that is shorter: agents exit on
   * SIGTERM, most at once, Fluent Bit after its 5s `Grace`. The report also gives the rollout time
   * with every old pod using its whole grace period, the most the kubelet waits.
   */
  readonly podStopSeconds?: number;

  /**
   * A per-node budget for the requests of all DaemonSets together. Exceeding it is an error.
   *
   * @default - no budget
   */
  readonly budget?: FleetBudget;
}

/** The app-level view of every DaemonSet: node overhead, Pod Security, host ports and rollouts. */
export interface FleetAnalysis {
  /** The node count the totals and rollouts are computed for. */
  readonly nodeCount: number;
  /** The pod start time the rollouts are estimated with, in seconds. */
  readonly podStartSeconds: number;
  /** The pod stop time the rollouts are estimated with, in seconds, if given (else 5, or the grace period if shorter). */
  readonly podStopSeconds?: number;
  /** Every DaemonSet, in the order found. */
  readonly daemonSets: FleetDaemonSet[];
  /** The requests and limits of all DaemonSet pods on one node (every DaemonSet counted on every node). */
  readonly perNode: FleetUsage;
  /** `perNode` times the node count. */
  readonly cluster: FleetUsage;
  /** Every host port bound, sorted by protocol, then port. */
  readonly hostPorts: FleetHostPort[];
  /** Every Namespace of the manifests, with the level its DaemonSets need. */
  readonly namespaces: FleetNamespace[];
  /** The budget checks (empty without a budget). */
  readonly budget: FleetBudgetCheck[];
  /**
   * Errors: budgets exceeded, DaemonSets whose namespace enforces a stricter level than their pods
   * satisfy, and host ports that two DaemonSets bind on the same nodes.
   */
  readonly problems: string[];
}
