/**
 * SELinux labels of a container (`securityContext.seLinuxOptions`). An agent that writes node files
 * under SELinux enforcing (OpenShift, RHEL) may need a type such as `spc_t`; Pod Security `baseline`
 * allows only `container_t`, `container_init_t`, `container_kvm_t` and `container_engine_t`.
 */
export interface SeLinuxOptions {
  /**
   * The SELinux type.
   *
   * @default - the runtime's
   */
  readonly type?: string;

  /**
   * The SELinux level (MCS label).
   *
   * @default - the runtime's
   */
  readonly level?: string;

  /**
   * The SELinux role.
   *
   * @default - the runtime's
   */
  readonly role?: string;

  /**
   * The SELinux user.
   *
   * @default - the runtime's
   */
  readonly user?: string;
}

/**
 * The AppArmor profile of a container, written as the `container.apparmor.security.beta.kubernetes.io/<container>`
 * pod annotation, which every Kubernetes release reads (the `appArmorProfile` field needs 1.30).
 */
export class AppArmorProfile {
  /** The container runtime's default profile. */
  public static runtimeDefault(): AppArmorProfile {
    return new AppArmorProfile('runtime/default');
  }

  /** A profile loaded on the node, by name. */
  public static localhost(profile: string): AppArmorProfile {
    return new AppArmorProfile(`localhost/${profile}`);
  }

  /** No AppArmor confinement (Pod Security `baseline` rejects it). */
  public static unconfined(): AppArmorProfile {
    return new AppArmorProfile('unconfined');
  }

  /** The annotation value: `runtime/default`, `localhost/<name>` or `unconfined`. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}
