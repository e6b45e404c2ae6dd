import { memoized } from './memo';

/**
 * Kubernetes resource quantities (`100m`, `64Mi`, `1.5`, `2e3`), parsed as the API server parses
 * them (k8s.io/apimachinery pkg/api/resource `ParseQuantity`, after `Quantity.UnmarshalJSON`
 * trims spaces): an optional sign, digits with an optional fraction, then an SI suffix (`n u m k M
 * G T P E`), a binary suffix (`Ki Mi Gi Ti Pi Ei`) or a decimal exponent (`e3`, `E-2`).
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18 };
// parseQuantityString: sign, digits, '.', digits, then suffix characters, an optional sign and digits.
const QUANTITY = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*)([+-]?[0-9]*)$/;

/** What the API server accepts as a quantity (for messages). */
export const QUANTITY_FORMAT = 'a Kubernetes quantity such as 100m, 64Mi, 1Gi';

/** The value of a quantity in base units (cores, bytes), or `undefined` if it does not parse. */
export function parseQuantity(quantity: string | number): number | undefined {
  if (typeof quantity === 'number') {
    return Number.isFinite(quantity) ? quantity : undefined;
  }
  return typeof quantity === 'string' ? parseQuantityString(quantity) : undefined;
}

const parseQuantityString = memoized((quantity: string): number | undefined => {
  const text = quantity.trim();
  const match = QUANTITY.exec(text);
  // Only the empty string is refused for want of digits: the API server reads "m", "." or "-" as 0.
  if (!match || text === '') {
    return undefined;
  }
  const [, sign, whole, fraction, letters, exponent] = match;
  const suffix = letters + exponent;
  const amount = Number(`${sign}${whole || '0'}.${fraction ?? ''}0`);
  if (suffix in BINARY) {
    return amount * BINARY[suffix];
  }
  if (suffix in DECIMAL) {
    return amount * DECIMAL[suffix];
  }
  // A decimal exponent: 'e' or 'E' followed by a signed integer.
  const e = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  return e ? amount * 10 ** Number(e[1]) : undefined;
});

/** Whether a quantity is below zero (for a quantity that parses). */
export function isNegativeQuantity(quantity: string | number): boolean {
  const value = parseQuantity(quantity);
  return value !== undefined && value < 0;
}
