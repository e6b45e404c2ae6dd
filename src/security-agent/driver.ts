/**
 * Options for `SecurityAgentDriver.kernelModule()`.
 */
export interface KernelModuleDriverOptions {
  /**
   * The image of the init container that loads the kernel module (it downloads a prebuilt module
   * for the node's kernel, or builds one from the headers in `/usr/src`).
   *
   * @default 'docker.io/falcosecurity/falco-driver-loader:0.44.1' - the loader of the default agent
   * image's release
   */
  readonly loaderImage?: string;

  /**
   * The loader's arguments.
   *
   * @default ['kmod']
   */
  readonly loaderArgs?: string[];
}

/**
 * How the security agent sees the node's system calls: the modern eBPF probe, with exactly the
 * capabilities it needs, or a kernel module, which needs privileged containers.
 */
export class SecurityAgentDriver {
  /** The capabilities of the modern eBPF probe, as Falco's chart grants them (`leastPrivileged`). */
  public static readonly MODERN_EBPF_CAPABILITIES = ['BPF', 'PERFMON', 'SYS_RESOURCE', 'SYS_PTRACE'];

  /**
   * The modern eBPF probe (CO-RE, built into the agent; Linux 5.8 or newer with BTF): the agent
   * runs unprivileged with `BPF` (load the programs and maps), `PERFMON` (attach them to the
   * tracepoints), `SYS_RESOURCE` (raise the locked-memory limit for the ring buffers) and
   * `SYS_PTRACE` (read every process's `/proc` entries), every other capability dropped.
   */
  public static modernEbpf(): SecurityAgentDriver {
    return new SecurityAgentDriver('modern_ebpf', SecurityAgentDriver.MODERN_EBPF_CAPABILITIES, false);
  }

  /**
   * The kernel module (for kernels without BTF or older than 5.8): an init container loads it, and
   * the agent reads its devices; both run privileged, as loading a module and opening its devices
   * require.
   */
  public static kernelModule(options: KernelModuleDriverOptions = {}): SecurityAgentDriver {
    return new SecurityAgentDriver('kmod', [], true, options.loaderImage, options.loaderArgs);
  }

  /** The engine kind, as Falco names it (`modern_ebpf`, `kmod`). */
  public readonly kind: string;

  /** The capabilities the agent adds (none when privileged). */
  public readonly capabilities: string[];

  /** Whether the agent and its loader run privileged. */
  public readonly isPrivileged: boolean;

  /** The loader's image, for the kernel module. */
  public readonly loaderImage?: string;

  /** The loader's arguments, for the kernel module. */
  public readonly loaderArgs?: string[];

  private constructor(kind: string, capabilities: string[], privileged: boolean, loaderImage?: string, loaderArgs?: string[]) {
    this.kind = kind;
    this.capabilities = [...capabilities];
    this.isPrivileged = privileged;
    this.loaderImage = loaderImage;
    this.loaderArgs = loaderArgs ? [...loaderArgs] : undefined;
  }
}
