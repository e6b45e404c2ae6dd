import { IConstruct } from 'constructs';
import { fail } from './errors';

/**
 * The kubelet's root directory on the node (`--root-dir`), as agents that talk to the kubelet take
 * it: the one given, else `fallback`, without trailing slashes (`/` stays `/`). Checked by
 * `checkKubeletDir` with the other props.
 */
export function resolveKubeletDir(given: string | undefined, fallback: string): string {
  return (given ?? fallback).replace(/(.)\/+$/, '$1');
}

/** The kubelet's root directory: absolute, not `/`, without `..`. */
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
