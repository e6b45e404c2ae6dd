/**
 * Kubernetes resource quantities (`100m`, `64Mi`, `1.5`, `2e3`), as the API server parses them.
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18 };
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

/** The value of a quantity in base units (cores, bytes), or `undefined` if it does not parse. */
export function parseQuantity(quantity: string | number): number | undefined {
  if (typeof quantity === 'number') {
    return Number.isFinite(quantity) ? quantity : undefined;
  }
  const match = QUANTITY.exec(String(quantity).trim());
  if (!match) {
    return undefined;
  }
  const amount = Number(match[1]);
  const suffix = match[2] ?? '';
  if (suffix in BINARY) {
    return amount * BINARY[suffix];
  }
  if (suffix in DECIMAL) {
    return amount * DECIMAL[suffix];
  }
  return amount * 10 ** Number(suffix.slice(1));
}
