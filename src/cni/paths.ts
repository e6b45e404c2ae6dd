/**
 * Where the node's container runtime looks for CNI plugin binaries and network configurations. The
 * installers always see them at `/opt/cni/bin` and `/etc/cni/net.d` in their containers; these are
 * the node's directories mounted there.
 */
export class CniPaths {
  /** `/opt/cni/bin` and `/etc/cni/net.d`: upstream Kubernetes (kubeadm), EKS, AKS, RKE2 and most distributions. */
  public static standard(): CniPaths {
    return new CniPaths('/opt/cni/bin', '/etc/cni/net.d');
  }

  /**
   * k3s with its embedded containerd: `/var/lib/rancher/k3s/data/cni` (the stable directory k3s
   * puts first in the PATH) and `/var/lib/rancher/k3s/agent/etc/cni/net.d`.
   */
  public static k3s(): CniPaths {
    return new CniPaths('/var/lib/rancher/k3s/data/cni', '/var/lib/rancher/k3s/agent/etc/cni/net.d');
  }

  /** RKE2, which uses the standard directories when its own CNI is off (`cni: none`). */
  public static rke2(): CniPaths {
    return CniPaths.standard();
  }

  /** MicroK8s (snap): `/var/snap/microk8s/current/opt/cni/bin` and `/var/snap/microk8s/current/args/cni-network`. */
  public static microK8s(): CniPaths {
    return new CniPaths('/var/snap/microk8s/current/opt/cni/bin', '/var/snap/microk8s/current/args/cni-network');
  }

  /** GKE nodes (Container-Optimized OS and Ubuntu): binaries in `/home/kubernetes/bin`, configurations in `/etc/cni/net.d`. */
  public static gke(): CniPaths {
    return new CniPaths('/home/kubernetes/bin', '/etc/cni/net.d');
  }

  /**
   * OpenShift, where Multus is the primary plugin: binaries in `/var/lib/cni/bin`, configurations of
   * the networks Multus delegates to in `/etc/cni/multus/net.d`.
   */
  public static openShift(): CniPaths {
    return new CniPaths('/var/lib/cni/bin', '/etc/cni/multus/net.d');
  }

  /** Any other distribution: the node's binary and configuration directories, absolute paths. */
  public static custom(binDir: string, confDir: string): CniPaths {
    return new CniPaths(binDir, confDir);
  }

  /** The node's directory of CNI plugin binaries. */
  public readonly binDir: string;

  /** The node's directory of CNI network configurations. */
  public readonly confDir: string;

  private constructor(binDir: string, confDir: string) {
    this.binDir = binDir;
    this.confDir = confDir;
  }
}
