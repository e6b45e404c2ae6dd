import { DBUS_SOCKET } from './defaults';
import { NodeExporterSettings } from './settings';
import { Relaxation } from '../../core/relaxation';
import { NodeExporterCollector } from '../collector';
import { NodeExporterRootFsMount } from '../root-fs-mount';

/** The host access the exporter needs, each with the reason the manifest carries. */
export function nodeExporterRelaxations(s: NodeExporterSettings): Relaxation[] {
  const relaxations: Relaxation[] = [
    Relaxation.hostPath('/proc', 'reads the node\'s CPU, memory, disk, network and kernel statistics, read-only'),
    Relaxation.hostPath('/sys', 'reads the node\'s hardware, device, power and thermal statistics, read-only'),
  ];
  if (s.hostPid) {
    relaxations.push(Relaxation.hostPid('node-exporter\'s documented container setup (docker run --pid host): the exporter sees the node\'s processes as the node does'));
  }
  if (s.hostNetwork) {
    relaxations.push(
      Relaxation.hostNetwork('reports the node\'s network interfaces, sockets and conntrack table, which a pod network namespace hides'),
      Relaxation.hostPort(s.port, 'Prometheus scrapes each node\'s exporter on the node IP; declaring the port lets the scheduler refuse a second pod that needs it on the node'),
    );
  }
  if (s.proxy) {
    relaxations.push(Relaxation.hostPort(s.proxy.internalPort, 'the exporter serves kube-rbac-proxy on the node\'s loopback only (127.0.0.1), where the kubelet probes it'));
    relaxations.push(Relaxation.hostPort(s.proxy.healthPort, 'kube-rbac-proxy serves its own /healthz on the node IP here (--proxy-endpoints-port) for the kubelet\'s liveness probe'));
  }
  if (s.rootFs !== NodeExporterRootFsMount.OMIT) {
    relaxations.push(Relaxation.hostPath('/', 'reads the size and usage of the node\'s filesystems (the filesystem collector), read-only'));
  }
  if (mountsDbus(s)) {
    relaxations.push(Relaxation.hostPath(DBUS_SOCKET, 'the systemd and logind collectors query systemd and logind over the node\'s D-Bus system bus'));
  }
  if (s.textfileDirectory) {
    relaxations.push(Relaxation.hostPath(s.textfileDirectory, 'the textfile collector reads the metrics files scripts on the node write here, read-only'));
  }
  for (const m of s.hostMounts) {
    relaxations.push(Relaxation.hostPath(m.path, m.reason));
  }
  if (s.proxy) {
    relaxations.push(Relaxation.serviceAccountToken('kube-rbac-proxy checks each scraper\'s token and permission with TokenReviews and SubjectAccessReviews'));
  }
  return relaxations;
}

/** The systemd and logind collectors talk to the node's D-Bus. */
export function mountsDbus(s: NodeExporterSettings): boolean {
  return s.collectors.enabled.includes(NodeExporterCollector.SYSTEMD) || s.collectors.enabled.includes(NodeExporterCollector.LOGIND);
}
