import { JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Relaxation } from '../../../../src';
import type { DaemonSet } from '../../../../src';
import { agent, Case, patch } from '../case';

const family = 'volumes';
const { Volume } = kplus;
const pod = '/spec/template/spec';
/** The agent with `volume` mounted at /data (read-only). */
const mounted = (make: (ch: any) => kplus.Volume, props: any = {}, mount: kplus.MountOptions = { readOnly: true }) => (ch: any): DaemonSet => {
  const ds = agent(ch, props);
  ds.containers[0].mount('/data', make(ch), mount);
  return ds;
};
/** The agent with a raw volume `data` (typed shape) added by a patch and mounted at /data. */
const rawVolume = (volume: any) => (ch: any) => patch(agent(ch),
  JsonPatch.add(`${pod}/volumes`, [{ name: 'data', ...volume }]),
  JsonPatch.add(`${pod}/containers/0/volumeMounts`, [{ name: 'data', mountPath: '/data', readOnly: true }]));
const cm = (ch: any) => kplus.ConfigMap.fromConfigMapName(ch, 'Cm', 'agent-config');
const items = (path: string, mode?: number) => ({ 'agent.yaml': { path, mode } });
const hostPath = (path: string, type?: kplus.HostPathVolumeType) => mounted(ch => Volume.fromHostPath(ch, 'Host', 'host', { path, type }),
  { relaxations: [Relaxation.hostPath(path, 'reads the node\'s files')] });
/** The same hostPath volume and mount as a change of the baseline manifest. */
const rawHostPath = (path: string) => (m: any) => {
  m.spec.template.spec.volumes = [{ name: 'host', hostPath: { path, type: 'Directory' } }];
  m.spec.template.spec.containers[0].volumeMounts = [{ name: 'host', mountPath: '/data', readOnly: true }];
};

export const cases: Case[] = [
  { family, name: 'an emptyDir is valid', build: mounted(ch => Volume.fromEmptyDir(ch, 'E', 'data')) },
  { family, name: 'an emptyDir of 1 GiB is valid', build: mounted(ch => Volume.fromEmptyDir(ch, 'E', 'data', { sizeLimit: Size.gibibytes(1) })) },
  { family, name: 'an emptyDir in memory is valid', build: mounted(ch => Volume.fromEmptyDir(ch, 'E', 'data', { medium: kplus.EmptyDirMedium.MEMORY })) },
  { family, name: 'an emptyDir of a negative size is invalid', build: rawVolume({ emptyDir: { sizeLimit: { value: '-1Gi' } } }) },
  { family, name: 'a hostPath with its relaxation is valid', build: hostPath('/var/log') },
  { family, name: 'a hostPath of type Socket is valid', build: hostPath('/run/containerd/containerd.sock', kplus.HostPathVolumeType.SOCKET) },
  // Relaxation.hostPath refuses a path that is not absolute at construction: the raw change is the volume's.
  { family, name: 'a hostPath with \'..\' is invalid', build: hostPath('/var/../etc'), raw: rawHostPath('/var/../etc') },
  { family, name: 'a relative hostPath is refused', build: hostPath('var/log'), raw: rawHostPath('var/log'), stricter: 'absolute-host-path' },
  { family, name: 'a hostPath type Dir is invalid', build: ch => patch(hostPath('/var/log')(ch), JsonPatch.add(`${pod}/volumes/0/hostPath/type`, 'Dir')) },
  {
    family,
    name: 'a writable DirectoryOrCreate hostPath in a container that is not root is refused',
    build: mounted(ch => Volume.fromHostPath(ch, 'Host', 'host', { path: '/var/lib/agent', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE }),
      { relaxations: [Relaxation.writableHostPath('/var/lib/agent', 'keeps its read positions across restarts')] }, { readOnly: false }),
    stricter: 'created-host-path-written-by-root',
  },
  { family, name: 'a hostPath without a relaxation is refused', build: mounted(ch => Volume.fromHostPath(ch, 'Host', 'host', { path: '/var/log' })), stricter: 'relaxation' },
  { family, name: 'a ConfigMap volume is valid', build: mounted(ch => Volume.fromConfigMap(ch, 'C', cm(ch))) },
  { family, name: 'a ConfigMap item path in a subdirectory is valid', build: mounted(ch => Volume.fromConfigMap(ch, 'C', cm(ch), { items: items('conf/agent.yaml') })) },
  { family, name: 'a ConfigMap item with an absolute path is invalid', build: mounted(ch => Volume.fromConfigMap(ch, 'C', cm(ch), { items: items('/etc/agent.yaml') })) },
  { family, name: 'a ConfigMap item path with \'..\' is invalid', build: mounted(ch => Volume.fromConfigMap(ch, 'C', cm(ch), { items: items('conf/../../agent.yaml') })) },
  { family, name: 'a ConfigMap item path starting with \'..\' is invalid', build: mounted(ch => Volume.fromConfigMap(ch, 'C', cm(ch), { items: items('..agent.yaml') })) },
  { family, name: 'a ConfigMap item mode of 0644 is valid', build: mounted(ch => Volume.fromConfigMap(ch, 'C', cm(ch), { items: items('agent.yaml', 0o644) })) },
  { family, name: 'a ConfigMap item mode above 0777 is invalid', build: mounted(ch => Volume.fromConfigMap(ch, 'C', cm(ch), { items: items('agent.yaml', 0o1000) })) },
  { family, name: 'a ConfigMap default mode of 0777 is valid', build: mounted(ch => Volume.fromConfigMap(ch, 'C', cm(ch), { defaultMode: 0o777 })) },
  { family, name: 'a negative ConfigMap default mode is invalid', build: mounted(ch => Volume.fromConfigMap(ch, 'C', cm(ch), { defaultMode: -1 })) },
  { family, name: 'a ConfigMap volume without a name is invalid', build: rawVolume({ configMap: { items: [] } }) },
  { family, name: 'a ConfigMap item without a key is invalid', build: rawVolume({ configMap: { name: 'agent-config', items: [{ key: '', path: 'a' }] } }) },
  { family, name: 'a Secret volume is valid', build: mounted(ch => Volume.fromSecret(ch, 'S', kplus.Secret.fromSecretName(ch, 'Sec', 'agent-tls'))) },
  { family, name: 'a Secret item with an absolute path is invalid', build: mounted(ch => Volume.fromSecret(ch, 'S', kplus.Secret.fromSecretName(ch, 'Sec', 'agent-tls'), { items: { 'tls.crt': { path: '/tls.crt' } } })) },
  { family, name: 'a Secret volume without a secret name is invalid', build: rawVolume({ secret: { defaultMode: 0o400 } }) },
  { family, name: 'a downwardAPI volume with the pod labels is valid', build: rawVolume({ downwardApi: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }) },
  { family, name: 'a downwardAPI volume with the pod IP is invalid', build: rawVolume({ downwardApi: { items: [{ path: 'ip', fieldRef: { fieldPath: 'status.podIP' } }] } }) },
  { family, name: 'a downwardAPI resource file without a container name is invalid', build: rawVolume({ downwardApi: { items: [{ path: 'cpu', resourceFieldRef: { resource: 'limits.cpu' } }] } }) },
  { family, name: 'a downwardAPI resource file with the container name is valid', build: rawVolume({ downwardApi: { items: [{ path: 'cpu', resourceFieldRef: { containerName: 'main', resource: 'limits.cpu' } }] } }) },
  { family, name: 'a downwardAPI item with an absolute path is invalid', build: rawVolume({ downwardApi: { items: [{ path: '/labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }) },
  { family, name: 'a downwardAPI item with neither fieldRef nor resourceFieldRef is invalid', build: rawVolume({ downwardApi: { items: [{ path: 'x' }] } }) },
  { family, name: 'a projected service account token of 10 minutes is valid', build: rawVolume({ projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 600 } }] } }) },
  { family, name: 'a projected service account token of 5 minutes is invalid', build: rawVolume({ projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 300 } }] } }) },
  { family, name: 'a projected token with the default expiry is valid', build: rawVolume({ projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault' } }] } }) },
  { family, name: 'a projected token with a path outside the volume is invalid', build: rawVolume({ projected: { sources: [{ serviceAccountToken: { path: '../token' } }] } }) },
  {
    family,
    name: 'two projected sources writing one path are invalid',
    build: rawVolume({ projected: { sources: [{ configMap: { name: 'a', items: [{ key: 'k', path: 'conf' }] } }, { secret: { name: 'b', items: [{ key: 'k', path: 'conf' }] } }] } }),
  },
  { family, name: 'one projected source entry with two kinds is invalid', build: rawVolume({ projected: { sources: [{ configMap: { name: 'a' }, secret: { name: 'b' } }] } }) },
  { family, name: 'an NFS volume is valid', build: mounted(ch => Volume.fromNfs(ch, 'N', 'nfs', { server: 'nfs.example.com', path: '/exports/agent' })) },
  { family, name: 'an NFS volume with a relative path is invalid', build: mounted(ch => Volume.fromNfs(ch, 'N', 'nfs', { server: 'nfs.example.com', path: 'exports/agent' })) },
  { family, name: 'a CSI volume is valid', build: mounted(ch => Volume.fromCsi(ch, 'Csi', 'secrets-store.csi.k8s.io', { name: 'secrets' })) },
  { family, name: 'a CSI driver name in upper case is valid (it is compared lower-cased)', build: mounted(ch => Volume.fromCsi(ch, 'Csi', 'Secrets-Store.CSI.k8s.io', { name: 'secrets' })) },
  { family, name: 'a CSI driver name with an underscore is invalid', build: mounted(ch => Volume.fromCsi(ch, 'Csi', 'secrets_store.csi.k8s.io', { name: 'secrets' })) },
  { family, name: 'a CSI driver name of 64 characters is invalid', build: mounted(ch => Volume.fromCsi(ch, 'Csi', `${'a'.repeat(55)}.csi.k8s.io`, { name: 'secrets' })) },
  { family, name: 'a PersistentVolumeClaim volume is valid', build: mounted(ch => Volume.fromPersistentVolumeClaim(ch, 'P', kplus.PersistentVolumeClaim.fromClaimName(ch, 'Pvc', 'agent-data'))) },
  { family, name: 'an AWS EBS volume is valid (the API server warns it is deprecated)', build: mounted(ch => Volume.fromAwsElasticBlockStore(ch, 'Ebs', 'vol-0123456789abcdef0')) },
  { family, name: 'an AWS EBS volume on partition 300 is invalid', build: mounted(ch => Volume.fromAwsElasticBlockStore(ch, 'Ebs', 'vol-0123456789abcdef0', { partition: 300 })) },
  { family, name: 'a GCE persistent disk is valid', build: mounted(ch => Volume.fromGcePersistentDisk(ch, 'Pd', 'agent-disk')) },
  { family, name: 'an Azure disk with a blob URI is valid', build: mounted(ch => Volume.fromAzureDisk(ch, 'Az', 'agent', 'https://account.blob.core.windows.net/vhds/agent.vhd')) },
  {
    family,
    name: 'a managed Azure disk with a blob URI is invalid',
    build: mounted(ch => Volume.fromAzureDisk(ch, 'Az', 'agent', 'https://account.blob.core.windows.net/vhds/agent.vhd', { kind: kplus.AzureDiskPersistentVolumeKind.MANAGED })),
  },
  {
    family,
    name: 'a generic ephemeral volume is valid',
    build: rawVolume({ ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: { value: '1Gi' } } } } } } }),
  },
  { family, name: 'a generic ephemeral volume without access modes is invalid', build: rawVolume({ ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: { value: '1Gi' } } } } } } }) },
  { family, name: 'a volume with two sources is invalid', build: rawVolume({ emptyDir: {}, configMap: { name: 'agent-config' } }) },
  { family, name: 'a volume without a source is invalid', build: rawVolume({}) },
  { family, name: 'a mount with a subPath is valid', build: mounted(ch => Volume.fromEmptyDir(ch, 'E', 'data'), {}, { subPath: 'agent' }) },
  { family, name: 'a mount with a subPath with \'..\' is invalid', build: mounted(ch => Volume.fromEmptyDir(ch, 'E', 'data'), {}, { subPath: '../etc' }) },
  { family, name: 'a mount with an absolute subPath is invalid', build: mounted(ch => Volume.fromEmptyDir(ch, 'E', 'data'), {}, { subPath: '/etc' }) },
  { family, name: 'a mount with a subPathExpr is valid', build: mounted(ch => Volume.fromEmptyDir(ch, 'E', 'data'), {}, { subPathExpr: '$(POD_NAME)' }) },
  {
    family,
    name: 'a mount with both subPath and subPathExpr is invalid',
    build: mounted(ch => Volume.fromEmptyDir(ch, 'E', 'data'), {}, { subPath: 'a', subPathExpr: '$(POD_NAME)' }),
  },
  { family, name: 'Bidirectional propagation in a container that is not privileged is invalid', build: mounted(ch => Volume.fromEmptyDir(ch, 'E', 'data'), {}, { propagation: kplus.MountPropagation.BIDIRECTIONAL }) },
  { family, name: 'HostToContainer propagation is valid', build: mounted(ch => Volume.fromEmptyDir(ch, 'E', 'data'), {}, { propagation: kplus.MountPropagation.HOST_TO_CONTAINER }) },
  { family, name: 'a propagation mode Shared is invalid', build: ch => patch(mounted(c => Volume.fromEmptyDir(c, 'E', 'data'))(ch), JsonPatch.add(`${pod}/containers/0/volumeMounts/0/mountPropagation`, 'Shared')) },
  {
    family,
    name: 'two mounts at one path are invalid',
    build: ch => {
      const ds = agent(ch);
      ds.containers[0].mount('/data', Volume.fromEmptyDir(ch, 'A', 'a'));
      ds.containers[0].mount('/data', Volume.fromEmptyDir(ch, 'B', 'b'));
    },
  },
  { family, name: 'a mount at a relative path is valid', build: ch => agent(ch).containers[0].mount('data', Volume.fromEmptyDir(ch, 'E', 'data')) },
  {
    family,
    name: 'a block device from a claim is valid',
    build: ch => patch(agent(ch), JsonPatch.add(`${pod}/volumes`, [{ name: 'disk', persistentVolumeClaim: { claimName: 'agent-disk' } }]),
      JsonPatch.add(`${pod}/containers/0/volumeDevices`, [{ name: 'disk', devicePath: '/dev/xvda' }])),
  },
  {
    family,
    name: 'a block device from an emptyDir is invalid',
    build: ch => patch(agent(ch), JsonPatch.add(`${pod}/volumes`, [{ name: 'disk', emptyDir: {} }]),
      JsonPatch.add(`${pod}/containers/0/volumeDevices`, [{ name: 'disk', devicePath: '/dev/xvda' }])),
  },
];
