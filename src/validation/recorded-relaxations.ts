import { Relaxation, ResourceLimit } from '../core/relaxation';

/**
 * The relaxations a manifest records in its exemption annotations, read back: the kube-linter and
 * checkov annotations carry `<setting>: <reason>` for each relaxation (joined with '; '), as the
 * library writes them (`Relaxation.description`), e.g. `hostPath /proc: reads the node's CPU
 * statistics`. A DaemonSet built without the library records its relaxations the same way.
 */
export function recordedRelaxations(annotations: Record<string, unknown> | undefined): Relaxation[] {
  const found = new Map<string, Relaxation>();
  for (const [key, raw] of Object.entries(annotations ?? {})) {
    let text = String(raw);
    if (/^checkov\.io\/skip\d+$/.test(key)) {
      text = text.slice(text.indexOf('=') + 1);
    } else if (!key.startsWith('ignore-check.kube-linter.io/')) {
      continue;
    }
    const starts = [...text.matchAll(SETTING)];
    starts.forEach((match, i) => {
      const end = i + 1 < starts.length ? starts[i + 1].index! : text.length;
      const reason = text.slice(match.index! + match[0].length, end).replace(/; $/, '').trim();
      // A setting named without a reason is not recorded: the rules then ask for one.
      for (const relaxation of reason.length >= 3 ? toRelaxations(match[1], reason) : []) {
        if (!found.has(relaxation.description)) {
          found.set(relaxation.description, relaxation);
        }
      }
    });
  }
  return [...found.values()];
}

/** The start of one `<setting>: ` in an exemption reason (`Relaxation.description` of each kind). */
const SETTING = new RegExp([
  '(?:^|; )(',
  'hostNetwork|hostPID|hostIPC|serviceAccountToken',
  '|(?:hostPath|writableHostPath|sharedWritableHostPath) \\S+',
  '|hostPort \\d+',
  '|capabilities [A-Z0-9_,]+ for containers? \'[^\']+\'(?:, \'[^\']+\')*',
  '|(?:privileged|privilegeEscalation|runAsRoot|writableRootFilesystem|imagePullPolicy) for containers? \'[^\']+\'(?:, \'[^\']+\')*',
  '|no (?:cpu|memory) limit for containers? \'[^\']+\'(?:, \'[^\']+\')*',
  '): ',
].join(''), 'g');

/** The relaxations of one setting: one per container for `... for containers 'a', 'b'`. */
function toRelaxations(setting: string, reason: string): Relaxation[] {
  const containers = / for containers? ('[^']+'(?:, '[^']+')*)$/.exec(setting);
  if (!containers) {
    const relaxation = toRelaxation(setting, reason, '');
    return relaxation ? [relaxation] : [];
  }
  const head = setting.slice(0, containers.index);
  return [...containers[1].matchAll(/'([^']+)'/g)]
    .map(m => toRelaxation(`${head} for container '${m[1]}'`, reason, m[1]))
    .filter((r): r is Relaxation => r !== undefined);
}

function toRelaxation(setting: string, reason: string, container: string): Relaxation | undefined {
  const [head, arg] = setting.split(' ');
  switch (head) {
    case 'hostNetwork': return Relaxation.hostNetwork(reason);
    case 'hostPID': return Relaxation.hostPid(reason);
    case 'hostIPC': return Relaxation.hostIpc(reason);
    case 'serviceAccountToken': return Relaxation.serviceAccountToken(reason);
    case 'hostPath': return Relaxation.hostPath(arg, reason);
    case 'writableHostPath': return Relaxation.writableHostPath(arg, reason);
    case 'sharedWritableHostPath': return Relaxation.sharedWritableHostPath(arg, reason);
    case 'hostPort': return Relaxation.hostPort(Number(arg), reason);
    case 'capabilities': return Relaxation.capabilities(container, arg.split(','), reason);
    case 'privileged': return Relaxation.privileged(container, reason);
    case 'privilegeEscalation': return Relaxation.privilegeEscalation(container, reason);
    case 'runAsRoot': return Relaxation.runAsRoot(container, reason);
    case 'writableRootFilesystem': return Relaxation.writableRootFilesystem(container, reason);
    case 'imagePullPolicy': return Relaxation.imagePullPolicy(container, reason);
    case 'no': return Relaxation.noLimit(container, arg === 'cpu' ? ResourceLimit.CPU : ResourceLimit.MEMORY, reason);
    default: return undefined;
  }
}
