import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

// What the app-wide validation pass hands to its checks. A module of its own, so that the checks
// (fleet/, validation/) and the pass (app-validation.ts) import it without importing each other.

/** A DaemonSet of the app as the pass serialized it: its path and its final manifest. */
export interface SerializedDaemonSet {
  readonly path: string;
  readonly manifest: any;
}

/**
 * The app as the pass saw it at synth: every DaemonSet serialized once, and every construct from
 * the pass's one walk of the tree, so that no check serializes a DaemonSet again or walks the
 * tree itself.
 */
export interface AppSnapshot {
  readonly daemonSets: SerializedDaemonSet[];
  /** Every construct of the app, in tree order. */
  readonly constructs: readonly IConstruct[];
}

/** A check that runs once per synth after the pass, on the app's snapshot. Returns its problems. */
export type AppCheck = (app: AppSnapshot) => string[];

/** The path that names an object: cdk8s-plus resources hold theirs as the child 'Resource'. */
export function objectPath(apiObject: ApiObject): string {
  return apiObject.node.id === 'Resource' && apiObject.node.scope ? apiObject.node.scope.node.path : apiObject.node.path;
}

/** A serialized DaemonSet whose path is computed only when a check names it. */
export function serializedDaemonSet(apiObject: ApiObject, manifest: any): SerializedDaemonSet {
  let path: string | undefined;
  return {
    manifest,
    get path() {
      return path ??= objectPath(apiObject);
    },
  };
}
