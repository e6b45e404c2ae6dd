import { daemonSetName as name } from './analysis';
import { PodSecurityLevel } from './pod-security-level';
import { amountOf, formatAmount, RESOURCES, ResourceName } from './resources';
import { DEFAULT_POD_STOP_SECONDS, formatDuration } from './rollout';
import { markdownTable as table } from './table';
import { FleetAnalysis, FleetDaemonSet, FleetUsage } from './types';

/**
 * The fleet view as a Markdown document whose tables are padded, so it reads the same in a
 * terminal and rendered.
 */
export function renderMarkdown(analysis: FleetAnalysis): string {
  const lines: string[] = [];
  const count = analysis.daemonSets.length;
  lines.push('# Fleet report', '');
  lines.push(`${count} DaemonSet${count === 1 ? '' : 's'} on ${nodes(analysis.nodeCount)}; every DaemonSet is counted on every node.`, '');

  lines.push('## Node overhead', '');
  lines.push('Requests and limits of one pod of each DaemonSet: its containers and sidecars, or its largest init container if that is more.', '');
  const usageRow = (label: string, usage: FleetUsage) => [label, ...RESOURCES.flatMap(r => [
    formatAmount(r, amountOf(usage.requests, r)),
    usage.unlimited.includes(r) ? limitText(r, amountOf(usage.limits, r)) : formatAmount(r, amountOf(usage.limits, r)),
  ])];
  lines.push(...table(
    ['DaemonSet', 'cpu request', 'cpu limit', 'memory request', 'memory limit', 'ephemeral-storage request', 'ephemeral-storage limit'],
    [
      ...analysis.daemonSets.map(d => usageRow(name(d), d.perNode)),
      usageRow('**per node**', analysis.perNode),
      usageRow(`**cluster (${nodes(analysis.nodeCount)})**`, analysis.cluster),
    ],
    ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
  ), '');
  if (analysis.perNode.unlimited.length > 0) {
    lines.push(`"unlimited": some container sets no ${analysis.perNode.unlimited.join(', ')} limit, so its pods may use up to the node's capacity.`, '');
  }
  if (analysis.budget.length > 0) {
    const checks = analysis.budget.map(check => `${check.resource} ${formatAmount(check.resource as ResourceName, check.requested)} of ${check.budget} `
      + `(${Math.round(check.requested * 100 / check.budgetAmount)}%, ${check.exceeded ? '**exceeded**' : 'within budget'})`);
    lines.push(`Budget per node, requests: ${checks.join('; ')}.`, '');
  }

  lines.push('## Pod Security', '');
  lines.push('The strictest Pod Security Standard the pods of each DaemonSet satisfy, and the checks that lower it.', '');
  lines.push(...table(
    ['DaemonSet', 'level', 'lowered by'],
    analysis.daemonSets.map(d => [name(d), d.podSecurityLevel, [...new Set(d.podSecurityFindings.map(f => f.check))].join(', ') || '-']),
  ), '');
  const lowered = analysis.daemonSets.filter(d => d.podSecurityFindings.length > 0);
  if (lowered.length > 0) {
    for (const d of lowered) {
      // A baseline check failed leaves the pod privileged; a restricted check failed, baseline.
      const failed = (lowersTo: PodSecurityLevel) => d.podSecurityFindings.filter(f => f.lowersTo === lowersTo).map(f => f.detail).join('; ');
      const parts = [[PodSecurityLevel.PRIVILEGED, 'not baseline'], [PodSecurityLevel.BASELINE, 'not restricted']]
        .map(([lowersTo, label]) => [label, failed(lowersTo as PodSecurityLevel)]).filter(([, text]) => text);
      lines.push(`- ${name(d)}: ${parts.map(([label, text]) => `${label}: ${text}`).join('. ')}.`);
    }
    lines.push('');
  }
  if (analysis.namespaces.length > 0) {
    lines.push(...table(
      ['namespace', 'enforce', 'DaemonSets', 'needs', 'rejected pods of'],
      analysis.namespaces.map(n => [n.name, n.enforce ?? '(none)', String(n.daemonSets.length), n.neededLevel, n.rejected.join(', ') || '-']),
      ['l', 'l', 'r', 'l', 'l'],
    ), '');
  }

  lines.push('## Host ports', '');
  if (analysis.hostPorts.length === 0) {
    lines.push('No DaemonSet binds a host port.', '');
  } else {
    lines.push(...table(
      ['protocol', 'port', 'host IP', 'DaemonSet', 'container'],
      analysis.hostPorts.map(p => [p.protocol, String(p.port), p.hostIp || '(all)', p.daemonSet, p.container]),
      ['l', 'r', 'l', 'l', 'l'],
    ), '');
  }

  lines.push('## Rollout', '');
  const stop = analysis.podStopSeconds !== undefined
    ? `${analysis.podStopSeconds}s`
    : `${DEFAULT_POD_STOP_SECONDS}s (or their grace period, if shorter)`;
  lines.push(`Estimated time to roll a new template out to ${nodes(analysis.nodeCount)}, with pods that take ${analysis.podStartSeconds}s to start `
    + `and become ready, and old pods that take ${stop} to stop.`, '');
  lines.push(...table(
    ['DaemonSet', 'strategy', 'nodes at a time', 'batches', 'per batch', 'full rollout', 'at most'],
    analysis.daemonSets.map(d => rolloutRow(d)),
    ['l', 'l', 'r', 'r', 'l', 'r', 'r'],
  ), '');
  lines.push('A maxUnavailable batch waits for the old pods to stop before the new ones start; a surge batch starts the new pods first '
    + 'and removes the old ones once the new ones are available. "At most" is the rollout with every old pod using its whole grace period.', '');

  if (analysis.problems.length > 0) {
    lines.push('## Problems', '');
    for (const problem of analysis.problems) {
      lines.push(`- ${problem.split('\n').join('\n  ')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** The fleet view as JSON, for pipelines. */
export function renderJson(analysis: FleetAnalysis): string {
  return JSON.stringify(analysis, undefined, 2) + '\n';
}

function rolloutRow(d: FleetDaemonSet): string[] {
  const r = d.rollout;
  if (!r.automatic) {
    return [name(d), r.strategy, '-', '-', '-', 'manual: pods are replaced only when deleted', '-'];
  }
  const surging = r.stopSeconds === 0 && r.maxSurge !== undefined && r.maxSurge !== '0' && r.maxSurge !== '0%';
  const strategy = surging ? `${r.strategy}, maxSurge ${r.maxSurge}` : `${r.strategy}, maxUnavailable ${r.maxUnavailable}`;
  const minReady = r.minReadySeconds > 0 ? `, minReadySeconds ${r.minReadySeconds}` : '';
  const recheck = r.recheckSeconds ? ` + ${r.recheckSeconds}s recheck` : '';
  const perBatch = surging
    ? `${r.startSeconds}s start + ${r.minReadySeconds}s ready${recheck} = ${formatDuration(r.batchSeconds!)}`
    : `${r.stopSeconds}s stop + ${r.startSeconds}s start + ${r.minReadySeconds}s ready = ${formatDuration(r.batchSeconds!)}`;
  return [name(d), strategy + minReady, String(r.nodesPerBatch), String(r.batches), perBatch, formatDuration(r.totalSeconds!),
    formatDuration(r.maxTotalSeconds!)];
}

function nodes(count: number): string {
  return `${count} node${count === 1 ? '' : 's'}`;
}

function limitText(resource: ResourceName, amount: number): string {
  return amount > 0 ? `${formatAmount(resource, amount)} + unlimited` : 'unlimited';
}
