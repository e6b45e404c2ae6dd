/**
 * A CNI network configuration list (a `.conflist`), as `CniConfig.fromConflist()` takes it.
 *
 * @see https://www.cni.dev/docs/spec/#configuration-format
 */
export interface CniConflist {
  /**
   * The network name, unique on the node: letters, digits, `_`, `.` and `-`, starting with a
   * letter or digit (e.g. `cbr0`, `k8s-pod-network`).
   */
  readonly name: string;

  /** The CNI specification version the plugins implement (e.g. `0.3.1`, `1.0.0`). */
  readonly cniVersion: string;

  /**
   * The plugins, in the order the runtime calls them. Each is the plugin's own configuration
   * object and needs at least a `type` (the binary's name in `/opt/cni/bin`). The objects are
   * written as they are: in every language, spell their keys as the plugin does (`portMappings`,
   * `isDefaultGateway`), not in the language's own style.
   */
  readonly plugins: { [key: string]: any }[];

  /**
   * Tell the runtime not to call the plugins' CHECK command.
   *
   * @default - not set (the runtime calls CHECK)
   */
  readonly disableCheck?: boolean;
}

/**
 * The CNI network configuration the agent installs into `/etc/cni/net.d`, from typed data or from
 * JSON. It is checked (JSON, `name`, `cniVersion`, `plugins` with a `type` each) when a
 * `CniDaemonSet` uses it, so the error names the construct.
 */
export class CniConfig {
  /**
   * A conflist from typed data. Its fields are written in the order of the CNI specification
   * (`name`, `cniVersion`, `disableCheck`, `plugins`), whatever order they were given in: each
   * language hands a struct's fields over in its own order, and the conflist (and its checksum)
   * must not change with it.
   */
  public static fromConflist(conflist: CniConflist): CniConfig {
    const { name, cniVersion, disableCheck, plugins, ...rest } = conflist;
    return new CniConfig(() => ({ name, cniVersion, ...(disableCheck === undefined ? {} : { disableCheck }), plugins, ...rest }));
  }

  /**
   * A conflist from its JSON text, exactly as a `.conflist` file holds it. It may be a template:
   * placeholders `__<NAME>__` that the installer replaces (`configInstall.templateVariables`) may
   * also stand where a number goes (calico's `"mtu": __CNI_MTU__`); the text is then installed as
   * it is written.
   */
  public static fromJson(json: string): CniConfig {
    return new CniConfig(() => JSON.parse(json), json);
  }

  private constructor(private readonly source: () => any, private readonly text?: string) {}

  /**
   * The parsed conflist, or what is wrong with it.
   * @internal
   */
  public _parse(): { conflist?: any; template?: string; problem?: string; allowed?: string } {
    let conflist: any;
    let template: string | undefined;
    try {
      conflist = this.source();
    } catch (e) {
      // A template whose placeholders stand for numbers is JSON once they are filled in.
      const filled = this.text?.replace(/__[A-Z][A-Z0-9_]*__/g, '0');
      try {
        conflist = filled !== undefined && filled !== this.text ? JSON.parse(filled) : undefined;
        template = this.text;
      } catch {
        conflist = undefined;
      }
      if (conflist === undefined) {
        return { problem: `is not valid JSON: ${(e as Error).message}`, allowed: 'the JSON text of a .conflist file' };
      }
    }
    if (conflist === null || typeof conflist !== 'object' || Array.isArray(conflist)) {
      return { problem: 'is not a JSON object', allowed: 'an object with name, cniVersion and plugins' };
    }
    if (conflist.plugins === undefined && typeof conflist.type === 'string') {
      return {
        problem: 'is a single-plugin network configuration (.conf), not a configuration list',
        allowed: 'a conflist: { "name", "cniVersion", "plugins": [ <the plugin configuration> ] }',
      };
    }
    const missing = ['name', 'cniVersion', 'plugins'].filter(key => conflist[key] === undefined);
    if (missing.length > 0) {
      return { problem: `is missing ${missing.join(', ')}`, allowed: 'a conflist with name, cniVersion and plugins' };
    }
    if (typeof conflist.name !== 'string' || !CNI_NETWORK_NAME.test(conflist.name)) {
      return { problem: `has an invalid network name ${JSON.stringify(conflist.name)}`, allowed: 'letters, digits, \'_\', \'.\' and \'-\', starting with a letter or digit' };
    }
    if (typeof conflist.cniVersion !== 'string' || !/^[0-9]+\.[0-9]+\.[0-9]+$/.test(conflist.cniVersion)) {
      return { problem: `has an invalid cniVersion ${JSON.stringify(conflist.cniVersion)}`, allowed: 'a version such as \'0.3.1\', \'0.4.0\' or \'1.0.0\'' };
    }
    if (!Array.isArray(conflist.plugins) || conflist.plugins.length === 0) {
      return { problem: 'has no plugins', allowed: 'a non-empty plugins array' };
    }
    const untyped = conflist.plugins.findIndex((p: any) => p === null || typeof p !== 'object' || typeof p.type !== 'string' || p.type.trim() === '');
    if (untyped >= 0) {
      return { problem: `has a plugin without a type (plugins[${untyped}])`, allowed: 'plugin objects with a type: the name of the plugin binary in /opt/cni/bin' };
    }
    return { conflist, template };
  }
}

const CNI_NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
