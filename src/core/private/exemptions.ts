import { IConstruct } from 'constructs';
import { fail } from './errors';
import { Relaxation, RelaxationKind, ResourceLimit } from '../relaxation';

/**
 * Checks a reason the manifest will carry in exemption annotations: it must say something, and it
 * must not contain '=': checkov reads `checkov.io/skipN: <check>=<reason>` by splitting on '='
 * and stops the whole scan on a second one.
 */
export function checkReason(scope: IConstruct, prop: string, reason: unknown, subject?: string): void {
  const forWhat = subject ? ` for ${subject}` : '';
  if (typeof reason !== 'string' || reason.trim().length < 3) {
    fail(scope, {
      prop,
      problem: `gives no reason${forWhat}`,
      received: reason,
      allowed: 'a sentence saying why the agent needs it',
      fix: 'write the reason: it is what reviewers and policy checkers read',
    });
  }
  if (`${subject ?? ''}${reason}`.includes('=')) {
    fail(scope, {
      prop,
      problem: `has an '=' in the reason${forWhat}`,
      received: reason,
      allowed: 'a reason without \'=\' (checkov splits its skip annotation `<check>=<reason>` on \'=\' and stops the whole scan on a second one)',
      fix: 'reword it without \'=\', e.g. \'--pid host\' for \'--pid=host\'',
    });
  }
}

/** A reason, when one is given. */
export function checkOptionalReason(scope: IConstruct, prop: string, reason: string | undefined): void {
  if (reason !== undefined) {
    checkReason(scope, prop, reason);
  }
}

/** The checks of each policy checker that a relaxation legitimately trips. */
interface CheckerIds {
  readonly kubeLinter: string[];
  readonly kubeScore: string[];
  readonly polaris: string[];
  readonly checkov: string[];
}

const NONE: CheckerIds = { kubeLinter: [], kubeScore: [], polaris: [], checkov: [] };

function checksFor(relaxation: Relaxation): CheckerIds {
  switch (relaxation.kind) {
    case RelaxationKind.HOST_NETWORK:
      // NetworkPolicy does not apply to hostNetwork pods, so none can select them.
      return {
        kubeLinter: ['host-network'],
        kubeScore: ['pod-networkpolicy'],
        polaris: ['hostNetworkSet', 'missingNetworkPolicy'],
        checkov: ['CKV_K8S_19', 'CKV2_K8S_6'],
      };
    case RelaxationKind.HOST_PID:
      return { ...NONE, kubeLinter: ['host-pid'], polaris: ['hostPIDSet'], checkov: ['CKV_K8S_17'] };
    case RelaxationKind.HOST_IPC:
      return { ...NONE, kubeLinter: ['host-ipc'], polaris: ['hostIPCSet'], checkov: ['CKV_K8S_18'] };
    case RelaxationKind.HOST_PATH:
    case RelaxationKind.WRITABLE_HOST_PATH:
    case RelaxationKind.SHARED_WRITABLE_HOST_PATH: {
      const dockerSock = (relaxation.target ?? '').endsWith('docker.sock');
      return {
        ...NONE,
        kubeLinter: [
          'sensitive-host-mounts',
          ...(relaxation.kind === RelaxationKind.HOST_PATH ? [] : ['writable-host-mount']),
          ...(dockerSock ? ['docker-sock'] : []),
        ],
        polaris: ['hostPathSet'],
        checkov: dockerSock ? ['CKV_K8S_27'] : [],
      };
    }
    case RelaxationKind.HOST_PORT:
      return { ...NONE, polaris: ['hostPortSet'], checkov: ['CKV_K8S_26'] };
    case RelaxationKind.PRIVILEGED:
      // A privileged container has every capability whatever it drops, so none is dropped: the
      // checks that want ALL (or NET_RAW) dropped are exempted with the same reason.
      return {
        kubeLinter: ['privileged-container', 'privilege-escalation-container'],
        kubeScore: ['container-security-context-privileged'],
        polaris: ['runAsPrivileged', 'privilegeEscalationAllowed', 'insecureCapabilities'],
        checkov: ['CKV_K8S_16', 'CKV_K8S_20', 'CKV_K8S_28', 'CKV_K8S_37'],
      };
    case RelaxationKind.PRIVILEGE_ESCALATION:
      return { ...NONE, kubeLinter: ['privilege-escalation-container'], polaris: ['privilegeEscalationAllowed'], checkov: ['CKV_K8S_20'] };
    case RelaxationKind.CAPABILITIES: {
      const sysAdmin = (relaxation.allowedCapabilities ?? []).includes('SYS_ADMIN');
      return {
        ...NONE,
        kubeLinter: ['privilege-escalation-container'],
        polaris: ['dangerousCapabilities', 'insecureCapabilities'],
        checkov: ['CKV_K8S_25', 'CKV_K8S_37', ...(sysAdmin ? ['CKV_K8S_39'] : [])],
      };
    }
    case RelaxationKind.RUN_AS_ROOT:
      return {
        kubeLinter: ['run-as-non-root'],
        kubeScore: ['container-security-context-user-group-id'],
        polaris: ['runAsRootAllowed'],
        checkov: ['CKV_K8S_23', 'CKV_K8S_40'],
      };
    case RelaxationKind.SERVICE_ACCOUNT_TOKEN:
      return { ...NONE, polaris: ['automountServiceAccountToken'], checkov: ['CKV_K8S_38'] };
    case RelaxationKind.IMAGE_PULL_POLICY:
      return { ...NONE, kubeScore: ['container-image-pull-policy'], polaris: ['pullPolicyNotAlways'], checkov: ['CKV_K8S_15'] };
    case RelaxationKind.NO_LIMIT:
      return relaxation.resource === ResourceLimit.CPU
        ? { kubeLinter: ['unset-cpu-requirements'], kubeScore: ['container-resources'], polaris: ['cpuLimitsMissing'], checkov: ['CKV_K8S_11'] }
        : { kubeLinter: ['unset-memory-requirements'], kubeScore: ['container-resources'], polaris: ['memoryLimitsMissing'], checkov: ['CKV_K8S_13'] };
    case RelaxationKind.WRITABLE_ROOT_FILESYSTEM:
      return {
        kubeLinter: ['no-read-only-root-fs'],
        kubeScore: ['container-security-context-readonlyrootfilesystem'],
        polaris: ['notReadOnlyRootFilesystem'],
        checkov: ['CKV_K8S_22'],
      };
  }
}

/**
 * The relaxations with their descriptions, those of one kind that differ only by container and give
 * the same reason written once: `runAsRoot for containers 'a', 'b': <reason>`. Each reason then
 * appears once per annotation, however many containers share it.
 */
function grouped(relaxations: Relaxation[]): Array<[Relaxation, string]> {
  const groups = new Map<string, Relaxation[]>();
  for (const r of relaxations) {
    const perContainer = r.description.endsWith(` for container '${r.target}'`);
    const key = perContainer ? `${r.description.slice(0, -` for container '${r.target}'`.length)}\u0000${r.reason.trim()}` : `\u0001${groups.size}`;
    groups.set(key, [...groups.get(key) ?? [], r]);
  }
  return [...groups.values()].map(group => {
    const [first] = group;
    if (group.length === 1) {
      return [first, first.description];
    }
    const setting = first.description.slice(0, -` for container '${first.target}'`.length);
    return [first, `${setting} for containers ${group.map(r => `'${r.target}'`).join(', ')}`];
  });
}

/**
 * The exemption annotations, with reasons, that the policy checkers read on a workload's metadata:
 * `ignore-check.kube-linter.io/<check>: <reason>`, `kube-score/ignore: <ids>`,
 * `polaris.fairwinds.com/<check>-exempt: "true"`, `checkov.io/skipN: <id>=<reason>`.
 */
export function exemptionAnnotations(relaxations: Relaxation[]): Record<string, string> {
  const kubeLinter = new Map<string, string[]>();
  const checkov = new Map<string, string[]>();
  const kubeScore = new Set<string>();
  const polaris = new Set<string>();
  const add = (map: Map<string, string[]>, id: string, reason: string) => {
    const reasons = map.get(id) ?? [];
    if (!reasons.includes(reason)) {
      reasons.push(reason);
    }
    map.set(id, reasons);
  };
  for (const [relaxation, description] of grouped(relaxations)) {
    const reason = `${description}: ${relaxation.reason.trim()}`;
    const ids = checksFor(relaxation);
    ids.kubeLinter.forEach(id => add(kubeLinter, id, reason));
    // checkov checks that come in pairs (CKV_K8S_23 and CKV_K8S_40 for root...) carry the reason
    // once: the others point to it.
    ids.checkov.forEach((id, i) => add(checkov, id, i === 0 ? reason : `${description} (reason under ${ids.checkov[0]})`));
    ids.kubeScore.forEach(id => kubeScore.add(id));
    ids.polaris.forEach(id => polaris.add(id));
  }
  const annotations: Record<string, string> = {};
  for (const [id, reasons] of [...kubeLinter.entries()].sort()) {
    annotations[`ignore-check.kube-linter.io/${id}`] = reasons.join('; ');
  }
  if (kubeScore.size > 0) {
    annotations['kube-score/ignore'] = [...kubeScore].sort().join(',');
  }
  for (const id of [...polaris].sort()) {
    annotations[`polaris.fairwinds.com/${id}-exempt`] = 'true';
  }
  [...checkov.entries()].sort().forEach(([id, reasons], i) => {
    annotations[`checkov.io/skip${i + 1}`] = `${id}=${reasons.join('; ')}`;
  });
  return annotations;
}
