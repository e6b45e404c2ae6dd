import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AppCheck, SerializedDaemonSet } from './app-check';
import { namespacePodSecurity } from '../../fleet/app-objects';
import { hostPortClashes } from '../../validation/host-port-clashes';

const ID = 'cdk8s-daemonsets.Validation';

/** A DaemonSet of this library, as the app-level validation sees it. */
export interface IValidatedDaemonSet extends IConstruct {
  /**
   * Runs the DaemonSet's own rules. Returns the problems, and the final manifest when it could be
   * serialized (so that it is serialized once for every rule of the app).
   * @internal
   */
  _validate(): { readonly errors: string[]; readonly manifest?: any };
}

/** What the first validation pass of one `App.synth()` or `App.synthYaml()` call found. */
interface Synthesis {
  /** The problems of the pass, once it has run. */
  errors?: string[];
  /** The final manifest of each of our DaemonSets, as the pass serialized and checked it. */
  readonly manifests: Map<ApiObject, any>;
}

/**
 * One per app: at synth, serializes every DaemonSet of the app once (ours, cdk8s-plus ones and raw
 * `KubeDaemonSet`s alike), runs the rules of each of ours on its final manifest, and checks that no
 * two DaemonSets bind the same protocol/port on the same nodes. DaemonSet pods run on every node
 * they select, so a second agent on a taken host port can never start there. Then it hands the
 * serialized manifests to the checks added with `addCheck` (the Namespaces' Pod Security levels,
 * the fleet view).
 * A single pass keeps the checks linear in the number of DaemonSets.
 *
 * cdk8s validates the whole app once per `App.synth()` and again for every chart it writes, then
 * serializes each object to write it: K charts mean K + 2 serializations of every DaemonSet, so
 * synth time grew with charts x DaemonSets. Within one `synth()` or `synthYaml()` call of the app,
 * the check runs once, in the first pass, and after every other validation of that pass (the call
 * makes this construct the root's last child), so what a validation hook adds or changes in the
 * app is serialized and checked. The later passes return its result, and each of our DaemonSets
 * is written from (a copy of) the manifest the rules checked. Outside such a call
 * (`Testing.synth(chart)`, `chart.toJson()`), and in every new call, everything runs afresh, so a
 * change made between two syntheses is always serialized and checked.
 *
 * Not covered, and documented in the README: an `App` subclass whose `synth()` changes the app
 * between two `super.synth()` calls gets the first call's manifests and errors in the second (the
 * subclass's method is one call of the app); and the jsii runtime calls the class's method, not
 * the app object's, so apps in other languages keep cdk8s's passes unchanged (same output,
 * slower).
 */
export class AppValidation extends Construct {
  /** The app's validation, created on first use. */
  public static of(scope: IConstruct): AppValidation {
    const root = scope.node.root;
    return (root.node.tryFindChild(ID) as AppValidation | undefined) ?? new AppValidation(root, ID);
  }

  private readonly daemonSets = new Map<IConstruct, IValidatedDaemonSet>();
  private readonly checks: AppCheck[] = [];
  private synthesis?: Synthesis;

  private constructor(scope: IConstruct, id: string) {
    super(scope as Construct, id);
    this.node.addValidation({ validate: () => this.synthesis?.errors ?? this.check() });
    // A Namespace the app emits must admit the pods of the DaemonSets placed in it.
    this.addCheck(namespacePodSecurity);
    this.scopeToSynthesis(scope);
  }

  /** Marks each `synth()` and `synthYaml()` call of the app (the root) as one synthesis. */
  private scopeToSynthesis(root: IConstruct): void {
    const app = root as any;
    for (const method of ['synth', 'synthYaml']) {
      const original = app[method];
      if (typeof original !== 'function') {
        continue;
      }
      app[method] = (...args: any[]) => {
        if (this.synthesis) {
          return original.apply(app, args);
        }
        this.synthesis = { manifests: new Map() };
        this.runLast(root);
        try {
          return original.apply(app, args);
        } finally {
          this.synthesis = undefined;
        }
      };
    }
  }

  /**
   * Makes this construct the root's last child, so that in cdk8s's validation pass (every
   * construct in tree order) the check runs after the validations of every chart, including charts
   * added after the first DaemonSet of the library.
   */
  private runLast(root: IConstruct): void {
    const node = root.node as any;
    const children = root.node.children;
    if (children[children.length - 1] === this || typeof node.addChild !== 'function') {
      return;
    }
    root.node.tryRemoveChild(ID);
    node.addChild(this, ID);
  }

  /** Adds a check that receives every DaemonSet manifest of the app at synth. */
  public addCheck(check: AppCheck): void {
    this.checks.push(check);
  }

  /** Registers a DaemonSet of this library; `apiObject` is the object it synthesizes to. */
  public register(apiObject: ApiObject, daemonSet: IValidatedDaemonSet): void {
    this.daemonSets.set(apiObject, daemonSet);
    // Within a synthesis, written from the manifest its rules checked (see the class comment).
    const serialize = apiObject.toJson.bind(apiObject);
    apiObject.toJson = () => {
      const manifest = this.synthesis?.manifests.get(apiObject);
      // A copy, as a fresh serialization would be: the caller may change what it gets.
      return manifest ? structuredClone(manifest) : serialize();
    };
  }

  private check(): string[] {
    const errors: string[] = [];
    const serialized: SerializedDaemonSet[] = [];
    for (const construct of this.node.root.node.findAll()) {
      if (!ApiObject.isApiObject(construct) || construct.kind !== 'DaemonSet') {
        continue;
      }
      let manifest: any;
      const ours = this.daemonSets.get(construct);
      if (ours) {
        const result = ours._validate();
        errors.push(...result.errors);
        manifest = result.manifest;
        if (manifest) {
          this.synthesis?.manifests.set(construct, manifest);
        }
      } else {
        try {
          manifest = construct.toJson();
        } catch {
          // the object's own synthesis reports its error
        }
      }
      if (!manifest) {
        continue;
      }
      // cdk8s-plus resources hold their object as the child 'Resource': name the resource.
      const path = construct.node.id === 'Resource' && construct.node.scope ? construct.node.scope.node.path : construct.node.path;
      serialized.push({ path, manifest });
    }
    errors.push(...hostPortClashes(serialized));
    for (const check of this.checks) {
      errors.push(...check(serialized, this.node.root));
    }
    if (this.synthesis) {
      this.synthesis.errors = errors;
    }
    return errors;
  }
}
