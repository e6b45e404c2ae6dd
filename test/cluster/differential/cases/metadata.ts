import { JsonPatch } from 'cdk8s';
import { agent, Case, patch } from '../case';

const family = 'metadata and annotations';
const big = (kib: number) => 'x'.repeat(kib * 1024);
const annotated = (annotations: Record<string, string>, podAnnotations: Record<string, string> = {}) => (ch: any) =>
  agent(ch, { metadata: { name: 'agent', annotations }, podMetadata: { annotations: podAnnotations } });

export const cases: Case[] = [
  { family, name: 'an annotation key with an upper-case prefix (Example.COM/Key) is valid', build: annotated({ 'Example.COM/Key': 'v' }) },
  { family, name: 'an annotation key with an upper-case name (MyAnnotation) is valid', build: annotated({ MyAnnotation: 'v' }) },
  { family, name: 'an annotation key with a space is invalid', build: annotated({ 'bad key': 'v' }) },
  { family, name: 'an annotation key with two slashes is invalid', build: annotated({ 'a/b/c': 'v' }) },
  { family, name: 'an annotation key whose name part has 64 characters is invalid', build: annotated({ [`example.com/${'a'.repeat(64)}`]: 'v' }) },
  { family, name: 'an annotation key with an empty prefix is invalid', build: annotated({ '/name': 'v' }) },
  { family, name: 'annotations of 200 KiB in all are valid', build: annotated({ 'example.com/data': big(200) }) },
  { family, name: 'annotations of exactly 256 KiB (keys and values) are valid', build: annotated({ 'example.com/data': 'x'.repeat(256 * 1024 - 'example.com/data'.length) }) },
  { family, name: 'annotations of 256 KiB and one byte are too large', build: annotated({ 'example.com/data': 'x'.repeat(256 * 1024 - 'example.com/data'.length + 1) }) },
  { family, name: 'two annotations of 130 KiB each are too large together', build: annotated({ 'example.com/a': big(130), 'example.com/b': big(130) }) },
  { family, name: 'pod template annotations of 300 KiB are too large', build: annotated({}, { 'example.com/data': big(300) }) },
  { family, name: 'a pod template annotation key with an upper-case prefix is valid', build: annotated({}, { 'Example.COM/Key': 'v' }) },
  { family, name: 'a pod template annotation key with a space is invalid', build: annotated({}, { 'bad key': 'v' }) },
  { family, name: 'a label key with an upper-case prefix is invalid (labels keep the case rule)', build: ch => agent(ch, { metadata: { name: 'agent', labels: { 'Example.com/tier': 'agent' } } }) },
  { family, name: 'a label value of 64 characters is invalid', build: ch => agent(ch, { metadata: { name: 'agent', labels: { tier: 'x'.repeat(64) } } }) },
  { family, name: 'an empty label value is valid', build: ch => agent(ch, { metadata: { name: 'agent', labels: { tier: '' } } }) },
  { family, name: 'a label value starting with a dash is invalid', build: ch => agent(ch, { metadata: { name: 'agent', labels: { tier: '-agent' } } }) },
  { family, name: 'a pod label value with a space is invalid', build: ch => agent(ch, { podMetadata: { labels: { tier: 'node agent' } } }) },
  { family, name: 'a domain-qualified finalizer is valid', build: ch => agent(ch, { metadata: { name: 'agent', finalizers: ['example.com/cleanup'] } }) },
  { family, name: 'a finalizer without a domain that is not a standard one is invalid', build: ch => agent(ch, { metadata: { name: 'agent', finalizers: ['cleanup'] } }) },
  { family, name: 'the standard finalizer orphan is valid', build: ch => agent(ch, { metadata: { name: 'agent', finalizers: ['orphan'] } }) },
  { family, name: 'the finalizers orphan and foregroundDeletion together are invalid', build: ch => agent(ch, { metadata: { name: 'agent', finalizers: ['orphan', 'foregroundDeletion'] } }) },
  { family, name: 'a finalizer with an invalid name part is invalid', build: ch => agent(ch, { metadata: { name: 'agent', finalizers: ['example.com/bad name'] } }) },
  {
    family,
    name: 'a complete owner reference is valid',
    build: ch => agent(ch, { metadata: { name: 'agent', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '6c8d4f4e-1d0c-4e8a-9c1d-2a7f0b8e4f21' }] } }),
  },
  {
    family,
    name: 'an owner reference without a uid is invalid',
    build: ch => agent(ch, { metadata: { name: 'agent', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '' }] } }),
  },
  {
    family,
    name: 'two owner references that are both the controller are invalid',
    build: ch => agent(ch, {
      metadata: {
        name: 'agent',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: '6c8d4f4e-1d0c-4e8a-9c1d-2a7f0b8e4f21', controller: true },
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: '7c8d4f4e-1d0c-4e8a-9c1d-2a7f0b8e4f21', controller: true },
        ],
      },
    }),
  },
  { family, name: 'a pod deletion cost of 10 is valid', build: annotated({}, { 'controller.kubernetes.io/pod-deletion-cost': '10' }) },
  { family, name: 'a negative pod deletion cost is valid', build: annotated({}, { 'controller.kubernetes.io/pod-deletion-cost': '-5' }) },
  { family, name: 'a pod deletion cost with a plus sign is invalid', build: annotated({}, { 'controller.kubernetes.io/pod-deletion-cost': '+10' }) },
  { family, name: 'a pod deletion cost with a leading zero is invalid', build: annotated({}, { 'controller.kubernetes.io/pod-deletion-cost': '010' }) },
  { family, name: 'a fractional pod deletion cost is invalid', build: annotated({}, { 'controller.kubernetes.io/pod-deletion-cost': '1.5' }) },
  { family, name: 'a pod deletion cost beyond 32 bits is invalid', build: annotated({}, { 'controller.kubernetes.io/pod-deletion-cost': '2147483648' }) },
  { family, name: 'a seccomp pod annotation that matches the field (runtime/default) is valid', build: annotated({}, { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' }) },
  { family, name: 'a seccomp pod annotation that contradicts the field is invalid', build: annotated({}, { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' }) },
  { family, name: 'a seccomp container annotation with an unknown profile is invalid', build: annotated({}, { 'container.seccomp.security.alpha.kubernetes.io/main': 'bogus' }) },
  { family, name: 'a seccomp annotation with a localhost profile outside the profile directory is invalid', build: annotated({}, { 'seccomp.security.alpha.kubernetes.io/pod': 'localhost/../escape.json' }) },
  { family, name: 'an AppArmor annotation for the container is valid', build: annotated({}, { 'container.apparmor.security.beta.kubernetes.io/main': 'runtime/default' }) },
  { family, name: 'an AppArmor annotation for a container the pod does not have is invalid', build: annotated({}, { 'container.apparmor.security.beta.kubernetes.io/other': 'runtime/default' }) },
  { family, name: 'an AppArmor annotation with an unknown profile is invalid', build: annotated({}, { 'container.apparmor.security.beta.kubernetes.io/main': 'enforce' }) },
  { family, name: 'a tolerations annotation that is not JSON is invalid', build: annotated({}, { 'scheduler.alpha.kubernetes.io/tolerations': 'not json' }) },
  {
    family,
    name: 'a tolerations annotation with a valid toleration is valid',
    build: annotated({}, { 'scheduler.alpha.kubernetes.io/tolerations': JSON.stringify([{ key: 'example.com/dedicated', operator: 'Exists' }]) }),
  },
  {
    family,
    name: 'a tolerations annotation with an invalid key is invalid',
    build: annotated({}, { 'scheduler.alpha.kubernetes.io/tolerations': JSON.stringify([{ key: 'bad key', operator: 'Exists' }]) }),
  },
  { family, name: 'a mirror pod annotation on a template is invalid', build: annotated({}, { 'kubernetes.io/config.mirror': 'x' }) },
  {
    family,
    name: 'a label patched onto the DaemonSet with an invalid value is invalid',
    build: ch => patch(agent(ch), JsonPatch.add('/metadata/labels/tier', 'bad value!')),
  },
  {
    family,
    name: 'an annotation patched onto the pod template with an upper-case prefix is valid',
    build: ch => patch(agent(ch), JsonPatch.add('/spec/template/metadata/annotations', { 'Example.COM/Patched': 'v' })),
  },
];
