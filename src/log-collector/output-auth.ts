/** How a `LogOutputAuth` authenticates. */
export enum LogOutputAuthKind {
  /** HTTP basic authentication: a user name and a password. */
  BASIC = 'basic',
  /** An `Authorization: Bearer <token>` header. */
  BEARER_TOKEN = 'bearerToken',
}

/**
 * Credentials of a log output, read from a Secret in the collector's namespace: they reach the
 * collector as environment variables from the Secret (`secretKeyRef`), never the ConfigMap, and no
 * error ever shows their value (the library never sees it).
 */
export class LogOutputAuth {
  /**
   * HTTP basic authentication with the user name and password in the Secret's keys. Fluent Bit and
   * Fluentd, for the HTTP, Loki and Elasticsearch outputs; Filebeat, for the Elasticsearch output.
   */
  public static basicFromSecret(secretName: string, usernameKey: string = 'username', passwordKey: string = 'password'): LogOutputAuth {
    return new LogOutputAuth(LogOutputAuthKind.BASIC, secretName, [usernameKey, passwordKey]);
  }

  /** A bearer token from the Secret's key. Fluent Bit, for the HTTP and Loki outputs. */
  public static bearerTokenFromSecret(secretName: string, key: string = 'token'): LogOutputAuth {
    return new LogOutputAuth(LogOutputAuthKind.BEARER_TOKEN, secretName, [key]);
  }

  /** How it authenticates. */
  public readonly kind: LogOutputAuthKind;

  /** The Secret holding the credentials. */
  public readonly secretName: string;

  /** The keys of the Secret: user name and password, or the token. */
  public readonly keys: string[];

  private constructor(kind: LogOutputAuthKind, secretName: string, keys: string[]) {
    this.kind = kind;
    this.secretName = secretName;
    this.keys = keys;
  }
}
