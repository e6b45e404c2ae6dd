import { ApiObject, Lazy } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ENFORCE_LABEL } from './analysis';
import { evaluatePodSecurity } from './pod-security';
import { levelRank, PodSecurityLevel } from './pod-security-level';
import { AppValidation } from '../core/private/app-validation';
import { fail } from '../core/private/errors';
import { checkDnsLabel } from '../validation/names';

/** Properties of a `PodSecurityNamespace`. */
export interface PodSecurityNamespaceProps {
  /** The name of the Namespace; DaemonSets are placed in it with `metadata.namespace`. */
  readonly name: string;

  /**
   * The Pod Security level the Namespace enforces, audits and warns with.
   *
   * @default - the strictest level that every DaemonSet of the app placed in the Namespace
   * satisfies (`restricted` when none is): computed at synth from their final manifests, so the
   * Namespace admits exactly the agents it holds and nothing looser.
   */
  readonly level?: PodSecurityLevel;

  /**
   * More labels for the Namespace.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A Namespace labelled for Pod Security admission with the level its agents need:
 * `pod-security.kubernetes.io/enforce`, `audit` and `warn`. Host agents (host namespaces, hostPath
 * volumes) are rejected in a namespace that enforces `baseline` or `restricted`; this Namespace
 * enforces the strictest level its DaemonSets still satisfy.
 *
 * Whatever the level, synth fails when a DaemonSet placed in a Namespace of the app (this one or
 * any other) needs a less strict level than the Namespace enforces.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { PodSecurityNamespace } from 'cdk8s-daemonsets';
 *
 * const chart = new Chart(new App(), 'agents');
 * new PodSecurityNamespace(chart, 'Namespace', { name: 'node-agents' });
 */
export class PodSecurityNamespace extends Construct {
  /** The name of the Namespace. */
  public readonly name: string;

  /** The Namespace object. */
  public readonly apiObject: ApiObject;

  private readonly givenLevel?: PodSecurityLevel;

  constructor(scope: Construct, id: string, props: PodSecurityNamespaceProps) {
    super(scope, id);
    const problem = checkDnsLabel(props.name ?? '');
    if (problem) {
      fail(this, { prop: 'name', problem: 'is not a valid namespace name', received: props.name, allowed: problem, fix: 'use a DNS-1123 label such as node-agents' });
    }
    if (props.level !== undefined && levelRank(props.level) < 0) {
      fail(this, {
        prop: 'level',
        problem: 'is not a Pod Security level',
        received: props.level,
        allowed: 'PodSecurityLevel.PRIVILEGED, BASELINE or RESTRICTED',
        fix: 'use a PodSecurityLevel value, or leave it out to use the level the DaemonSets need',
      });
    }
    this.name = props.name;
    this.givenLevel = props.level;
    const level = Lazy.any({ produce: () => this.level }) as unknown as string;
    this.apiObject = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          [ENFORCE_LABEL]: level,
          'pod-security.kubernetes.io/audit': level,
          'pod-security.kubernetes.io/warn': level,
        },
      },
    });
  }

  /**
   * The level the Namespace is labelled with: the given one, or the strictest level that every
   * DaemonSet of the app placed in it satisfies (evaluated on their manifests as they are now).
   */
  public get level(): PodSecurityLevel {
    if (this.givenLevel) {
      return this.givenLevel;
    }
    let level = PodSecurityLevel.RESTRICTED;
    for (const construct of this.node.root.node.findAll()) {
      // Only the DaemonSets placed here are serialized.
      if (!ApiObject.isApiObject(construct) || construct.kind !== 'DaemonSet' || construct.metadata.namespace !== this.name) {
        continue;
      }
      let manifest: any;
      try {
        manifest = AppValidation.manifestOf(construct);
      } catch {
        continue; // its own synthesis reports the error
      }
      if (manifest.metadata?.namespace !== this.name) {
        continue;
      }
      const template = manifest.spec?.template ?? {};
      const evaluated = evaluatePodSecurity(template.spec, template.metadata?.annotations ?? {}).level;
      if (levelRank(evaluated) < levelRank(level)) {
        level = evaluated;
      }
    }
    return level;
  }
}
