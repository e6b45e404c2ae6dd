import { IConstruct } from 'constructs';
import { fail } from './errors';

/** The kubelet's root directory on the node (`--root-dir`), as agents that talk to the kubelet take it. */
export function checkKubeletDir(scope: IConstruct, dir: string): void {
  if (typeof dir !== 'string' || !dir.startsWith('/') || dir === '/' || dir.split('/').includes('..')) {
    fail(scope, {
      prop: 'kubeletDir',
      problem: 'is not an absolute directory without \'..\'',
      received: dir,
      allowed: 'the kubelet\'s --root-dir, e.g. /var/lib/kubelet',
      fix: 'give the kubelet\'s root directory on the node',
    });
  }
}
