/**
 * `maxSurge` / `maxUnavailable` values as the API server accepts them: an integer >= 0, or
 * `N%` with an integer N from 0 to 100.
 * Returns `undefined` when valid, else what is allowed.
 */
export function checkIntOrPercent(value: unknown): string | undefined {
  const allowed = 'an integer >= 0, or a percentage \'N%\' with an integer N from 0 to 100';
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 ? undefined : allowed;
  }
  if (typeof value === 'string') {
    const match = /^([0-9]+)%$/.exec(value);
    return match && Number(match[1]) <= 100 ? undefined : allowed;
  }
  return allowed;
}

/** Whether a valid int-or-percent value is zero (`0` or `'0%'`). */
export function isZero(value: unknown): boolean {
  return value === 0 || value === '0%';
}
