import { isIPv6 } from 'net';
import { memoized } from './memo';

/**
 * Name and format rules of the Kubernetes API server (k8s.io/apimachinery pkg/util/validation
 * and the format checks of pkg/apis/core/validation). Each function returns `undefined` when the
 * value is valid, else what is allowed.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_UNDERSCORE = /^[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?(\.[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?)*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;
const PERCENT = /^[0-9]+%$/;
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const IPV4_SLOPPY = /^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)$/;

export const checkDnsLabel = memoized((value: string): string | undefined => {
  if (value.length > 63 || !DNS1123_LABEL.test(value)) {
    return 'a DNS-1123 label: at most 63 characters of lowercase letters, digits and \'-\', starting and ending with a letter or digit';
  }
  return undefined;
});

export const checkDnsSubdomain = memoized((value: string): string | undefined => {
  if (value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    return 'a DNS-1123 subdomain: at most 253 characters of lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit';
  }
  return undefined;
});

/**
 * `NameIsDNSSubdomain` with `prefix`: a name that a generated suffix may follow, so a trailing '-'
 * is allowed (used for the ConfigMap and Secret names of `envFrom`).
 */
export function checkDnsSubdomainPrefix(value: string): string | undefined {
  return checkDnsSubdomain(value.endsWith('-') ? `${value.slice(0, -1)}a` : value);
}

/** `IsDNS1123SubdomainWithUnderscore` (DNS search domains). */
export function checkDnsSubdomainWithUnderscore(value: string): string | undefined {
  if (value.length > 253 || !DNS1123_SUBDOMAIN_UNDERSCORE.test(value)) {
    return 'a DNS-1123 subdomain that may contain \'_\': at most 253 characters of lowercase letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter, digit or \'_\'';
  }
  return undefined;
}

/** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export const checkQualifiedName = memoized((key: string): string | undefined => {
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
});

export const checkLabelValue = memoized((value: string): string | undefined => {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    return 'a label value: empty, or at most 63 characters of letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';
  }
  return undefined;
});

/** A container port name (IANA_SVC_NAME). */
export function checkPortName(value: string): string | undefined {
  if (value.length > 15 || !IANA_SVC_NAME.test(value) || value.includes('--') || !/[a-z]/.test(value)) {
    return 'a port name: at most 15 characters of lowercase letters, digits and \'-\', with at least one letter, no \'--\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** `IsRelaxedEnvVarName`: an environment variable name (or `envFrom` prefix). */
export function checkEnvVarName(value: string): string | undefined {
  if (value.length === 0 || ![...value].every(ch => ch >= ' ' && ch <= '~' && ch !== '=')) {
    return 'a non-empty name of printable ASCII characters other than \'=\'';
  }
  return undefined;
}

/** `IsConfigMapKey`: a ConfigMap or Secret key. */
export function checkConfigMapKey(value: string): string | undefined {
  if (value.length > 253 || !CONFIG_MAP_KEY.test(value) || value === '.' || value.startsWith('..')) {
    return 'a key of at most 253 letters, digits, \'-\', \'_\' and \'.\', other than \'.\' and not starting with \'..\'';
  }
  return undefined;
}

/** `IsHTTPHeaderName`. */
export function checkHttpHeaderName(value: string): string | undefined {
  return HTTP_HEADER_NAME.test(value) ? undefined : 'an HTTP header name of letters, digits and \'-\'';
}

/** `IsValidPercent`: `N%`. */
export function checkPercent(value: string): string | undefined {
  return PERCENT.test(value) ? undefined : 'a percentage \'N%\' with a whole N';
}

/** `IsValidSysctlName`. */
export function checkSysctlName(value: string): string | undefined {
  if (value.length > 253 || !SYSCTL_NAME.test(value)) {
    return 'a sysctl name of at most 253 characters: segments of lowercase letters, digits, \'-\' and \'_\' separated by \'.\' or \'/\'';
  }
  return undefined;
}

/**
 * `IsValidIPForLegacyField` as the API server applies it (legacy, non-strict parsing): an IPv4
 * address (leading zeros allowed) or an IPv6 address.
 */
export function checkIp(value: string): string | undefined {
  const v4 = IPV4_SLOPPY.exec(value);
  if (v4 ? v4.slice(1).every(part => Number(part) <= 255) : isIPv6(value) && !value.includes('%')) {
    return undefined;
  }
  return 'an IPv4 or IPv6 address';
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
