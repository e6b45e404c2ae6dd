/** How the node's root filesystem is mounted into the exporter (at `/host/root`, read-only). */
export enum NodeExporterRootFsMount {
  /**
   * Mounted with `HostToContainer` propagation, so filesystems mounted on the node after the
   * exporter started (new volumes, disks) are seen too. Needs `/` to be a shared mount on the node
   * (it is under systemd); elsewhere the container fails to start with "path / is mounted on / but
   * it is not a shared or slave mount".
   */
  HOST_TO_CONTAINER = 'HostToContainer',
  /**
   * Mounted without propagation: works where `/` is not a shared mount (some container-in-container
   * and desktop clusters), but filesystems mounted on the node later are not seen until the pod
   * restarts.
   */
  NO_PROPAGATION = 'None',
  /**
   * Not mounted. The filesystem collector is then switched off: it would report the container's
   * own filesystems under the node's mount points.
   */
  OMIT = 'Omit',
}
