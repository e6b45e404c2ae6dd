import * as path from 'path';
import { validateDaemonSetManifest } from '../validation/daemon-set-rules';
import { unreasonedExemptions } from '../validation/exemption-reasons';
import { hostPortClashes } from '../validation/host-port-clashes';
import { recordedRelaxations } from '../validation/recorded-relaxations';

/**
 * Options of `DaemonSetBestPractices`, given as `properties` in `cdk8s.yaml`. None yet.
 */
export interface DaemonSetBestPracticesProps {}

/**
 * A cdk8s validation plugin: runs the library's DaemonSet rules at `cdk8s synth` on every
 * DaemonSet in the synthesized manifests, including ones the app built with cdk8s-plus or as raw
 * `KubeDaemonSet`s, and fails the synth on any violation.
 *
 * What it checks, on the final YAML:
 * - the rules the API server applies to a DaemonSet, and the library's best practices (resources,
 *   read-only host mounts, dropped capabilities, seccomp, non-root, update strategy with host
 *   ports, probes that would be rejected...);
 * - that every relaxed setting (host namespaces, host paths and ports, privileged, capabilities,
 *   root, writable root filesystem, service account token) is recorded with its reason in a
 *   kube-linter or checkov exemption annotation, as `<setting>: <reason>`, the way this library
 *   writes them, and that no recorded relaxation is unused;
 * - that every exemption annotation of every object carries a reason;
 * - that no two DaemonSets bind the same host port on the same nodes.
 *
 * Use it from `cdk8s.yaml` (the class is loaded by cdk8s-cli, not by your app):
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-daemonsets
 *     version: <the exact version you use>
 *     class: DaemonSetBestPractices
 * ```
 */
export class DaemonSetBestPractices {
  constructor(_props: DaemonSetBestPracticesProps = {}) {}

  /**
   * Runs the rules on every manifest of the synthesized app and submits the report. Called by
   * cdk8s-cli with its `ValidationContext` (`manifests`, `parseManifest`, `report`).
   */
  public async validate(context: any): Promise<void> {
    const daemonSets: Array<{ path: string; manifest: any; resource: string; manifestPath: string }> = [];
    const violations: Array<{ message: string; resource: string; manifestPath: string }> = [];
    for (const manifestPath of context.manifests as string[]) {
      const objects: any[] = context.parseManifest(manifestPath);
      for (const object of objects.filter(o => o && typeof o === 'object')) {
        const resource = `${object.kind}/${object.metadata?.namespace ? object.metadata.namespace + '/' : ''}${object.metadata?.name}`;
        const where = `${resource} (${path.basename(manifestPath)})`;
        const problems = unreasonedExemptions(object);
        if (object.kind === 'DaemonSet') {
          daemonSets.push({ path: where, manifest: object, resource, manifestPath });
          problems.push(...validateDaemonSetManifest(where, object, recordedRelaxations(object.metadata?.annotations)));
        }
        violations.push(...problems.map(message => ({ message, resource, manifestPath })));
      }
    }
    for (const message of hostPortClashes(daemonSets)) {
      const owner = daemonSets.find(d => message.startsWith(`${d.path}:`));
      violations.push({ message, resource: owner?.resource ?? 'DaemonSet', manifestPath: owner?.manifestPath ?? '' });
    }
    for (const violation of violations) {
      const [problem, fix] = splitFix(violation.message);
      context.report.addViolation({
        ruleName: problem,
        recommendation: problem,
        fix,
        violatingResources: [{ resourceName: violation.resource, locations: [], manifestPath: violation.manifestPath }],
      });
    }
    context.report.submit(violations.length === 0 ? 'success' : 'failure', { daemonSets: String(daemonSets.length) });
  }
}

function splitFix(message: string): [string, string] {
  const at = message.lastIndexOf(' Fix: ');
  return at < 0 ? [message, 'see the message'] : [message.slice(0, at), message.slice(at + ' Fix: '.length)];
}
