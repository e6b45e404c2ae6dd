/**
 * How much privilege the CNI agent container gets: either privileged, or a named list of Linux
 * capabilities. Both need a reason, written into the manifest's exemption annotations.
 */
export class CniPrivilege {
  /**
   * The capabilities of the default privilege: `NET_ADMIN` and `NET_RAW`, what kube-flannel adds.
   */
  public static readonly DEFAULT_CAPABILITIES = ['NET_ADMIN', 'NET_RAW'];

  /** The reason of the default privilege. */
  public static readonly DEFAULT_REASON = 'interfaces, routes and iptables rules (NET_ADMIN), raw sockets (NET_RAW)';

  /**
   * A privileged agent container (`privileged: true`, which allows privilege escalation: the API
   * server rejects `privileged` with `allowPrivilegeEscalation: false`). Needed for `mountBpf`
   * (Bidirectional mount propagation) and by agents that load kernel modules or eBPF programs.
   */
  public static privileged(reason: string): CniPrivilege {
    return new CniPrivilege(true, [], reason);
  }

  /**
   * An unprivileged agent container that drops every capability and adds these ones back, e.g.
   * `['NET_ADMIN', 'NET_RAW']` (names as in `kplus.Capability`, with or without `CAP_`). Adding
   * `SYS_ADMIN` also allows privilege escalation: the API server rejects `SYS_ADMIN` with
   * `allowPrivilegeEscalation: false`.
   */
  public static capabilities(capabilities: string[], reason: string): CniPrivilege {
    return new CniPrivilege(false, capabilities, reason);
  }

  /** Whether the container runs privileged. */
  public readonly isPrivileged: boolean;

  /** The capabilities added (empty when privileged). */
  public readonly addedCapabilities: string[];

  /** Why the agent needs it. */
  public readonly reason: string;

  private constructor(privileged: boolean, capabilities: string[], reason: string) {
    this.isPrivileged = privileged;
    this.addedCapabilities = [...(capabilities ?? [])];
    this.reason = reason;
  }
}
