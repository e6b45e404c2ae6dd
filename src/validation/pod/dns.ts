import { checkFormat, Err, list } from '../field';
import { checkDnsLabel, checkDnsSubdomain, checkDnsSubdomainWithUnderscore, checkIp } from '../names';

/**
 * DNS and names of the pod, as k8s.io/kubernetes pkg/apis/core/validation v1.34 checks them:
 * `validateDNSPolicy`, `validatePodDNSConfig` (search domains relaxed as the
 * RelaxedDNSSearchValidation feature, GA in 1.34, allows), `ValidateHostAliases`, and the
 * `hostname`, `subdomain` and `serviceAccountName` checks of `ValidatePodSpec`.
 */

export const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
/** `MaxDNSNameservers`, `MaxDNSSearchPaths`, `MaxDNSSearchListChars`. */
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;

export function validateDns(err: Err, pod: any): void {
  // `validateDNSPolicy` (empty is defaulted to ClusterFirst).
  if (pod.dnsPolicy !== undefined && pod.dnsPolicy !== '' && !DNS_POLICIES.includes(pod.dnsPolicy)) {
    err('dns.policy', 'is not a DNS policy', pod.dnsPolicy, DNS_POLICIES.join(', '), 'choose one of the allowed policies');
  }
  // `validatePodDNSConfig`
  const config = pod.dnsConfig;
  if (pod.dnsPolicy === 'None' && !list(config?.nameservers).length) {
    err('dns.policy', 'is \'None\' without nameservers', pod.dnsPolicy, 'dnsConfig with at least one nameserver', 'add dns nameservers, or choose another DNS policy');
  }
  if (config && typeof config === 'object') {
    const nameservers = list(config.nameservers);
    if (nameservers.length > MAX_NAMESERVERS) {
      err('dnsConfig.nameservers', `lists more than ${MAX_NAMESERVERS} nameservers`, nameservers, `at most ${MAX_NAMESERVERS} (the resolver reads no more)`, 'keep three nameservers');
    }
    nameservers.forEach((ns, i) => checkFormat(err, `dnsConfig.nameservers[${i}]`, ns, checkIp, 'is not an IP address', 'give the nameserver\'s IP address'));
    const searches = list(config.searches);
    if (searches.length > MAX_SEARCHES) {
      err('dnsConfig.searches', `lists more than ${MAX_SEARCHES} search domains`, searches.length, `at most ${MAX_SEARCHES}`, 'keep fewer search domains');
    }
    const chars = searches.map(String).join(' ').length;
    if (chars > MAX_SEARCH_CHARS) {
      err('dnsConfig.searches', `takes ${chars} characters`, undefined, `at most ${MAX_SEARCH_CHARS} characters, spaces between domains included`, 'keep fewer or shorter search domains');
    }
    searches.forEach((search, i) => {
      if (search !== '.') {
        checkFormat(err, `dnsConfig.searches[${i}]`, typeof search === 'string' ? search.replace(/\.$/, '') : search, checkDnsSubdomainWithUnderscore,
          'is not a valid search domain', 'give a domain name such as svc.cluster.local');
      }
    });
    list(config.options).forEach((option, i) => {
      if (!option?.name) {
        err(`dnsConfig.options[${i}].name`, 'is required', option?.name, 'a resolver option such as ndots', 'name the option');
      }
    });
  }
  // `ValidateHostAliases`
  list(pod.hostAliases).forEach((alias, i) => {
    checkFormat(err, `hostAliases[${i}].ip`, alias?.ip ?? '', checkIp, 'is not an IP address', 'give the IP address the host names resolve to');
    list(alias?.hostnames).forEach((hostname, j) =>
      checkFormat(err, `hostAliases[${i}].hostnames[${j}]`, hostname, checkDnsSubdomain, 'is not a valid host name', 'use a DNS-1123 subdomain'));
  });
  for (const field of ['hostname', 'subdomain']) {
    if (pod[field] !== undefined && pod[field] !== '') {
      checkFormat(err, field, pod[field], checkDnsLabel, `is not a valid ${field}`, `use a DNS-1123 label as ${field}`);
    }
  }
  if (pod.serviceAccountName !== undefined && pod.serviceAccountName !== '') {
    checkFormat(err, 'serviceAccountName', pod.serviceAccountName, checkDnsSubdomain, 'is not a valid ServiceAccount name', 'name an existing ServiceAccount');
  }
}
