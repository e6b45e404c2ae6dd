import { IConstruct } from 'constructs';

// What the app-wide validation pass hands to its checks. A module of its own, so that the checks
// (fleet/, validation/) and the pass (app-validation.ts) import it without importing each other.

/** A DaemonSet of the app as the pass serialized it: its path and its final manifest. */
export interface SerializedDaemonSet {
  readonly path: string;
  readonly manifest: any;
}

/**
 * A check that runs once per synth after the pass, on every DaemonSet manifest the pass serialized
 * (so no DaemonSet is serialized twice). Returns its problems.
 */
export type AppCheck = (daemonSets: SerializedDaemonSet[], root: IConstruct) => string[];
