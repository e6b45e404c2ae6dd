/**
 * The collectors of node-exporter on Linux (v1.12), for `enableCollectors` and
 * `disableCollectors`. A collector of another release can be switched with `extraArgs`
 * (`--collector.<name>` / `--no-collector.<name>`).
 *
 * @see https://github.com/prometheus/node_exporter#collectors
 */
export enum NodeExporterCollector {
  /** ARP cache statistics (enabled by default). */
  ARP = 'arp',
  /** bcache statistics (enabled by default). */
  BCACHE = 'bcache',
  /** bcachefs statistics (enabled by default). */
  BCACHEFS = 'bcachefs',
  /** Bonding interfaces (enabled by default). */
  BONDING = 'bonding',
  /** Btrfs statistics (enabled by default). */
  BTRFS = 'btrfs',
  /** Memory fragmentation from /proc/buddyinfo (disabled by default). */
  BUDDYINFO = 'buddyinfo',
  /** cgroup summary (disabled by default). */
  CGROUPS = 'cgroups',
  /** conntrack table usage (enabled by default). */
  CONNTRACK = 'conntrack',
  /** CPU time (enabled by default). */
  CPU = 'cpu',
  /** CPU frequency (enabled by default). */
  CPUFREQ = 'cpufreq',
  /** CPU vulnerability mitigations (disabled by default). */
  CPU_VULNERABILITIES = 'cpu_vulnerabilities',
  /** Disk I/O (enabled by default). */
  DISKSTATS = 'diskstats',
  /** DMI/SMBIOS information (enabled by default). */
  DMI = 'dmi',
  /** Device-mapper multipath (enabled by default). */
  DMMULTIPATH = 'dmmultipath',
  /** DRBD statistics (disabled by default). */
  DRBD = 'drbd',
  /** GPU statistics from the DRM subsystem (disabled by default). */
  DRM = 'drm',
  /** EDAC memory errors (enabled by default). */
  EDAC = 'edac',
  /** Kernel entropy (enabled by default). */
  ENTROPY = 'entropy',
  /** Network driver statistics from ethtool (disabled by default). */
  ETHTOOL = 'ethtool',
  /** Fibre Channel (enabled by default). */
  FIBRECHANNEL = 'fibrechannel',
  /** File descriptors (enabled by default). */
  FILEFD = 'filefd',
  /** Filesystem size and usage (enabled by default; needs the root filesystem mount). */
  FILESYSTEM = 'filesystem',
  /** Hardware sensors (enabled by default). */
  HWMON = 'hwmon',
  /** InfiniBand (enabled by default). */
  INFINIBAND = 'infiniband',
  /** Interrupts (disabled by default). */
  INTERRUPTS = 'interrupts',
  /** IPVS (enabled by default). */
  IPVS = 'ipvs',
  /** Hung kernel tasks (enabled by default). */
  KERNEL_HUNG = 'kernel_hung',
  /** Kernel same-page merging (disabled by default). */
  KSMD = 'ksmd',
  /** Linux network cache statistics (disabled by default). */
  LNSTAT = 'lnstat',
  /** Load average (enabled by default). */
  LOADAVG = 'loadavg',
  /** Sessions from logind over D-Bus (disabled by default; mounts the D-Bus socket). */
  LOGIND = 'logind',
  /** Software RAID (enabled by default). */
  MDADM = 'mdadm',
  /** Memory (enabled by default). */
  MEMINFO = 'meminfo',
  /** Memory per NUMA node (disabled by default). */
  MEMINFO_NUMA = 'meminfo_numa',
  /** NFS client mount statistics (disabled by default). */
  MOUNTSTATS = 'mountstats',
  /** Network devices from /sys/class/net (enabled by default). */
  NETCLASS = 'netclass',
  /** Network device traffic (enabled by default). */
  NETDEV = 'netdev',
  /** Network protocol statistics (enabled by default). */
  NETSTAT = 'netstat',
  /** Routing table (disabled by default). */
  NETWORK_ROUTE = 'network_route',
  /** NFS client (enabled by default). */
  NFS = 'nfs',
  /** NFS server (enabled by default). */
  NFSD = 'nfsd',
  /** NTP server offset (disabled by default). */
  NTP = 'ntp',
  /** NVMe devices (enabled by default). */
  NVME = 'nvme',
  /** NVMe subsystems (disabled by default). */
  NVMESUBSYSTEM = 'nvmesubsystem',
  /** OS release (enabled by default). */
  OS = 'os',
  /** PCI devices (disabled by default). */
  PCIDEVICE = 'pcidevice',
  /** perf events (disabled by default). */
  PERF = 'perf',
  /** Power supplies (enabled by default). */
  POWERSUPPLYCLASS = 'powersupplyclass',
  /** Pressure stall information (enabled by default). */
  PRESSURE = 'pressure',
  /** Process and thread counts (disabled by default). */
  PROCESSES = 'processes',
  /** Queuing disciplines (disabled by default). */
  QDISC = 'qdisc',
  /** RAPL power (enabled by default). */
  RAPL = 'rapl',
  /** runit services (disabled by default). */
  RUNIT = 'runit',
  /** Scheduler statistics (enabled by default). */
  SCHEDSTAT = 'schedstat',
  /** SELinux (enabled by default). */
  SELINUX = 'selinux',
  /** Slab allocator (disabled by default). */
  SLABINFO = 'slabinfo',
  /** Sockets (enabled by default). */
  SOCKSTAT = 'sockstat',
  /** Soft interrupts (disabled by default). */
  SOFTIRQS = 'softirqs',
  /** softnet (enabled by default). */
  SOFTNET = 'softnet',
  /** Kernel statistics from /proc/stat (enabled by default). */
  STAT = 'stat',
  /** supervisord (disabled by default). */
  SUPERVISORD = 'supervisord',
  /** Swap devices (disabled by default). */
  SWAP = 'swap',
  /** sysctl values (disabled by default). */
  SYSCTL = 'sysctl',
  /** systemd units over D-Bus (disabled by default; mounts the D-Bus socket). */
  SYSTEMD = 'systemd',
  /** Tape devices (enabled by default). */
  TAPESTATS = 'tapestats',
  /** TCP connection states (disabled by default). */
  TCPSTAT = 'tcpstat',
  /** Text files of metrics (enabled by default). */
  TEXTFILE = 'textfile',
  /** Thermal zones (enabled by default). */
  THERMAL_ZONE = 'thermal_zone',
  /** System time (enabled by default). */
  TIME = 'time',
  /** Clock synchronisation (enabled by default). */
  TIMEX = 'timex',
  /** UDP queues (enabled by default). */
  UDP_QUEUES = 'udp_queues',
  /** uname (enabled by default). */
  UNAME = 'uname',
  /** Virtual memory (enabled by default). */
  VMSTAT = 'vmstat',
  /** Watchdog devices (enabled by default). */
  WATCHDOG = 'watchdog',
  /** Wireless devices (disabled by default). */
  WIFI = 'wifi',
  /** IPsec (disabled by default). */
  XFRM = 'xfrm',
  /** XFS (enabled by default). */
  XFS = 'xfs',
  /** ZFS (enabled by default). */
  ZFS = 'zfs',
  /** Memory zones (disabled by default). */
  ZONEINFO = 'zoneinfo',
}
