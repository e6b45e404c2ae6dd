import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AppCheck, SerializedDaemonSet, serializedDaemonSet } from './app-check';
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
  /** The DaemonSets whose checked manifest `toJson()` has handed out (to the writer, first). */
  readonly handedOut: Set<ApiObject>;
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
 * is written from the manifest the rules checked: the first `toJson()` of the synthesis (the
 * writer's) gets that manifest itself, with no copy made; a later `toJson()` of the same object in
 * the same synthesis gets a copy, as a fresh serialization would be. The library's own readers
 * (the NetworkPolicy's ports, a Namespace's Pod Security level) read it through `manifestOf()`,
 * without a copy; the pass lets go of it when the call ends. Outside such a call (`Testing.synth(chart)`,
 * `chart.toJson()`), and in every new call, everything runs afresh, so a change made between two
 * syntheses is always serialized and checked.
 *
 * How a call is recognized, in every language: the app object gets a subclass of its own class
 * (created here, once per app) whose `synth()` and `synthYaml()` open the scope and call the class's
 * own. The jsii runtime, which serves Python and the other languages, calls the method of the
 * object's class (`constructor.prototype`), never a method set on the object itself, so a wrapper
 * on the app object reached TypeScript only; the subclass is reached by both. Only apps that hold a
 * DaemonSet of this library change class, and `App.prototype` stays as cdk8s ships it: patching it
 * would change `synth()` for every app of the process, ours or not. Inferring a synthesis from the
 * order of cdk8s's passes was the other way out; it depends on cdk8s's internal call sequence, and a
 * wrong guess would write a stale manifest, so it was not taken.
 *
 * Not covered, and documented in the README: an `App` subclass whose `synth()` changes the app
 * between two `super.synth()` calls gets the first call's manifests and errors in the second (the
 * subclass's method is one call of the app).
 */
export class AppValidation extends Construct {
  /** The app's validation, created on first use. */
  public static of(scope: IConstruct): AppValidation {
    const root = scope.node.root;
    return (root.node.tryFindChild(ID) as AppValidation | undefined) ?? new AppValidation(root, ID);
  }

  /**
   * The final manifest of a DaemonSet, for the library's own readers while the app synthesizes (its
   * NetworkPolicy's ports, a Namespace's Pod Security level): the one the current synthesis checked,
   * without a copy, or else a fresh serialization. The caller must not change it.
   */
  public static manifestOf(apiObject: ApiObject): any {
    const validation = apiObject.node.root.node.tryFindChild(ID) as AppValidation | undefined;
    return validation?.synthesis?.manifests.get(apiObject) ?? apiObject.toJson();
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

  /**
   * Makes each `synth()` and `synthYaml()` call of the app (the root) one synthesis: the app object
   * gets a subclass of its class whose two methods open the scope (see the class comment).
   */
  private scopeToSynthesis(root: IConstruct): void {
    const appClass = Object.getPrototypeOf(root)?.constructor;
    if (typeof appClass?.prototype?.synth !== 'function' || typeof appClass.prototype.synthYaml !== 'function') {
      return;
    }
    const synthesize = <T>(run: () => T): T => this.withinSynthesis(root, run);
    const scoped = class extends appClass {
      public synth(...args: any[]) {
        return synthesize(() => super.synth(...args));
      }
      public synthYaml(...args: any[]) {
        return synthesize(() => super.synthYaml(...args));
      }
    };
    Object.defineProperty(scoped, 'name', { value: appClass.name });
    Object.setPrototypeOf(root, scoped.prototype);
  }

  /** Runs one synthesis of the app; a call within a call is part of the outer one. */
  private withinSynthesis<T>(root: IConstruct, run: () => T): T {
    if (this.synthesis) {
      return run();
    }
    this.synthesis = { manifests: new Map(), handedOut: new Set() };
    this.runLast(root);
    try {
      return run();
    } finally {
      this.synthesis = undefined;
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
      const synthesis = this.synthesis;
      const manifest = synthesis?.manifests.get(apiObject);
      if (!manifest) {
        return serialize();
      }
      if (synthesis!.handedOut.has(apiObject)) {
        // A caller after the writer gets its own copy, as a fresh serialization would be.
        return structuredClone(manifest);
      }
      synthesis!.handedOut.add(apiObject);
      return manifest;
    };
  }

  private check(): string[] {
    const errors: string[] = [];
    const daemonSets: SerializedDaemonSet[] = [];
    const constructs = this.node.root.node.findAll();
    for (const construct of constructs) {
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
      if (manifest) {
        daemonSets.push(serializedDaemonSet(construct, manifest));
      }
    }
    errors.push(...hostPortClashes(daemonSets));
    for (const check of this.checks) {
      errors.push(...check({ daemonSets, constructs }));
    }
    if (this.synthesis) {
      this.synthesis.errors = errors;
    }
    return errors;
  }
}
