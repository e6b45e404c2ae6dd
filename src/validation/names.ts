/**
 * Name and label rules of the Kubernetes API server (apimachinery validation).
 * Each function returns `undefined` when the value is valid, else what is allowed.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function checkDnsLabel(value: string): string | undefined {
  if (value.length > 63 || !DNS1123_LABEL.test(value)) {
    return 'a DNS-1123 label: at most 63 characters of lowercase letters, digits and \'-\', starting and ending with a letter or digit';
  }
  return undefined;
}

export function checkDnsSubdomain(value: string): string | undefined {
  if (value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    return 'a DNS-1123 subdomain: at most 253 characters of lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function checkQualifiedName(key: string): string | undefined {
  const allowed = 'a qualified name: an optional DNS-1123 subdomain prefix and \'/\', then at most 63 characters of letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';
  const parts = key.split('/');
  if (parts.length > 2) {
    return allowed;
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2 && (parts[0].length === 0 || checkDnsSubdomain(parts[0]))) {
    return allowed;
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return allowed;
  }
  return undefined;
}

export function checkLabelValue(value: string): string | undefined {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    return 'a label value: empty, or at most 63 characters of letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** A container port name (IANA_SVC_NAME). */
export function checkPortName(value: string): string | undefined {
  if (value.length > 15 || !IANA_SVC_NAME.test(value) || value.includes('--') || !/[a-z]/.test(value)) {
    return 'a port name: at most 15 characters of lowercase letters, digits and \'-\', with at least one letter, no \'--\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** Turns any string into a DNS-1123 label (used to derive default label values from construct ids). */
export function toDnsLabel(value: string): string {
  const label = value
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
  return label || 'agent';
}
