/**
 * The container runtime of the nodes, which decides the log format and where the files are.
 */
export enum ContainerRuntime {
  /**
   * containerd or CRI-O: CRI-format files under `/var/log/pods`, linked from `/var/log/containers`.
   */
  CRI = 'cri',
  /**
   * Docker (cri-dockerd): json-file logs under `/var/lib/docker/containers`, linked from
   * `/var/log/containers`; that directory is mounted too (read-only).
   */
  DOCKER = 'docker',
}
