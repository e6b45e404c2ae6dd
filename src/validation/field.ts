import { formatError } from '../core/private/errors';

/**
 * How a rule reports a problem, in the library's one message style: the field (as the library
 * names it: a prop, or the field's path in the pod spec), what is wrong, the value received, what
 * is allowed and the fix.
 */
export type Err = (prop: string, problem: string, received: unknown, allowed: string | undefined, fix: string) => void;

/** A name or format check: `undefined` when the value is valid, else what is allowed. */
export type Check = (value: string) => string | undefined;

/** An `Err` that collects the messages of one object, each starting with `path`. */
export function collector(path: string): { readonly errors: string[]; readonly err: Err } {
  const errors: string[] = [];
  const err: Err = (prop, problem, received, allowed, fix) => errors.push(formatError(path, { prop, problem, received, allowed, fix }));
  return { errors, err };
}

/** `field.Required`: reports an unset or empty field. */
export function required(err: Err, prop: string, allowed: string, fix: string): void {
  err(prop, 'is required', undefined, allowed, fix);
}

/** `field.NotSupported`: reports a value outside a closed set. */
export function notSupported(err: Err, prop: string, value: unknown, supported: readonly string[], fix: string): void {
  err(prop, 'is not a supported value', value, supported.map(s => s === '' ? '\'\'' : s).join(', '), fix);
}

/** Reports `value` when `check` finds it invalid (a string is expected; anything else is invalid). */
export function checkFormat(err: Err, prop: string, value: unknown, check: Check, problem: string, fix: string): void {
  const allowed = typeof value === 'string' ? check(value) : check('\u0000');
  if (allowed) {
    err(prop, problem, value, allowed, fix);
  }
}

/** Whether a value is an integer (JSON number without a fraction). */
export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** `ValidateNonnegativeField`: an integer >= 0, when set. */
export function checkNonNegative(err: Err, prop: string, value: unknown, fix: string): void {
  if (value !== undefined && value !== null && !(isInteger(value) && value >= 0)) {
    err(prop, 'must be a whole number >= 0', value, 'an integer >= 0', fix);
  }
}

/** The entries of a list field, or none when it is unset. */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** The entries of a map field, or none when it is unset. */
export function entries(value: unknown): [string, any][] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
}
