import { chart, synthDaemonSet, synthError } from '../../util';
import { agent } from '../helpers';

// src/validation/meta/object-meta.ts: ValidateObjectMeta, ValidateAnnotations (256 KiB in all,
// keys checked lower-cased), finalizers and owner references.

describe('annotations', () => {
  test('an annotation key with an upper-case prefix is valid, as the API server checks keys lower-cased', () => {
    const c = chart();
    agent(c, { metadata: { annotations: { 'Example.COM/Owner': 'team-a' } }, podMetadata: { annotations: { 'Example.COM/Owner': 'team-a' } } });
    const ds = synthDaemonSet(c);
    expect(ds.metadata.annotations['Example.COM/Owner']).toBe('team-a');
    expect(ds.spec.template.metadata.annotations['Example.COM/Owner']).toBe('team-a');
  });

  test('annotations of exactly 256 KiB, keys and values together, are valid', () => {
    const c = chart();
    const key = 'example.com/data';
    agent(c, { metadata: { annotations: { [key]: 'x'.repeat(256 * 1024 - key.length) } } });
    expect(() => synthDaemonSet(c)).not.toThrow();
  });

  test('rejects annotations of more than 256 KiB in all', () => {
    const c = chart();
    agent(c, { metadata: { annotations: { 'example.com/a': 'x'.repeat(130 * 1024), 'example.com/b': 'x'.repeat(130 * 1024) } } });
    expect(synthError(c)).toMatch(
      /test\/Agent: 'metadata\.annotations' are too large: keys and values take 266266 bytes\. Allowed: at most 262144 bytes \(256 KiB\) in all\. Fix: move large data to a ConfigMap and mount it/,
    );
  });

  test('rejects pod template annotations of more than 256 KiB in all', () => {
    const c = chart();
    agent(c, { podMetadata: { annotations: { 'example.com/data': 'x'.repeat(300 * 1024) } } });
    expect(synthError(c)).toMatch(/'podMetadata\.annotations' are too large/);
  });

  test('rejects a pod deletion cost that is not a 32-bit integer', () => {
    const c = chart();
    agent(c, { podMetadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '+10' } } });
    expect(synthError(c)).toMatch(
      /'podMetadata\.annotations\.controller\.kubernetes\.io\/pod-deletion-cost' is not a 32-bit integer \(received '\+10'\)\. Allowed: an integer from -2147483648 to 2147483647, without '\+' or leading zeros/,
    );
  });

  test('rejects a seccomp annotation that contradicts the seccompProfile field', () => {
    const c = chart();
    agent(c, { podMetadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } } });
    expect(synthError(c)).toMatch(/'podMetadata\.annotations\.seccomp\.security\.alpha\.kubernetes\.io\/pod' disagrees with the seccompProfile field \(received 'unconfined'\)/);
  });

  test('rejects an AppArmor annotation for a container the pod does not have', () => {
    const c = chart();
    agent(c, { podMetadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/other': 'runtime/default' } } });
    expect(synthError(c)).toMatch(/'podMetadata\.annotations\.container\.apparmor\.security\.beta\.kubernetes\.io\/other' names a container the pod does not have \(received 'other'\)/);
  });
});

describe('finalizers and owner references', () => {
  test('rejects a finalizer without a domain that is not a standard one', () => {
    const c = chart();
    agent(c, { metadata: { finalizers: ['cleanup'] } });
    expect(synthError(c)).toMatch(
      /'metadata\.finalizers\[0\]' is neither a standard finalizer name nor fully qualified \(received 'cleanup'\)\. Allowed: kubernetes, orphan, foregroundDeletion, or a name with a domain prefix\. Fix: use a domain-qualified name such as example\.com\/cleanup/,
    );
  });

  test('rejects the orphan and foregroundDeletion finalizers together', () => {
    const c = chart();
    agent(c, { metadata: { finalizers: ['orphan', 'foregroundDeletion'] } });
    expect(synthError(c)).toMatch(/'metadata\.finalizers' sets both orphan and foregroundDeletion/);
  });

  test('rejects an owner reference without a uid', () => {
    const c = chart();
    agent(c, { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '' }] } });
    expect(synthError(c)).toMatch(/'metadata\.ownerReferences\[0\]\.uid' must not be empty/);
  });
});
