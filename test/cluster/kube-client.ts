import * as https from 'https';

/**
 * A small Kubernetes REST client for the cluster tests: bearer token over TLS with the cluster's
 * CA, discovery to map kinds to resource paths, server-side apply and create (for real or with
 * `dryRun=All`), the `Warning` headers of every response, get/list/delete, polling and watches.
 */

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: any;
  };
  [key: string]: any;
}

/** What the API server said to one object. */
export interface Outcome {
  readonly kind: string;
  readonly name: string;
  /** The namespace used for a namespaced kind. */
  readonly namespace?: string;
  /** Whether the server admitted the object (2xx). */
  readonly accepted: boolean;
  /** HTTP status; 0 when the kind is not served (no request was made). */
  readonly code: number;
  /** The Status reason (e.g. Invalid, Forbidden, NotFound) when rejected. */
  readonly reason?: string;
  /** The Status message when rejected ("" when accepted). */
  readonly message: string;
  /** Every `Warning` response header (deprecations, Pod Security, pod template warnings...). */
  readonly warnings: string[];
  /** The object as the server returned it (defaulted, mutated by admission) when accepted. */
  readonly object?: KubeObject;
}

export interface SubmitOptions {
  /** `apply` (server-side apply, create or update; the default) or `create` (POST). */
  readonly mode?: 'apply' | 'create';
  /** Send `dryRun=All`: the server decodes, defaults, validates and admits, but stores nothing. */
  readonly dryRun?: boolean;
  /** Field manager of server-side apply. Default `cdk8s-daemonsets-tests`. */
  readonly fieldManager?: string;
}

export interface Response {
  readonly status: number;
  readonly body: any;
  readonly warnings: string[];
}

export interface ConnectionOptions {
  /** https://host:port */
  readonly server: string;
  /** PEM of the CA that signed the server's certificate. */
  readonly ca: string;
  readonly token: string;
}

interface Resource {
  /** e.g. /apis/apps/v1 */
  readonly groupVersionPath: string;
  /** plural, e.g. daemonsets */
  readonly plural: string;
  readonly namespaced: boolean;
}

/** A Kubernetes API error, with the Status the server returned. */
export class KubeError extends Error {
  constructor(message: string, readonly status: number, readonly body: any) {
    super(message);
    this.name = 'KubeError';
  }
}

export class KubeClient {
  private readonly agent: https.Agent;
  private readonly url: URL;
  private readonly discovery = new Map<string, Promise<Map<string, Resource>>>();

  constructor(private readonly connection: ConnectionOptions) {
    this.url = new URL(connection.server);
    this.agent = new https.Agent({ ca: connection.ca, keepAlive: true, maxSockets: 8 });
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }

  /**
   * One request. `body` is sent as JSON (or as is, if a string). Never throws on an HTTP error
   * status: look at `status`.
   */
  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request({
        protocol: this.url.protocol,
        hostname: this.url.hostname,
        port: this.url.port,
        path,
        method,
        agent: this.agent,
        timeout: 60_000,
        headers: {
          Authorization: `Bearer ${this.connection.token}`,
          Accept: 'application/json',
          ...(payload !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
          ...headers,
        },
      }, res => {
        let text = '';
        res.setEncoding('utf-8');
        res.on('data', chunk => text += chunk);
        res.on('end', () => {
          let parsed: any = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (e.g. /healthz): keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, warnings: warningHeaders(res.rawHeaders) });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** GET a path and return the body; throws a KubeError on a non-2xx status. */
  async getPath(path: string): Promise<any> {
    const r = await this.request('GET', path);
    if (r.status < 200 || r.status >= 300) throw statusError(`GET ${path}`, r);
    return r.body;
  }

  /** The path of a kind's collection (`namespace` ignored for cluster-scoped kinds), by discovery. */
  async collectionPath(apiVersion: string, kind: string, namespace?: string): Promise<string> {
    const res = await this.resource(apiVersion, kind);
    return res.namespaced && namespace
      ? `${res.groupVersionPath}/namespaces/${encodeURIComponent(namespace)}/${res.plural}`
      : `${res.groupVersionPath}/${res.plural}`;
  }

  /** Whether `kind` is namespaced. */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.resource(apiVersion, kind)).namespaced;
  }

  /**
   * Server-side dry-run of each object, in order (`dryRun=All`, strict field validation): what the
   * API server would say to `kubectl apply --server-side --dry-run=server`. Objects without a
   * namespace go to `namespace` (default "default"). The namespace must exist: a Namespace in
   * `objects` is not created by a dry-run.
   */
  dryRun(objects: readonly KubeObject[], namespace?: string, options: Omit<SubmitOptions, 'dryRun'> = {}): Promise<Outcome[]> {
    return this.submit(objects, namespace, { ...options, dryRun: true });
  }

  /** Applies the objects for real, in order; throws if the server rejects any (listing them). */
  async apply(objects: readonly KubeObject[], namespace?: string, options: Omit<SubmitOptions, 'dryRun'> = {}): Promise<Outcome[]> {
    const outcomes = await this.submit(objects, namespace, options);
    const rejected = outcomes.filter(o => !o.accepted);
    if (rejected.length > 0) {
      throw new Error(`the API server rejected ${rejected.map(o => `${o.kind} ${o.name}: ${o.message}`).join('; ')}`);
    }
    return outcomes;
  }

  /** Sends each object (apply or create, dry-run or not) and reports the server's verdicts; never throws on a rejection. */
  async submit(objects: readonly KubeObject[], namespace?: string, options: SubmitOptions = {}): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const obj of objects) outcomes.push(await this.submitOne(obj, namespace, options));
    return outcomes;
  }

  /** GET one object; undefined if it does not exist. */
  async get(apiVersion: string, kind: string, name: string, namespace?: string): Promise<KubeObject | undefined> {
    const r = await this.request('GET', `${await this.collectionPath(apiVersion, kind, namespace ?? 'default')}/${encodeURIComponent(name)}`);
    if (r.status === 404) return undefined;
    if (r.status !== 200) throw statusError(`GET ${kind} ${name}`, r);
    return r.body;
  }

  /** The objects of a kind (in `namespace`, or all namespaces when it is omitted). */
  async list(apiVersion: string, kind: string, namespace?: string,
    options: { labelSelector?: string; fieldSelector?: string } = {}): Promise<KubeObject[]> {
    return (await this.listWithVersion(apiVersion, kind, namespace, options)).items;
  }

  /** Deletes an object (background propagation); true if it existed. */
  async delete(apiVersion: string, kind: string, name: string, namespace?: string): Promise<boolean> {
    const path = `${await this.collectionPath(apiVersion, kind, namespace ?? 'default')}/${encodeURIComponent(name)}`;
    const r = await this.request('DELETE', `${path}?propagationPolicy=Background`);
    if (r.status === 404) return false;
    if (r.status < 200 || r.status >= 300) throw statusError(`DELETE ${kind} ${name}`, r);
    return true;
  }

  /** Creates a namespace named `<prefix>-<random>` with the labels, and returns its name. */
  async createNamespace(prefix: string, labels: Record<string, string> = {}): Promise<string> {
    const name = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
    await this.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }]);
    return name;
  }

  /**
   * Polls `check` (every `intervalMs`, default 250) until it returns something other than
   * undefined/false, and returns that. Throws after `timeoutMs` (default 60 s), with
   * `description` and the last value seen.
   */
  async waitFor<T>(description: string, check: () => Promise<T | undefined | false>,
    options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    let last: unknown;
    for (;;) {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${description} (last result: ${JSON.stringify(last)})`);
      await new Promise(resolve => setTimeout(resolve, options.intervalMs ?? 250));
    }
  }

  /**
   * Watches a kind (from the current state: existing objects arrive as ADDED first) and calls
   * `onEvent` for each event until it returns true (resolves) or `timeoutMs` passes (rejects).
   * `onListed` is called with the existing objects once they are listed, before the watch starts
   * from that list: a change made then is seen in full.
   */
  async watch(apiVersion: string, kind: string, namespace: string | undefined,
    onEvent: (type: string, object: KubeObject) => boolean | void,
    options: { labelSelector?: string; fieldSelector?: string; timeoutMs?: number; onListed?: (items: KubeObject[]) => void } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const list = await this.listWithVersion(apiVersion, kind, namespace, options);
    for (const item of list.items) {
      if (onEvent('ADDED', item)) return;
    }
    options.onListed?.(list.items);
    const query = new URLSearchParams({
      watch: '1',
      resourceVersion: list.resourceVersion,
      allowWatchBookmarks: 'false',
      timeoutSeconds: String(Math.ceil(timeoutMs / 1000)),
    });
    if (options.labelSelector) query.set('labelSelector', options.labelSelector);
    if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
    const path = `${await this.collectionPath(apiVersion, kind, namespace)}?${query}`;
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => finish(new Error(`watch of ${kind} timed out after ${timeoutMs} ms`)), timeoutMs);
      const req = https.request({
        protocol: this.url.protocol,
        hostname: this.url.hostname,
        port: this.url.port,
        path,
        method: 'GET',
        // Its own connection: a watch holds it open.
        agent: false,
        ca: this.connection.ca,
        headers: { Authorization: `Bearer ${this.connection.token}`, Accept: 'application/json' },
      }, res => {
        if (res.statusCode !== 200) {
          finish(new Error(`watch of ${kind}: HTTP ${res.statusCode}`));
          return;
        }
        let buffer = '';
        res.setEncoding('utf-8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (!line) continue;
            const event = JSON.parse(line);
            if (event.type === 'ERROR') {
              finish(new Error(`watch of ${kind}: ${event.object?.message}`));
              return;
            }
            try {
              if (onEvent(event.type, event.object)) finish();
            } catch (e) {
              finish(e as Error);
            }
          }
        });
        res.on('end', () => finish(new Error(`watch of ${kind} ended before the condition was met`)));
        res.on('error', e => finish(e));
      });
      req.on('error', e => finish(e));
      req.end();
    });
  }

  private async listWithVersion(apiVersion: string, kind: string, namespace: string | undefined,
    options: { labelSelector?: string; fieldSelector?: string }): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const query = new URLSearchParams();
    if (options.labelSelector) query.set('labelSelector', options.labelSelector);
    if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
    const body = await this.getPath(`${await this.collectionPath(apiVersion, kind, namespace)}${query.size ? `?${query}` : ''}`);
    return { items: body.items ?? [], resourceVersion: body.metadata?.resourceVersion };
  }

  private async submitOne(obj: KubeObject, defaultNamespace: string | undefined, options: SubmitOptions): Promise<Outcome> {
    const name = obj.metadata?.name ?? obj.metadata?.generateName ?? '';
    let resource: Resource;
    try {
      resource = await this.resource(obj.apiVersion, obj.kind);
    } catch (e) {
      return { kind: obj.kind, name, accepted: false, code: 0, message: (e as Error).message, warnings: [] };
    }
    const namespace = resource.namespaced ? obj.metadata?.namespace ?? defaultNamespace ?? 'default' : undefined;
    const collection = namespace !== undefined
      ? `${resource.groupVersionPath}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`
      : `${resource.groupVersionPath}/${resource.plural}`;
    const query = new URLSearchParams({ fieldValidation: 'Strict' });
    if (options.dryRun) query.set('dryRun', 'All');
    let r: Response;
    if ((options.mode ?? 'apply') === 'apply') {
      query.set('fieldManager', options.fieldManager ?? 'cdk8s-daemonsets-tests');
      query.set('force', 'true');
      const body = { ...obj, metadata: { ...obj.metadata, ...(namespace !== undefined ? { namespace } : {}) } };
      r = await this.request('PATCH', `${collection}/${encodeURIComponent(name)}?${query}`, JSON.stringify(body),
        { 'Content-Type': 'application/apply-patch+yaml' });
    } else {
      if (options.fieldManager) query.set('fieldManager', options.fieldManager);
      r = await this.request('POST', `${collection}?${query}`, obj);
    }
    const accepted = r.status >= 200 && r.status < 300;
    return {
      kind: obj.kind,
      name,
      namespace,
      accepted,
      code: r.status,
      reason: accepted ? undefined : r.body?.reason,
      message: accepted ? '' : r.body?.message ?? String(r.body ?? ''),
      warnings: r.warnings,
      object: accepted ? r.body : undefined,
    };
  }

  private async resource(apiVersion: string, kind: string): Promise<Resource> {
    let resources = await this.discover(apiVersion);
    let found = resources.get(kind);
    if (!found) {
      // A CRD may have been installed since: look again once.
      this.discovery.delete(apiVersion);
      resources = await this.discover(apiVersion);
      found = resources.get(kind);
    }
    if (!found) throw new Error(`no matches for kind "${kind}" in version "${apiVersion}"`);
    return found;
  }

  private discover(apiVersion: string): Promise<Map<string, Resource>> {
    let pending = this.discovery.get(apiVersion);
    if (!pending) {
      const groupVersionPath = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      pending = (async () => {
        const r = await this.request('GET', groupVersionPath);
        const map = new Map<string, Resource>();
        if (r.status === 404) return map;
        if (r.status !== 200) throw statusError(`discovery of ${apiVersion}`, r);
        for (const res of r.body.resources ?? []) {
          // Subresources (daemonsets/status) share the kind of their parent.
          if (res.name.includes('/')) continue;
          map.set(res.kind, { groupVersionPath, plural: res.name, namespaced: res.namespaced });
        }
        return map;
      })();
      this.discovery.set(apiVersion, pending);
      pending.catch(() => this.discovery.delete(apiVersion));
    }
    return pending;
  }
}

/**
 * The texts of the `Warning` headers (RFC 7234: `299 - "text"`), one per header. Read from the raw
 * headers: Node joins repeated headers with ", ", and the texts contain commas.
 */
export function warningHeaders(rawHeaders: readonly string[]): string[] {
  const warnings: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() !== 'warning') continue;
    const value = rawHeaders[i + 1];
    const m = /^\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/.exec(value);
    warnings.push(m ? m[1].replace(/\\(.)/g, '$1') : value);
  }
  return warnings;
}

function statusError(what: string, r: Response): KubeError {
  const message = typeof r.body === 'object' && r.body?.message ? r.body.message : String(r.body ?? '');
  return new KubeError(`${what}: HTTP ${r.status}: ${message}`, r.status, r.body);
}
