import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Relaxation } from '../../../../src';
import { agent, Case, patch } from '../case';

const family = 'dns';
const { DnsPolicy } = kplus;
const dns = (props: kplus.PodDnsProps) => (ch: any) => agent(ch, { dns: props });
const searches = (n: number) => Array.from({ length: n }, (_, i) => `s${i}.example.com`);
const none = (nameservers: string[], more: Partial<kplus.PodDnsProps> = {}) => dns({ policy: DnsPolicy.NONE, nameservers, ...more });

export const cases: Case[] = [
  { family, name: 'the Default DNS policy is valid', build: dns({ policy: DnsPolicy.DEFAULT }) },
  { family, name: 'policy None with one nameserver is valid', build: none(['10.96.0.10']) },
  { family, name: 'policy None with three nameservers is valid', build: none(['10.96.0.10', '8.8.8.8', '1.1.1.1']) },
  {
    family,
    name: 'policy None with four nameservers is invalid',
    build: none(['10.96.0.10', '8.8.8.8', '1.1.1.1', '9.9.9.9']),
    raw: m => { m.spec.template.spec.dnsPolicy = 'None'; m.spec.template.spec.dnsConfig = { nameservers: ['10.96.0.10', '8.8.8.8', '1.1.1.1', '9.9.9.9'] }; },
  },
  { family, name: 'an IPv6 nameserver is valid', build: none(['fd00::10']) },
  { family, name: 'a nameserver with leading zeros is valid (legacy IP parsing)', build: none(['010.096.000.010']) },
  { family, name: 'a nameserver that is a host name is invalid', build: none(['dns.example.com']) },
  { family, name: 'a nameserver of 256.1.1.1 is invalid', build: none(['256.1.1.1']) },
  { family, name: 'a nameserver with a CIDR suffix is invalid', build: none(['10.96.0.10/32']) },
  {
    family,
    name: 'policy None without nameservers is refused before serialization',
    build: dns({ policy: DnsPolicy.NONE }),
    raw: m => { m.spec.template.spec.dnsPolicy = 'None'; },
  },
  {
    family,
    name: 'policy None whose nameservers a patch removes is invalid',
    build: ch => patch(none(['10.96.0.10'])(ch), JsonPatch.remove('/spec/template/spec/dnsConfig/nameservers')),
  },
  { family, name: 'a search domain is valid', build: dns({ searches: ['svc.cluster.local'] }) },
  { family, name: 'a search domain with a trailing dot is valid', build: dns({ searches: ['example.com.'] }) },
  { family, name: 'a search domain of one dot is valid (relaxed search domains, GA in 1.34)', build: dns({ searches: ['.'] }) },
  { family, name: 'a search domain with an underscore is valid (relaxed search domains)', build: dns({ searches: ['_srv.example.com'] }) },
  { family, name: 'a search domain in upper case is invalid', build: dns({ searches: ['Example.com'] }) },
  { family, name: 'a search domain with an empty label is invalid', build: dns({ searches: ['a..example.com'] }) },
  { family, name: 'six search domains through the typed prop are valid', build: dns({ searches: searches(6) }) },
  {
    family,
    name: '32 search domains through the typed prop are refused (cdk8s-plus-28 cannot serialize more than 6)',
    build: dns({ searches: searches(32) }),
    raw: m => { m.spec.template.spec.dnsConfig = { searches: searches(32) }; },
    stricter: 'cdk8s-plus-limit',
  },
  { family, name: '32 search domains set by a patch are valid', build: ch => patch(agent(ch), JsonPatch.add('/spec/template/spec/dnsConfig', { searches: searches(32) })) },
  { family, name: '33 search domains set by a patch are invalid', build: ch => patch(agent(ch), JsonPatch.add('/spec/template/spec/dnsConfig', { searches: searches(33) })) },
  {
    family,
    name: 'search domains of more than 2048 characters set by a patch are invalid',
    build: ch => patch(agent(ch), JsonPatch.add('/spec/template/spec/dnsConfig', { searches: Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(97 + i)}${'a'.repeat(62)}.${'b'.repeat(63)}.${'c'.repeat(63)}.example`) })),
  },
  { family, name: 'a resolver option is valid', build: dns({ options: [{ name: 'ndots', value: '2' }] }) },
  { family, name: 'a resolver option without a name is invalid', build: dns({ options: [{ name: '' }] }) },
  { family, name: 'a hostname is valid', build: dns({ hostname: 'agent' }) },
  { family, name: 'a hostname in upper case is invalid', build: dns({ hostname: 'Agent' }) },
  { family, name: 'a hostname with a dot is invalid', build: dns({ hostname: 'agent.node' }) },
  { family, name: 'a subdomain is valid', build: dns({ subdomain: 'agents' }) },
  { family, name: 'a subdomain of 64 characters is invalid', build: dns({ subdomain: 'a'.repeat(64) }) },
  { family, name: 'hostname as FQDN is valid', build: dns({ hostname: 'agent', subdomain: 'agents', hostnameAsFQDN: true }) },
  { family, name: 'a host alias is valid', build: ch => agent(ch, { hostAliases: [{ ip: '10.0.0.1', hostnames: ['metrics.local'] }] }) },
  { family, name: 'a host alias with an IPv6 address is valid', build: ch => agent(ch, { hostAliases: [{ ip: 'fd00::1', hostnames: ['metrics.local'] }] }) },
  { family, name: 'a host alias with an invalid IP is invalid', build: ch => agent(ch, { hostAliases: [{ ip: '10.0.0.300', hostnames: ['metrics.local'] }] }) },
  { family, name: 'a host alias with an upper-case host name is invalid', build: ch => agent(ch, { hostAliases: [{ ip: '10.0.0.1', hostnames: ['Metrics.local'] }] }) },
  { family, name: 'a DNS policy of Cluster is invalid', build: ch => patch(agent(ch), JsonPatch.replace('/spec/template/spec/dnsPolicy', 'Cluster')) },
  {
    family,
    name: 'hostNetwork with the default DNS policy (ClusterFirstWithHostNet) is valid',
    build: ch => agent(ch, { hostNetwork: true, relaxations: [Relaxation.hostNetwork('reads the node network')] }),
  },
  {
    family,
    name: 'hostNetwork with policy ClusterFirst chosen is valid',
    build: ch => agent(ch, { hostNetwork: true, dns: { policy: DnsPolicy.CLUSTER_FIRST }, relaxations: [Relaxation.hostNetwork('reads the node network')] }),
  },
];
