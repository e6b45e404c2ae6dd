/**
 * Finds the policy-checker exemptions of a manifest object that carry no reason.
 *
 * kube-linter (`ignore-check.kube-linter.io/<check>: <reason>`) and checkov
 * (`checkov.io/skipN: <check>=<reason>`) carry their reason in the annotation itself. kube-score
 * (`kube-score/ignore: <ids>`) and Polaris (`polaris.fairwinds.com/<check>-exempt: "true"`) have
 * no place for one, so each of their exemptions must be matched, on the same object, by a
 * reasoned checkov or kube-linter exemption for the same need (the table of REFERENCE §6,
 * written out here on its own, not read from the library).
 */

/** For each kube-score and Polaris check: the checkov or kube-linter checks that record the same need. */
const SAME_NEED: Record<string, string[]> = {
  // kube-score
  'pod-networkpolicy': ['CKV2_K8S_6'],
  'container-security-context-privileged': ['CKV_K8S_16', 'privileged-container'],
  'container-security-context-user-group-id': ['CKV_K8S_40', 'CKV_K8S_23', 'run-as-non-root'],
  'container-security-context-readonlyrootfilesystem': ['CKV_K8S_22', 'no-read-only-root-fs'],
  'container-image-pull-policy': ['CKV_K8S_15'],
  'container-resources': ['CKV_K8S_11', 'CKV_K8S_13', 'unset-cpu-requirements', 'unset-memory-requirements'],
  // Polaris
  'hostNetworkSet': ['CKV_K8S_19', 'host-network'],
  'missingNetworkPolicy': ['CKV2_K8S_6'],
  'hostPIDSet': ['CKV_K8S_17', 'host-pid'],
  'hostIPCSet': ['CKV_K8S_18', 'host-ipc'],
  'hostPathSet': ['sensitive-host-mounts'],
  'hostPortSet': ['CKV_K8S_26'],
  'runAsPrivileged': ['CKV_K8S_16', 'privileged-container'],
  'privilegeEscalationAllowed': ['CKV_K8S_20', 'privilege-escalation-container'],
  'dangerousCapabilities': ['CKV_K8S_25', 'CKV_K8S_37'],
  'insecureCapabilities': ['CKV_K8S_25', 'CKV_K8S_37'],
  'runAsRootAllowed': ['CKV_K8S_23', 'CKV_K8S_40', 'run-as-non-root'],
  'automountServiceAccountToken': ['CKV_K8S_38'],
  'notReadOnlyRootFilesystem': ['CKV_K8S_22', 'no-read-only-root-fs'],
  'pullPolicyNotAlways': ['CKV_K8S_15'],
  'cpuLimitsMissing': ['CKV_K8S_11', 'unset-cpu-requirements'],
  'memoryLimitsMissing': ['CKV_K8S_13', 'unset-memory-requirements'],
};

/** A reason says something: at least a few words after the setting it explains. */
function isReason(text: string): boolean {
  return text.trim().length >= 10;
}

/** The problems with the exemptions of one object; empty when each carries its reason. */
export function unreasonedExemptions(object: any): string[] {
  const annotations: Record<string, unknown> = object?.metadata?.annotations ?? {};
  const where = `${object?.kind}/${object?.metadata?.name}`;
  const problems: string[] = [];
  const reasoned = new Set<string>();
  for (const [key, raw] of Object.entries(annotations)) {
    const value = String(raw);
    if (key.startsWith('ignore-check.kube-linter.io/')) {
      const check = key.slice('ignore-check.kube-linter.io/'.length);
      if (isReason(value)) {
        reasoned.add(check);
      } else {
        problems.push(`${where}: ${key} has no reason (${JSON.stringify(value)})`);
      }
    } else if (/^checkov\.io\/skip\d+$/.test(key)) {
      // checkov splits the value on '=' and needs exactly one.
      const match = /^(CKV2?_K8S_\d+)=([^=]*)$/.exec(value);
      if (match && isReason(match[2])) {
        reasoned.add(match[1]);
      } else {
        problems.push(`${where}: ${key} is not '<CKV id>=<reason>' with one '=' and a reason (${JSON.stringify(value)})`);
      }
    }
  }
  const unmatched = (tool: string, check: string) => {
    const same = SAME_NEED[check];
    if (!same) {
      problems.push(`${where}: ${tool} exemption '${check}' has no known checkov or kube-linter counterpart to carry its reason`);
    } else if (!same.some(c => reasoned.has(c))) {
      problems.push(`${where}: ${tool} exemption '${check}' has no reason: none of ${same.join(', ')} is exempted with one`);
    }
  };
  for (const id of String(annotations['kube-score/ignore'] ?? '').split(',').map(s => s.trim()).filter(s => s)) {
    unmatched('kube-score', id);
  }
  for (const [key, value] of Object.entries(annotations)) {
    const match = /^polaris\.fairwinds\.com\/(.+)-exempt$/.exec(key);
    if (match && String(value) === 'true') {
      unmatched('Polaris', match[1]);
    }
  }
  return problems;
}
