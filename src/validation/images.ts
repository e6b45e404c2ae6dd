import { memoized } from './memo';

/**
 * Image references: what they pin. An image is pinned by a digest (`@sha256:...`, the bytes
 * themselves) or by a release tag (`:v1.12.1`, which a registry can move); no tag, or `latest`,
 * pins nothing.
 */

/** The parts of an image reference. */
export interface ImageReference {
  /** The repository, with its registry (e.g. `quay.io/prometheus/node-exporter`). */
  readonly repository: string;
  /** The tag, if any (e.g. `v1.12.1`). */
  readonly tag?: string;
  /** The digest, if any (e.g. `sha256:...`). */
  readonly digest?: string;
}

/** Splits an image reference; a port of the registry (`host:5000/x`) is not taken for a tag. */
export function parseImage(image: string): ImageReference {
  const [name, digest] = image.split('@');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  return { repository: tag === undefined ? name : name.slice(0, colon), tag, digest };
}

/** Whether the image is pinned by a digest, so its bytes cannot change. */
export function isDigestPinned(image: unknown): boolean {
  return typeof image === 'string' && /@sha256:[a-f0-9]{64}$/.test(image);
}

/** What is wrong with an image reference as a pin, or undefined when it pins a release or digest. */
export function imagePinProblem(image: unknown): string | undefined {
  return typeof image === 'string' ? pinProblem(image) : 'is not an image reference';
}

const pinProblem = memoized((image: string): string | undefined => {
  if (image.trim() === '' || /\s/.test(image)) {
    return 'is not an image reference';
  }
  const { tag, digest } = parseImage(image);
  if (digest !== undefined) {
    return /^sha256:[a-f0-9]{64}$/.test(digest) ? undefined : 'has a digest that is not sha256:<64 hex digits>';
  }
  if (tag === undefined || tag === '' || tag === 'latest') {
    return 'is not pinned: without a tag, or with \'latest\', each node may run a different release and a restart may change the agent';
  }
  return undefined;
});
