import * as kplus from 'cdk8s-plus-28';
import { SecurityAgentDriver } from './driver';
import { NodeAgentOptions } from '../core/agent-options';

/**
 * Properties of a `SecurityAgentDaemonSet`. Every prop is optional: the defaults run Falco with
 * its modern eBPF probe. The options every typed construct takes (pod labels and annotations, image
 * pulling, env, scheduling, priority, update strategy, relaxations) come from `NodeAgentOptions`;
 * `env` and `envFrom` go to the agent (`HOST_ROOT` and `FALCO_K8S_NODE_NAME` are its own),
 * `imagePullPolicy` to the agent and the kernel module's loader.
 *
 * The update strategy's default is `maxSurge: 0, maxUnavailable: 1`, as Falco's chart rolls out.
 * With the kernel module a surge is an error (the module is the node's, and the new loader cannot
 * replace it while the old agent holds it); with the modern eBPF probe a surge is allowed (each
 * agent loads its own programs).
 */
export interface SecurityAgentDaemonSetProps extends NodeAgentOptions {
  /**
   * How the agent sees the node's system calls.
   *
   * @default SecurityAgentDriver.modernEbpf() - unprivileged, with four capabilities
   */
  readonly driver?: SecurityAgentDriver;

  /**
   * The agent's image. Pin a version or a digest.
   *
   * @default 'docker.io/falcosecurity/falco:0.44.1' - the release of the falcosecurity/charts falco
   * chart 9.1.0
   */
  readonly image?: string;

  /**
   * The agent's arguments.
   *
   * @default - Falco's: `['/usr/bin/falco', '-o', 'engine.kind=<driver kind>']`
   */
  readonly args?: string[];

  /**
   * The agent's HTTP port (Falco's web server), declared on the container and used by the probes.
   *
   * @default 8765 - Falco's `webserver.listen_port`
   */
  readonly port?: number;

  /**
   * The health path on `port` (startup and readiness probes; liveness checks that the port answers).
   *
   * @default '/healthz' - Falco's `webserver.k8s_healthz_endpoint`
   */
  readonly healthPath?: string;

  /**
   * The name of the DaemonSet and its ServiceAccount, and the selector's `app.kubernetes.io/name`
   * and `instance`.
   *
   * @default - the construct id as a DNS label
   */
  readonly name?: string;

  /**
   * The namespace of the DaemonSet and the ServiceAccount.
   *
   * @default 'kube-system' - where system-node-critical pods are never limited by a ResourceQuota,
   * and whose Pod Security level admits host namespaces (label your own namespace
   * `pod-security.kubernetes.io/enforce: privileged` otherwise)
   */
  readonly namespace?: string;

  /**
   * The agent container's name.
   *
   * @default 'falco'
   */
  readonly containerName?: string;

  /**
   * Resources of the agent container. Each request or limit you give is kept; a missing one is
   * the default, capped at your limit or raised to your request.
   *
   * @default - cpu 100m request / 1 limit, memory 512Mi / 1Gi: Falco chart 9.1.0's values; the
   * rules engine and the syscall ring buffers need that much
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * The container runtime's socket on the node (e.g. `/run/containerd/containerd.sock`), mounted
   * read-only at `/host<path>`, so the agent can name the container and pod of each event (Falco's
   * container plugin).
   *
   * @default - none: events carry process and host details only
   */
  readonly containerRuntimeSocket?: string;

  /**
   * Tolerate every taint, `NoExecute` included: a node nobody watches is where an attacker goes.
   *
   * @default true - `false` keeps only the base DaemonSet's control-plane toleration
   */
  readonly tolerateAllTaints?: boolean;
}
