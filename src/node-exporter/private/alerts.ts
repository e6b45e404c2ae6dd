import { monitoring } from '../../core/private/monitoring';
import type { PrometheusRuleSpecGroupsRules } from '../../imports/monitoring.coreos.com.generated';

/**
 * The core node alerts, after the node-exporter mixin (docs/node-mixin in prometheus/node_exporter,
 * Apache-2.0): the same expressions and thresholds, for the exporter's job.
 */
export function nodeAlerts(job: string, critical: string, systemd: boolean): PrometheusRuleSpecGroupsRules[] {
  const fs = `${job},fstype!="",mountpoint!=""`;
  const rule = (
    alert: string, expr: string, severity: string, forDuration: string | undefined, summary: string, description: string,
  ): PrometheusRuleSpecGroupsRules => ({
    alert,
    expr: monitoring().PrometheusRuleSpecGroupsRulesExpr.fromString(expr),
    for: forDuration,
    labels: { severity },
    annotations: { summary, description, runbook_url: `https://runbooks.prometheus-operator.dev/runbooks/node/${alert.toLowerCase()}` },
  });
  const where = 'Filesystem on {{ $labels.device }}, mounted on {{ $labels.mountpoint }}, at {{ $labels.instance }}';
  const spaceFillingUp = (threshold: number, hours: number, severity: string, fast: string) => rule('NodeFilesystemSpaceFillingUp',
    `(node_filesystem_avail_bytes{${fs}} / node_filesystem_size_bytes{${fs}} * 100 < ${threshold} and predict_linear(node_filesystem_avail_bytes{${fs}}[6h], ${hours}*60*60) < 0 and node_filesystem_readonly{${fs}} == 0)`,
    severity, '1h', `Filesystem is predicted to run out of space within the next ${hours} hours.`,
    `${where} has only {{ printf "%.2f" $value }}% available space left and is filling up${fast}.`);
  const outOfSpace = (threshold: number, severity: string) => rule('NodeFilesystemAlmostOutOfSpace',
    `(node_filesystem_avail_bytes{${fs}} / node_filesystem_size_bytes{${fs}} * 100 < ${threshold} and node_filesystem_readonly{${fs}} == 0)`,
    severity, '30m', `Filesystem has less than ${threshold}% space left.`, `${where} has only {{ printf "%.2f" $value }}% available space left.`);
  const filesFillingUp = (threshold: number, hours: number, severity: string, fast: string) => rule('NodeFilesystemFilesFillingUp',
    `(node_filesystem_files_free{${fs}} / node_filesystem_files{${fs}} * 100 < ${threshold} and predict_linear(node_filesystem_files_free{${fs}}[6h], ${hours}*60*60) < 0 and node_filesystem_readonly{${fs}} == 0)`,
    severity, '1h', `Filesystem is predicted to run out of inodes within the next ${hours} hours.`,
    `${where} has only {{ printf "%.2f" $value }}% available inodes left and is filling up${fast}.`);
  const outOfFiles = (threshold: number, severity: string) => rule('NodeFilesystemAlmostOutOfFiles',
    `(node_filesystem_files_free{${fs}} / node_filesystem_files{${fs}} * 100 < ${threshold} and node_filesystem_readonly{${fs}} == 0)`,
    severity, '1h', `Filesystem has less than ${threshold}% inodes left.`, `${where} has only {{ printf "%.2f" $value }}% available inodes left.`);
  const fdLimit = (threshold: number, severity: string) => rule('NodeFileDescriptorLimit',
    `(node_filefd_allocated{${job}} * 100 / node_filefd_maximum{${job}} > ${threshold})`,
    severity, '15m', 'Kernel is predicted to exhaust file descriptors limit soon.',
    'File descriptors limit at {{ $labels.instance }} is currently at {{ printf "%.2f" $value }}%.');
  const rules = [
    spaceFillingUp(40, 24, 'warning', ''),
    spaceFillingUp(20, 4, critical, ' fast'),
    outOfSpace(5, 'warning'),
    outOfSpace(3, critical),
    filesFillingUp(40, 24, 'warning', ''),
    filesFillingUp(20, 4, critical, ' fast'),
    outOfFiles(5, 'warning'),
    outOfFiles(3, critical),
    rule('NodeNetworkReceiveErrs', `rate(node_network_receive_errs_total{${job}}[2m]) / rate(node_network_receive_packets_total{${job}}[2m]) > 0.01`,
      'warning', '1h', 'Network interface is reporting many receive errors.',
      '{{ $labels.instance }} interface {{ $labels.device }} has encountered {{ printf "%.0f" $value }} receive errors in the last two minutes.'),
    rule('NodeNetworkTransmitErrs', `rate(node_network_transmit_errs_total{${job}}[2m]) / rate(node_network_transmit_packets_total{${job}}[2m]) > 0.01`,
      'warning', '1h', 'Network interface is reporting many transmit errors.',
      '{{ $labels.instance }} interface {{ $labels.device }} has encountered {{ printf "%.0f" $value }} transmit errors in the last two minutes.'),
    rule('NodeHighNumberConntrackEntriesUsed', `(node_nf_conntrack_entries{${job}} / node_nf_conntrack_entries_limit{${job}}) > 0.75`,
      'warning', undefined, 'Number of conntrack are getting close to the limit.',
      '{{ $labels.instance }} {{ $value | humanizePercentage }} of conntrack entries are used.'),
    rule('NodeClockSkewDetected',
      `(node_timex_offset_seconds{${job}} > 0.05 and deriv(node_timex_offset_seconds{${job}}[5m]) >= 0) or (node_timex_offset_seconds{${job}} < -0.05 and deriv(node_timex_offset_seconds{${job}}[5m]) <= 0)`,
      'warning', '10m', 'Clock skew detected.',
      'Clock at {{ $labels.instance }} is out of sync by more than 0.05s. Ensure NTP is configured correctly on this host.'),
    rule('NodeClockNotSynchronising', `min_over_time(node_timex_sync_status{${job}}[5m]) == 0 and node_timex_maxerror_seconds{${job}} >= 16`,
      'warning', '10m', 'Clock not synchronising.', 'Clock at {{ $labels.instance }} is not synchronising. Ensure NTP is configured on this host.'),
    rule('NodeRAIDDegraded', `node_md_disks_required{${job},device!=""} - ignoring (state) (node_md_disks{state="active",${job},device!=""}) > 0`,
      'critical', '15m', 'RAID Array is degraded.',
      'RAID array \'{{ $labels.device }}\' at {{ $labels.instance }} is in degraded state due to one or more disks failures. Number of spare drives is insufficient to fix issue automatically.'),
    rule('NodeRAIDDiskFailure', `node_md_disks{state="failed",${job},device!=""} > 0`,
      'warning', undefined, 'Failed device in RAID array.',
      'At least one device in RAID array at {{ $labels.instance }} failed. Array \'{{ $labels.device }}\' needs attention and possibly a disk swap.'),
    fdLimit(70, 'warning'),
    fdLimit(90, 'critical'),
    rule('NodeSystemSaturation', `node_load1{${job}} / count without (cpu, mode) (node_cpu_seconds_total{${job}, mode="idle"}) > 2`,
      'warning', '15m', 'System saturated, load per core is very high.',
      'System load per core at {{ $labels.instance }} has been above 2 for the last 15 minutes, is currently at {{ printf "%.2f" $value }}. This might indicate this instance resources saturation and can cause it becoming unresponsive.'),
    rule('NodeMemoryMajorPagesFaults', `rate(node_vmstat_pgmajfault{${job}}[5m]) > 500`,
      'warning', '15m', 'Memory major page faults are occurring at very high rate.',
      'Memory major pages are occurring at very high rate at {{ $labels.instance }}, 500 major page faults per second for the last 15 minutes, is currently at {{ printf "%.2f" $value }}. Please check that there is enough memory available at this instance.'),
    rule('NodeMemoryHighUtilization', `100 - (node_memory_MemAvailable_bytes{${job}} / node_memory_MemTotal_bytes{${job}} * 100) > 90`,
      'warning', '15m', 'Host is running out of memory.',
      'Memory is filling up at {{ $labels.instance }}, has been above 90% for the last 15 minutes, is currently at {{ printf "%.2f" $value }}%.'),
    rule('NodeDiskIOSaturation', `rate(node_disk_io_time_weighted_seconds_total{${job}, device!=""}[5m]) > 10`,
      'warning', '30m', 'Disk IO queue is high.',
      'Disk IO queue (aqu-sq) is high on {{ $labels.device }} at {{ $labels.instance }}, has been above 10 for the last 30 minutes, is currently at {{ printf "%.2f" $value }}. This symptom might indicate disk saturation.'),
    rule('NodeBondingDegraded', `(node_bonding_slaves{${job}} - node_bonding_active{${job}}) != 0`,
      'warning', '5m', 'Bonding interface is degraded.',
      'Bonding interface {{ $labels.master }} on {{ $labels.instance }} is in degraded state due to one or more slave failures.'),
  ];
  if (systemd) {
    rules.push(rule('NodeSystemdServiceFailed', `node_systemd_unit_state{${job}, state="failed"} == 1`,
      'warning', '5m', 'Systemd service has entered failed state.', 'Systemd service {{ $labels.name }} has entered failed state at {{ $labels.instance }}'));
  }
  return rules;
}
