import { IConstruct } from 'constructs';

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
