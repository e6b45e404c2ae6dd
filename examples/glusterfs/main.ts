import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DaemonSet, DaemonSetUpdateStrategy, Relaxation } from 'cdk8s-daemonsets';

/**
 * The newest release tag of the image the guide runs as `:latest` (gluster/gluster-containers
 * README: GlusterFS 4.0 as `gluster4u0_centos7`; the project has published no newer tag since).
 */
const GLUSTER_IMAGE = 'docker.io/gluster/gluster-centos:gluster4u0_centos7';
const GLUSTERD_STATE = '/var/lib/glusterd';

/**
 * The guides' GlusterFS DaemonSet (glusterfs-client in the storage namespace, privileged,
 * /var/lib/glusterd from the node, on nodes labelled storage=true), on the library's DaemonSet:
 * every relaxation explicit and reasoned.
 */
export class GlusterfsChart extends Chart {
  public readonly glusterfs: DaemonSet;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // The storage namespace, labelled so Pod Security Admission admits a privileged pod.
    const namespace = new kplus.Namespace(this, 'Namespace', {
      metadata: { name: 'storage', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    });

    this.glusterfs = new DaemonSet(this, 'GlusterfsClient', {
      metadata: { name: 'glusterfs-client', namespace: namespace.name },
      appName: 'glusterfs-client',
      component: 'storage-daemon',
      // Only the nodes that serve or use the distributed filesystem, as in the guide.
      nodeSelector: { storage: 'true' },
      // glusterd keeps its peers and volumes in one state directory: two daemons on one node would
      // fight over it, so a node's old pod stops before the new one starts.
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(1) }),
      relaxations: [
        Relaxation.privileged('glusterfs', 'glusterd mounts bricks and FUSE volumes and manages LVM devices on the node'),
        Relaxation.runAsRoot('glusterfs', 'the image runs systemd and glusterd as root'),
        Relaxation.writableRootFilesystem('glusterfs', 'systemd and glusterd write below /run, /var/log and /etc in the image'),
        Relaxation.writableHostPath(GLUSTERD_STATE, 'glusterd keeps its peers and volume definitions here, so they survive pod restarts'),
      ],
    });

    const glusterfs = this.glusterfs.addContainer({
      name: 'glusterfs',
      image: GLUSTER_IMAGE,
      securityContext: { privileged: true, ensureNonRoot: false, user: 0, group: 0, readOnlyRootFilesystem: false },
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.units(1) },
        memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) },
      },
      // The image's own status script; readiness and liveness run it in their two modes.
      readiness: kplus.Probe.fromCommand(['/usr/local/bin/status-probe.sh', 'readiness']),
      liveness: kplus.Probe.fromCommand(['/usr/local/bin/status-probe.sh', 'liveness']),
    });
    glusterfs.mount(GLUSTERD_STATE, kplus.Volume.fromHostPath(this, 'GlusterdState', 'glusterfs-client', {
      path: GLUSTERD_STATE,
      type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE,
    }), { readOnly: false });

    // The guide's selector label, kept on the pods for the tools that select them by it.
    this.glusterfs.podMetadata.addLabel('app', 'glusterfs-client');
  }
}

const app = new App();
new GlusterfsChart(app, 'glusterfs');
app.synth();
