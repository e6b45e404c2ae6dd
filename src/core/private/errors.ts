import { IConstruct } from 'constructs';

/**
 * The one message style of the library:
 * `<construct path>: '<prop>' <problem> (received <value>). <allowed>. <fix>`
 */
export interface ErrorParts {
  /** The prop or manifest field at fault, e.g. `updateStrategy.maxSurge`. */
  readonly prop: string;
  /** What is wrong with it. */
  readonly problem: string;
  /** The value that was received, if there is one to show. */
  readonly received?: unknown;
  /** What is allowed instead. */
  readonly allowed?: string;
  /** How to fix it. */
  readonly fix: string;
}

export function formatError(scope: IConstruct | string, parts: ErrorParts): string {
  const path = typeof scope === 'string' ? scope : scope.node.path;
  const received = parts.received === undefined ? '' : ` (received ${show(parts.received)})`;
  const allowed = parts.allowed ? ` Allowed: ${parts.allowed}.` : '';
  return `${path}: '${parts.prop}' ${parts.problem}${received}.${allowed} Fix: ${parts.fix}`;
}

/** Throws the error at construction time. */
export function fail(scope: IConstruct | string, parts: ErrorParts): never {
  throw new Error(formatError(scope, parts));
}

export function show(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
