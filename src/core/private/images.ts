import { IConstruct } from 'constructs';
import { fail } from './errors';
import { imagePinProblem } from '../../validation/images';

/**
 * Why an image pinned by digest is pulled only when the node lacks it: written into the exemption
 * of the checkers that want `imagePullPolicy: Always`.
 */
export const DIGEST_PULL_REASON = 'the image is pinned by digest, so its bytes cannot change: the kubelet pulls it once per node and a restart does not depend on the registry';

/**
 * An image must be pinned: a release tag other than `latest`, or a digest. `example` is the pinned
 * image the fix suggests.
 */
export function checkImage(scope: IConstruct, prop: string, image: unknown, example = 'registry.example.com/agent:1.4.2'): void {
  const problem = imagePinProblem(image);
  if (problem) {
    fail(scope, {
      prop,
      problem,
      received: image,
      allowed: 'an image with a release tag (e.g. :v1.12.1) or a digest (@sha256:...)',
      fix: `pin a release, e.g. '${example}'`,
    });
  }
}
