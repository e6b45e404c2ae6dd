import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { chart, synthDaemonSet, synthError } from '../../util';
import { agent, patched, POD } from '../helpers';

// src/validation/pod/dns.ts: validateDNSPolicy, validatePodDNSConfig, ValidateHostAliases,
// hostname, subdomain, serviceAccountName.

const dns = (props: kplus.PodDnsProps) => {
  const c = chart();
  agent(c, { dns: props });
  return c;
};

test('rejects a nameserver that is not an IP address', () => {
  expect(synthError(dns({ policy: kplus.DnsPolicy.NONE, nameservers: ['dns.example.com'] }))).toMatch(
    /test\/Agent: 'dnsConfig\.nameservers\[0\]' is not an IP address \(received 'dns\.example\.com'\)\. Allowed: an IPv4 or IPv6 address/,
  );
});

test('rejects four nameservers, in the library\'s message style rather than cdk8s-plus\'s', () => {
  expect(synthError(dns({ policy: kplus.DnsPolicy.NONE, nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'] }))).toMatch(
    /test\/Agent: 'dns\.nameservers' lists more than 3 nameservers .*Fix: keep three nameservers/,
  );
});

test('rejects an upper-case search domain; accepts a dot and an underscore (relaxed in 1.34)', () => {
  expect(synthError(dns({ searches: ['Example.com'] }))).toMatch(/'dnsConfig\.searches\[0\]' is not a valid search domain \(received 'Example\.com'\)/);
  expect(synthDaemonSet(dns({ searches: ['.', '_srv.example.com'] })).spec.template.spec.dnsConfig.searches).toEqual(['.', '_srv.example.com']);
});

test('rejects more than six search domains through the typed prop, naming the patch that sets up to 32', () => {
  expect(synthError(dns({ searches: Array.from({ length: 7 }, (_, i) => `s${i}.example.com`) }))).toMatch(
    /'dns\.searches' lists more than 6 search domains, which cdk8s-plus-28 cannot serialize \(received 7\)\..*Fix: keep 6 search domains, or set dnsConfig\.searches with a JSON patch/,
  );
});

test('rejects 33 search domains set by a patch', () => {
  const c = chart();
  patched(agent(c), JsonPatch.add(`${POD}/dnsConfig`, { searches: Array.from({ length: 33 }, (_, i) => `s${i}.example.com`) }));
  expect(synthError(c)).toMatch(/'dnsConfig\.searches' lists more than 32 search domains \(received 33\)/);
});

test('rejects a resolver option without a name', () => {
  expect(synthError(dns({ options: [{ name: '' }] }))).toMatch(/'dnsConfig\.options\[0\]\.name' is required/);
});

test('rejects an upper-case hostname and a subdomain with a dot', () => {
  const error = synthError(dns({ hostname: 'Agent', subdomain: 'a.b' }));
  expect(error).toMatch(/'hostname' is not a valid hostname \(received 'Agent'\)/);
  expect(error).toMatch(/'subdomain' is not a valid subdomain \(received 'a\.b'\)/);
});

test('rejects a host alias with an invalid IP', () => {
  const c = chart();
  agent(c, { hostAliases: [{ ip: '10.0.0.300', hostnames: ['metrics.local'] }] });
  expect(synthError(c)).toMatch(/'hostAliases\[0\]\.ip' is not an IP address \(received '10\.0\.0\.300'\)/);
});

test('rejects a service account name with upper-case letters', () => {
  const c = chart();
  agent(c, { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 'Sa', 'Agent') });
  expect(synthError(c)).toMatch(/'serviceAccountName' is not a valid ServiceAccount name \(received 'Agent'\)/);
});
