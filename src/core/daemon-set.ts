import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppValidation } from './private/app-validation';
import { DEFAULTS, INSTANCE_LABEL, NAME_LABEL } from './private/defaults';
import { fail, formatError } from './private/errors';
import { checkReason, exemptionAnnotations } from './private/exemptions';
import { DroppedKey, FinalManifest } from './private/final-manifest';
import { harden, withAgentDefaults } from './private/hardening';
import { checkImage, DIGEST_PULL_REASON } from './private/images';
import { kplusSerializationErrors } from './private/kplus-limits';
import { checkUpdateStrategy, resolveUpdateStrategy, toManifestShape, typedUpdateStrategy } from './private/rolling-update';
import { serializeFaster, serializeMetadataFaster } from './private/serialize';
import { Relaxation, RelaxationKind } from './relaxation';
import { DaemonSetUpdateStrategy } from './update-strategy';
import { validateDaemonSetManifest } from '../validation/daemon-set-rules';
import { isDigestPinned } from '../validation/images';
import { checkDnsSubdomain, checkLabelValue, toDnsLabel } from '../validation/names';

/**
 * Properties of a `DaemonSet`: everything cdk8s-plus-28's `DaemonSetProps` takes, plus what a
 * node agent needs and cdk8s-plus lacks.
 */
export interface DaemonSetProps extends kplus.DaemonSetProps {
  /**
   * How pods are replaced when the template changes.
   *
   * @default - `RollingUpdate` with `maxSurge: 1, maxUnavailable: 0` when the pod holds nothing
   * exclusive on its node: the new pod starts next to the old one, so a node never goes without
   * its agent. When the pod binds host ports (a `hostPort`, or `hostNetwork` with container ports)
   * or writes a host path (`Relaxation.writableHostPath`: a state database or lock, a position
   * file, a socket, a watched configuration file), a surge pod could not run next to the old one
   * on the same node, so the default there is `maxUnavailable: 1, maxSurge: 0`. A host path
   * declared with `Relaxation.sharedWritableHostPath` does not count.
   */
  readonly updateStrategy?: DaemonSetUpdateStrategy;

  /**
   * The priority class of the pods.
   *
   * @default 'system-node-critical' - an agent that must run on every node should be scheduled
   * (and preempt) before ordinary workloads and be evicted last. Clusters that limit the system
   * classes to namespaces with a matching ResourceQuota (GKE does) admit the pods through the
   * quota `priorityClassQuota` emits.
   */
  readonly priorityClassName?: string;

  /**
   * Emit a ResourceQuota `<name>-critical-pods` in the DaemonSet's namespace whose scope selects
   * the pods' priority class, so that clusters limiting that class admit the pods.
   *
   * Kubernetes lets a cluster "limit priority class consumption by default": with the ResourceQuota
   * admission plugin configured so, a pod of a limited class is admitted only in a namespace that
   * holds a ResourceQuota whose `scopeSelector` selects the class. GKE limits
   * `system-node-critical` and `system-cluster-critical` this way and has such a quota in
   * `kube-system` only; every pod of those classes elsewhere is rejected ("insufficient quota to
   * match these scopes") and the DaemonSet runs on no node. The quota allows `1G` pods, as GKE's
   * own `gcp-critical-pods` does: it admits the class and limits nothing. Where nothing limits the
   * class it only counts the pods.
   *
   * @default - true when the priority class is `system-node-critical` or `system-cluster-critical`
   * and the namespace is not `kube-system` (which holds such a quota wherever the classes are
   * limited); false otherwise. Set false where the namespace already holds a quota for the class,
   * or true to emit it for a class of your own that your cluster limits.
   */
  readonly priorityClassQuota?: boolean;

  /**
   * Use the node's PID namespace. A relaxation: needs `Relaxation.hostPid(reason)`.
   *
   * @default false
   */
  readonly hostPid?: boolean;

  /**
   * Use the node's IPC namespace. A relaxation: needs `Relaxation.hostIpc(reason)`.
   *
   * @default false
   */
  readonly hostIpc?: boolean;

  /**
   * Node labels the pods require. Merged over the default; a key given here wins.
   *
   * @default { 'kubernetes.io/os': 'linux' } - agent images are Linux images; without it they
   * are scheduled, and crash-loop, on Windows nodes.
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * How many old revisions to keep for rollback.
   *
   * @default - the API server's default (10)
   */
  readonly revisionHistoryLimit?: number;

  /**
   * The best practices this DaemonSet relaxes, each with its reason. See `Relaxation`.
   *
   * @default - none: host namespaces, hostPath volumes, writable host mounts, host ports,
   * privileged, added capabilities, root and a writable root filesystem are all errors.
   */
  readonly relaxations?: Relaxation[];

  /**
   * Tolerate the `node-role.kubernetes.io/control-plane:NoSchedule` taint, so the agent also runs
   * on control-plane nodes.
   *
   * @default true - node agents (metrics, logs, network, security) are needed on every node.
   */
  readonly tolerateControlPlane?: boolean;

  /**
   * Emit a NetworkPolicy for the pods that admits ingress only to their declared container ports
   * (from any source) and denies every other inbound connection; egress is allowed to anywhere, as
   * an explicit rule (agents call the API server and their backends).
   *
   * @default - true, unless `hostNetwork` is on: NetworkPolicy does not apply to pods in the node's
   * network namespace, so none is emitted and the hostNetwork relaxation records that in the
   * policy checkers' exemptions.
   */
  readonly networkPolicy?: boolean;

  /**
   * The `app.kubernetes.io/name` label, part of the selector.
   *
   * @default - the construct id as a DNS label (e.g. `NodeExporter` becomes `node-exporter`)
   */
  readonly appName?: string;

  /**
   * The `app.kubernetes.io/instance` label, part of the selector.
   *
   * @default - `metadata.name`: the selector stays the same as long as the object's name does,
   * whatever the construct path.
   */
  readonly instance?: string;

  /**
   * The `app.kubernetes.io/component` label.
   *
   * @default 'node-agent'
   */
  readonly component?: string;

  /**
   * The `app.kubernetes.io/part-of` label.
   *
   * @default - not set
   */
  readonly partOf?: string;

  /**
   * The `app.kubernetes.io/version` label.
   *
   * @default - not set
   */
  readonly version?: string;

  /**
   * Names of Secrets (of type `kubernetes.io/dockerconfigjson`, in the DaemonSet's namespace) the
   * kubelet uses to pull the images (`imagePullSecrets`). cdk8s-plus's `dockerRegistryAuth` takes
   * one Secret object; this takes any number of names, and both may be used.
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];
}

/**
 * cdk8s-plus's `select: true` selects the pods by a hash of the construct path, which would make
 * the immutable selector change with every rename or move of the construct.
 */
function rejectPathSelector(scope: Construct, id: string, props: DaemonSetProps): void {
  if (props.select === true) {
    fail(`${scope.node.path}/${id}`, {
      prop: 'select',
      problem: 'would select pods by cdk8s-plus\'s construct-path hash: DaemonSet selectors are immutable, so renaming or moving the construct would break kubectl apply',
      received: true,
      allowed: 'unset or false (the selector is built from app.kubernetes.io/name and app.kubernetes.io/instance)',
      fix: 'remove select: true; use appName and instance to choose the selector labels',
    });
  }
}

/** A relaxation of a host path must name an absolute path: the rules match it against the volumes' paths. */
function checkRelaxationTarget(scope: Construct, relaxation: Relaxation): void {
  const hostPath = relaxation.kind === RelaxationKind.HOST_PATH || relaxation.kind === RelaxationKind.WRITABLE_HOST_PATH
    || relaxation.kind === RelaxationKind.SHARED_WRITABLE_HOST_PATH;
  const path = relaxation.target;
  if (hostPath && (typeof path !== 'string' || !path.startsWith('/') || path.split('/').includes('..'))) {
    fail(scope, {
      prop: 'relaxations',
      problem: `names a host path that is not absolute in ${relaxation.description}`,
      received: path,
      allowed: 'an absolute path without \'..\', as the hostPath volume gives it (e.g. /var/log)',
      fix: `write the full path on the node, e.g. Relaxation.${relaxation.kind}('/${String(path ?? '').replace(/^[./]+/, '')}', '<why>')`,
    });
  }
}

/**
 * A DaemonSet for a node agent, built on cdk8s-plus-28's `DaemonSet` and hardened by default:
 * agent-sized resources, read-only host mounts, a priority class, surge updates where they can
 * work, non-root hardened containers with seccomp `RuntimeDefault`, Linux nodes and control-plane
 * tolerations, and a selector that does not depend on the construct path. Every relaxation of those
 * practices is explicit, carries a reason and is written into the manifest for the policy checkers.
 *
 * Everything cdk8s-plus offers keeps working (`addContainer`, `containers[i].mount()`,
 * `scheduling`, `ApiObject.of(ds).addJsonPatch()`), and the final manifest is validated whichever
 * way it was built.
 */
export class DaemonSet extends kplus.DaemonSet {
  /** The priority class used when none is given. */
  public static readonly DEFAULT_PRIORITY_CLASS_NAME = DEFAULTS.priorityClassName;

  /** The uid and gid containers run as when none is given (`nobody`). */
  public static readonly DEFAULT_USER = DEFAULTS.user;

  /** The priority class of the pods. */
  public readonly priorityClassName: string;

  /** Whether the pods use the node's PID namespace. */
  public readonly hostPid: boolean;

  /** Whether the pods use the node's IPC namespace. */
  public readonly hostIpc: boolean;

  /** The requested update strategy, if any (the default is resolved at synth from what the pod holds on its node). */
  public readonly updateStrategy?: DaemonSetUpdateStrategy;

  /** How many old revisions are kept, if set. */
  public readonly revisionHistoryLimit?: number;

  /** The labels the selector matches: `app.kubernetes.io/name` and `app.kubernetes.io/instance`. */
  public readonly selectorLabels: { [key: string]: string };

  /** The NetworkPolicy admitting ingress to the declared container ports only, if emitted. */
  public readonly networkPolicy?: ApiObject;

  /** The ResourceQuota admitting the pods' priority class in the namespace, if emitted (see `priorityClassQuota`). */
  public readonly priorityClassQuota?: ApiObject;

  /** The names of the image pull Secrets given with `imagePullSecrets`. */
  public readonly imagePullSecrets: string[];

  private readonly _containerSecurity = new Map<string, Record<string, unknown>>();
  private readonly _nodeSelector: { [key: string]: string };
  private readonly _relaxations: Relaxation[] = [];
  private readonly userDnsPolicy: boolean;
  private readonly final: FinalManifest;
  private readonly networkPolicyByDefault: boolean;

  constructor(scope: Construct, id: string, props: DaemonSetProps = {}) {
    rejectPathSelector(scope, id, props);
    // The containers are added below, once this class's own fields exist (cdk8s-plus would add them
    // from its constructor, before they do).
    // Without a name, cdk8s would name the object (and so the immutable selector's instance label)
    // after a hash of the construct path; the construct id as a DNS label is stable and readable.
    const metadata = { ...props.metadata, name: props.metadata?.name ?? toDnsLabel(id) };
    super(scope, id, { ...props, metadata, select: false, containers: undefined, initContainers: undefined });

    // The defaults, resolved once (the update strategy's depends on the final pod: see `_toKube`).
    this.priorityClassName = props.priorityClassName ?? DEFAULTS.priorityClassName;
    this.hostPid = props.hostPid ?? false;
    this.hostIpc = props.hostIpc ?? false;
    this.updateStrategy = props.updateStrategy;
    this.revisionHistoryLimit = props.revisionHistoryLimit;
    this._nodeSelector = { ...DEFAULTS.nodeSelector, ...props.nodeSelector };
    this.userDnsPolicy = props.dns?.policy !== undefined;
    this.imagePullSecrets = [...props.imagePullSecrets ?? []];
    checkUpdateStrategy(this, this.updateStrategy);
    this.imagePullSecrets.forEach((name, i) => {
      const problem = typeof name === 'string' ? checkDnsSubdomain(name) : 'a string';
      if (problem) {
        fail(this, { prop: `imagePullSecrets[${i}]`, problem: 'is not a Secret name', received: name, allowed: problem, fix: 'give the name of the Secret that holds the registry credentials' });
      }
    });

    // Stable selector and the recommended labels.
    this.selectorLabels = this.addRecommendedLabels(id, props);
    this.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));

    if (props.tolerateControlPlane ?? true) {
      this.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.exists('node-role.kubernetes.io/control-plane', { effect: kplus.TaintEffect.NO_SCHEDULE })));
    }
    for (const relaxation of props.relaxations ?? []) {
      this.addRelaxation(relaxation);
    }
    props.initContainers?.forEach(c => this.addInitContainer(c));
    props.containers?.forEach(c => this.addContainer(c));
    this.networkPolicy = this.createNetworkPolicy(props);
    this.networkPolicyByDefault = this.networkPolicy !== undefined && props.networkPolicy === undefined;
    this.priorityClassQuota = this.createPriorityClassQuota(props);

    // Serialized as cdk8s-plus does, then the defaults that depend on the pod are decided on the
    // patched pod. The rules run at synth in the app's single validation pass, on that manifest.
    this.final = new FinalManifest(this.apiObject);
    serializeMetadataFaster(this.podMetadata);
    this.apiObject.toJson = () => this.finalManifest().manifest;
    AppValidation.of(this).register(this.apiObject, this);
  }

  /** The node labels the pods require (the defaults merged with `nodeSelector`). */
  public get nodeSelector(): { [key: string]: string } {
    return { ...this._nodeSelector };
  }

  /** The relaxations of this DaemonSet, with their reasons. */
  public get relaxations(): Relaxation[] {
    return [...this._relaxations];
  }

  /**
   * Declares a relaxation of a best practice, with its reason. Its exemption annotations are
   * written on the DaemonSet.
   */
  public addRelaxation(relaxation: Relaxation): void {
    checkReason(this, 'relaxations', relaxation.reason, relaxation.description);
    checkRelaxationTarget(this, relaxation);
    this._relaxations.push(relaxation);
    for (const [key, value] of Object.entries(exemptionAnnotations(this._relaxations))) {
      this.metadata.addAnnotation(key, value);
    }
  }

  /**
   * Adds a container with the agent defaults: agent-sized resources where none are given,
   * `allowPrivilegeEscalation: true` for a privileged container (the API server rejects
   * `privileged` with `false`), and the image pull policy. The image must be pinned (a release tag
   * or a digest; no tag, or `latest`, is an error). The pull policy, unless given, is
   * `IfNotPresent` for an image pinned by digest, whose bytes cannot change, so a restart does not
   * depend on the registry (the exemption for the checkers that want `Always` is written with its
   * reason), and cdk8s-plus's `Always` for a tag, which the registry can move.
   */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return this.withPullPolicy(super.addContainer(withAgentDefaults(this.pinned(cont))));
  }

  /** Adds an init container with the same defaults as `addContainer`. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return this.withPullPolicy(super.addInitContainer(withAgentDefaults(this.pinned(cont))));
  }

  /**
   * The container props with the default pull policy, after checking that the image is pinned. A
   * missing or blank image is the API server's rule, reported at synth with the others.
   */
  private pinned(cont: kplus.ContainerProps): kplus.ContainerProps {
    if (typeof cont.image === 'string' && cont.image.trim() !== '') {
      checkImage(this, `containers[${cont.name ?? 'main'}].image`, cont.image);
    }
    const digest = isDigestPinned(cont.image);
    return { ...cont, imagePullPolicy: cont.imagePullPolicy ?? (digest ? kplus.ImagePullPolicy.IF_NOT_PRESENT : kplus.ImagePullPolicy.ALWAYS) };
  }

  /** Declares the exemption of a digest-pinned image pulled only when missing, unless one is declared. */
  private withPullPolicy(container: kplus.Container): kplus.Container {
    const declared = this._relaxations.some(r => r.kind === RelaxationKind.IMAGE_PULL_POLICY && r.target === container.name);
    if (container.imagePullPolicy === kplus.ImagePullPolicy.IF_NOT_PRESENT && isDigestPinned(container.image) && !declared) {
      this.addRelaxation(Relaxation.imagePullPolicy(container.name, DIGEST_PULL_REASON));
    }
    return container;
  }

  /**
   * Adds the recommended labels (`app.kubernetes.io/*`) to the DaemonSet and its pods, where not
   * set already, and returns the two that the selector matches.
   */
  private addRecommendedLabels(id: string, props: DaemonSetProps): { [key: string]: string } {
    const labels: Record<string, string | undefined> = {
      [NAME_LABEL]: props.appName ?? toDnsLabel(id),
      [INSTANCE_LABEL]: props.instance ?? this.name,
      'app.kubernetes.io/component': props.component ?? DEFAULTS.component,
      'app.kubernetes.io/part-of': props.partOf,
      'app.kubernetes.io/version': props.version,
      'app.kubernetes.io/managed-by': 'cdk8s',
    };
    for (const [key, value] of Object.entries(labels)) {
      if (value === undefined) {
        continue;
      }
      const problem = checkLabelValue(value);
      if (problem) {
        const prop = { [NAME_LABEL]: 'appName', [INSTANCE_LABEL]: 'instance' }[key] ?? key;
        fail(this, { prop, problem: `is not a valid value for label ${key}`, received: value, allowed: problem, fix: `set ${prop} to a valid label value` });
      }
      if (this.metadata.getLabel(key) === undefined) {
        this.metadata.addLabel(key, value);
      }
      if (this.podMetadata.getLabel(key) === undefined) {
        this.podMetadata.addLabel(key, value);
      }
    }
    return {
      [NAME_LABEL]: this.podMetadata.getLabel(NAME_LABEL)!,
      [INSTANCE_LABEL]: this.podMetadata.getLabel(INSTANCE_LABEL)!,
    };
  }

  /** The NetworkPolicy of the pods, unless they are in the node's network namespace. */
  private createNetworkPolicy(props: DaemonSetProps): ApiObject | undefined {
    if (props.networkPolicy && props.hostNetwork) {
      fail(this, {
        prop: 'networkPolicy',
        problem: 'cannot apply to hostNetwork pods: they use the node\'s network namespace, which NetworkPolicy does not filter',
        received: true,
        allowed: 'networkPolicy with pods in their own network namespace',
        fix: 'remove networkPolicy: true (the hostNetwork relaxation records why none is emitted), or turn hostNetwork off',
      });
    }
    if (!(props.networkPolicy ?? !props.hostNetwork)) {
      return undefined;
    }
    const policy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: this.name, namespace: this.metadata.namespace, labels: this.selectorLabels },
      spec: Lazy.any({ produce: () => this.networkPolicySpec() }),
    });
    return serializeFaster(policy, k8s.KubeNetworkPolicy);
  }

  /**
   * The ResourceQuota that admits the pods' priority class in the namespace, where the class may be
   * limited (see `priorityClassQuota`).
   */
  private createPriorityClassQuota(props: DaemonSetProps): ApiObject | undefined {
    const namespace = this.metadata.namespace;
    const emit = props.priorityClassQuota
      ?? (DEFAULTS.systemPriorityClasses.includes(this.priorityClassName) && namespace !== DEFAULTS.systemNamespace);
    if (!emit) {
      return undefined;
    }
    const quota = new k8s.KubeResourceQuota(this, 'PriorityClassQuota', {
      metadata: { name: `${this.name}-critical-pods`, namespace, labels: this.selectorLabels },
      spec: {
        hard: { pods: k8s.Quantity.fromString(DEFAULTS.priorityClassQuotaPods) },
        scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: [this.priorityClassName] }] },
      },
    });
    return serializeFaster(quota, k8s.KubeResourceQuota);
  }

  /**
   * Ingress to the declared ports of the containers that run together, nothing else: read from the
   * final manifest, so that ports added by JSON patches are admitted too.
   */
  private networkPolicySpec(): k8s.NetworkPolicySpec {
    const pod = AppValidation.manifestOf(this.apiObject).spec?.template?.spec ?? {};
    const running = [...(pod.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always'), ...(pod.containers ?? [])];
    const ports = running.flatMap((c: any) => c.ports ?? []).map((p: any) => ({
      port: k8s.IntOrString.fromNumber(p.containerPort),
      protocol: p.protocol || kplus.Protocol.TCP,
    }));
    return {
      podSelector: { matchLabels: this.selectorLabels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: ports.length > 0 ? [{ ports }] : [],
      // Open on purpose, and said explicitly: agents reach the API server and their backends.
      egress: [{}],
    };
  }

  /**
   * Security context fields of a container that cdk8s-plus does not type (such as `seLinuxOptions`),
   * in the Kubernetes manifest's shape, merged into the container's security context at synth.
   * @internal
   */
  public _addContainerSecurity(container: string, fields: Record<string, unknown>): void {
    this._containerSecurity.set(container, { ...this._containerSecurity.get(container), ...fields });
  }

  /**
   * The rules, run at synth on the final manifest.
   * @internal
   */
  public _validate(): { errors: string[]; manifest?: any } {
    let serialized: { manifest: any; dropped: DroppedKey[] };
    try {
      serialized = this.finalManifest();
    } catch (e) {
      // What cdk8s-plus refuses while it serializes (with a message that names neither prop nor fix)
      // in the library's style, or else its message.
      const refused = kplusSerializationErrors(this);
      return {
        errors: refused.length > 0 ? refused : [formatError(this, {
          prop: 'spec',
          problem: `cannot be serialized: ${(e as Error).message.replace(/^Failed serializing construct at path '[^']*' with name '[^']*': (Error: )?/, '')}`,
          fix: 'change the setting the message names',
        })],
      };
    }
    const { manifest, dropped } = serialized;
    // The manifest lacks what the patches meant: the rest is checked once they are fixed.
    if (dropped.length > 0) {
      return { errors: dropped.map(d => droppedKeyError(this, d)), manifest };
    }
    const errors: string[] = [];
    if (this.networkPolicyByDefault && manifest.spec?.template?.spec?.hostNetwork === true) {
      errors.push(formatError(this, {
        prop: 'networkPolicy',
        problem: 'is emitted, but a JSON patch turned hostNetwork on: NetworkPolicy does not filter pods in the node\'s network namespace',
        received: true,
        allowed: 'no NetworkPolicy for hostNetwork pods',
        fix: 'set hostNetwork: true as a prop (then no NetworkPolicy is emitted), or networkPolicy: false',
      }));
    }
    errors.push(...validateDaemonSetManifest(this.node.path, manifest, this._relaxations));
    return { errors, manifest };
  }

  /**
   * The manifest after the JSON patches, with the defaults that depend on the pod decided on the
   * patched pod: the update strategy (no surge where it binds host ports) and the DNS policy
   * (ClusterFirstWithHostNet with hostNetwork), unless the user or a patch chose them.
   */
  private finalManifest(): { manifest: any; dropped: DroppedKey[] } {
    const { manifest, dropped } = this.final.serialize();
    const spec = manifest.spec ?? {};
    const pod = spec.template?.spec ?? {};
    if (spec.updateStrategy !== undefined && !this.final.touched('/spec/updateStrategy')) {
      spec.updateStrategy = resolveUpdateStrategy(this.updateStrategy, pod, this._relaxations);
    }
    if (!this.userDnsPolicy && pod.dnsPolicy !== undefined && !this.final.touched('/spec/template/spec/dnsPolicy')) {
      pod.dnsPolicy = pod.hostNetwork === true ? 'ClusterFirstWithHostNet' : 'ClusterFirst';
    }
    return { manifest, dropped };
  }

  /**
   * @internal
   */
  public _toKube(): k8s.DaemonSetSpec {
    const spec = super._toKube();
    const hardened = harden(spec.template.spec!, {
      priorityClassName: this.priorityClassName,
      nodeSelector: this._nodeSelector,
      hostPid: this.hostPid,
      hostIpc: this.hostIpc,
      hostNetworkDns: !this.userDnsPolicy,
      noLimits: this._relaxations.filter(r => r.kind === RelaxationKind.NO_LIMIT).map(r => `${r.target}/${r.resource}`),
    });
    const pullSecrets = [...hardened.imagePullSecrets ?? [], ...this.imagePullSecrets.map(name => ({ name }))];
    const withSecurity = (c: k8s.Container) => this._containerSecurity.has(c.name)
      ? { ...c, securityContext: { ...c.securityContext, ...this._containerSecurity.get(c.name) } }
      : c;
    const pod = {
      ...hardened,
      containers: this._containerSecurity.size > 0 ? hardened.containers.map(withSecurity) : hardened.containers,
      initContainers: this._containerSecurity.size > 0 ? hardened.initContainers?.map(withSecurity) : hardened.initContainers,
      imagePullSecrets: pullSecrets.length > 0 ? pullSecrets : undefined,
    };
    return {
      ...spec,
      revisionHistoryLimit: this.revisionHistoryLimit,
      // Decided on the patched pod (see `finalManifest`). With JSON patches, the default for the
      // pod as built is written first, so that a patch inside it finds it.
      updateStrategy: this.final.patched
        ? typedUpdateStrategy(resolveUpdateStrategy(this.updateStrategy, toManifestShape(pod), this._relaxations))
        : { type: 'RollingUpdate' },
      template: { ...spec.template, spec: pod },
    };
  }
}

/** A patched key that cdk8s-plus's conversion would drop, in the library's message style. */
function droppedKeyError(scope: Construct, dropped: DroppedKey): string {
  const instead = dropped.instead;
  return formatError(scope, {
    prop: dropped.field,
    problem: 'is dropped by cdk8s-plus: JSON patches apply to its typed object, whose keys it converts to Kubernetes\' after the patches, dropping the ones it does not know',
    received: dropped.value,
    allowed: instead ? `${instead.pointer} = ${JSON.stringify(instead.value)} in cdk8s-plus's shape` : 'a field of cdk8s-plus-28\'s Kubernetes 1.28 types',
    fix: instead
      ? `patch ${instead.pointer} with ${JSON.stringify(instead.value)} instead of ${dropped.pointer}`
      : 'remove the patch: cdk8s-plus-28 cannot emit this field',
  });
}
