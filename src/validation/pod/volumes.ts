import { downwardApiFieldProblem, resourceFieldProblems } from './downward-api';
import { checkFormat, Err, isInteger, list } from '../field';
import { checkDnsLabel, checkDnsSubdomain } from '../names';
import { parseQuantity } from '../quantity';

/**
 * Volumes and volume mounts, as k8s.io/kubernetes pkg/apis/core/validation v1.34 checks them:
 * `ValidateVolumes`, `validateVolumeSource` (one source per volume) and the sources' own checks
 * (`validateHostPathVolumeSource`, `validateSecretVolumeSource`, `validateConfigMapVolumeSource`,
 * `validateKeyToPath`, `validateDownwardAPIVolumeSource`, `validateProjectedVolumeSource`,
 * `validateNFSVolumeSource`, `validateCSIVolumeSource`, `validatePersistentClaimVolumeSource`,
 * `validateEphemeralVolumeSource`, the in-tree disks' required fields), `ValidateVolumeMounts`,
 * `ValidateVolumeDevices` and `validateMountPropagation`. Beyond the API server, a hostPath must be
 * absolute (the kubelet resolves a relative one against its own working directory).
 */

export const HOST_PATH_TYPES = ['', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket', 'CharDevice', 'BlockDevice'];
const PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional'];
const VOLUME_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.uid'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** Every volume source the API server knows, with the fields it requires. */
const SOURCES: Record<string, string[]> = {
  emptyDir: [],
  hostPath: [],
  secret: [],
  configMap: [],
  downwardAPI: [],
  projected: [],
  persistentVolumeClaim: ['claimName'],
  ephemeral: [],
  nfs: [],
  csi: [],
  image: [],
  gcePersistentDisk: ['pdName'],
  awsElasticBlockStore: ['volumeID'],
  azureDisk: ['diskName', 'diskURI'],
  azureFile: ['secretName', 'shareName'],
  cephfs: ['monitors'],
  cinder: ['volumeID'],
  fc: [],
  flexVolume: ['driver'],
  flocker: [],
  gitRepo: ['repository'],
  glusterfs: ['endpoints', 'path'],
  iscsi: ['targetPortal', 'iqn'],
  photonPersistentDisk: ['pdID'],
  portworxVolume: ['volumeID'],
  quobyte: ['registry', 'volume'],
  rbd: ['monitors', 'image'],
  scaleIO: ['gateway', 'system', 'secretRef'],
  storageos: ['volumeName'],
  vsphereVolume: ['volumePath'],
};

/** `ValidateVolumes`: unique DNS-label names, one valid source each. Returns the volumes by name. */
export function validateVolumes(err: Err, pod: any): Map<string, any> {
  const volumes = new Map<string, any>();
  for (const volume of list(pod.volumes)) {
    const name = volume?.name;
    checkFormat(err, 'volumes[].name', name, checkDnsLabel, 'is not a valid name', 'give the volume a valid name');
    if (volumes.has(name)) {
      err('volumes', 'has a duplicate name', name, 'unique volume names', 'give each volume its own name');
    }
    volumes.set(name, volume);
    validateVolumeSource(err, `volumes[${name}]`, volume ?? {});
  }
  return volumes;
}

function validateVolumeSource(err: Err, prop: string, volume: any): void {
  // A volume without a source is an emptyDir (the API server's default).
  const sources = Object.keys(SOURCES).filter(s => volume[s] !== undefined && volume[s] !== null);
  if (sources.length > 1) {
    err(prop, 'has more than one source', sources, 'one source per volume', 'split it into one volume per source');
  }
  for (const source of sources) {
    const spec = volume[source];
    for (const field of SOURCES[source]) {
      if (spec[field] === undefined || spec[field] === '' || (Array.isArray(spec[field]) && spec[field].length === 0)) {
        err(`${prop}.${source}.${field}`, 'is required', spec[field], `the ${field} of the ${source} volume`, `set ${field}`);
      }
    }
  }
  const { emptyDir, hostPath, secret, configMap, downwardAPI, projected, nfs, csi, ephemeral } = volume;
  if (emptyDir?.sizeLimit !== undefined && emptyDir.sizeLimit !== null) {
    const size = parseQuantity(emptyDir.sizeLimit);
    if (size === undefined || size < 0) {
      err(`${prop}.emptyDir.sizeLimit`, 'is not a size >= 0', emptyDir.sizeLimit, 'a quantity >= 0, such as 1Gi', 'use Size.gibibytes() or Size.mebibytes()');
    }
  }
  if (hostPath) {
    const path = hostPath.path;
    if (typeof path !== 'string' || !path.startsWith('/') || path.split('/').includes('..')) {
      err(`${prop}.hostPath.path`, 'is not an absolute path without \'..\'', path, 'an absolute path such as /var/log', 'give the full path on the node');
    }
    if (!HOST_PATH_TYPES.includes(hostPath.type ?? '')) {
      err(`${prop}.hostPath.type`, 'is not a hostPath type', hostPath.type, HOST_PATH_TYPES.filter(t => t).join(', '), 'use a HostPathVolumeType value');
    }
  }
  if (secret) {
    if (!secret.secretName) {
      err(`${prop}.secret.secretName`, 'is required', secret.secretName, 'the name of a Secret', 'name the Secret to mount');
    }
    checkMode(err, `${prop}.secret.defaultMode`, secret.defaultMode);
    list(secret.items).forEach((item, i) => validateKeyToPath(err, `${prop}.secret.items[${i}]`, item));
  }
  if (configMap) {
    if (!configMap.name) {
      err(`${prop}.configMap.name`, 'is required', configMap.name, 'the name of a ConfigMap', 'name the ConfigMap to mount');
    }
    checkMode(err, `${prop}.configMap.defaultMode`, configMap.defaultMode);
    list(configMap.items).forEach((item, i) => validateKeyToPath(err, `${prop}.configMap.items[${i}]`, item));
  }
  if (downwardAPI) {
    checkMode(err, `${prop}.downwardAPI.defaultMode`, downwardAPI.defaultMode);
    list(downwardAPI.items).forEach((item, i) => validateDownwardApiFile(err, `${prop}.downwardAPI.items[${i}]`, item));
  }
  if (projected) {
    validateProjected(err, `${prop}.projected`, projected);
  }
  if (nfs) {
    if (!nfs.server) {
      err(`${prop}.nfs.server`, 'is required', nfs.server, 'the NFS server', 'set the server');
    }
    if (typeof nfs.path !== 'string' || !nfs.path.startsWith('/')) {
      err(`${prop}.nfs.path`, 'must be an absolute path', nfs.path, 'an absolute path on the server', 'give the exported path, e.g. /exports/data');
    }
  }
  if (csi) {
    const driver = csi.driver;
    if (typeof driver !== 'string' || driver === '' || driver.length > 63 || checkDnsSubdomain(driver.toLowerCase())) {
      err(`${prop}.csi.driver`, 'is not a valid CSI driver name', driver, 'at most 63 characters, a DNS-1123 subdomain (case-insensitive), e.g. csi.example.com',
        'use the name the CSI driver registers');
    }
    if (csi.nodePublishSecretRef) {
      checkFormat(err, `${prop}.csi.nodePublishSecretRef.name`, csi.nodePublishSecretRef.name ?? '', checkDnsSubdomain, 'is not a valid Secret name', 'name an existing Secret');
    }
  }
  if (ephemeral) {
    validateEphemeral(err, `${prop}.ephemeral`, ephemeral);
  }
  const azure = volume.azureDisk;
  if (azure) {
    // `validateAzureDisk`, after the API server's defaults (kind Shared, cachingMode ReadWrite).
    const kind = azure.kind ?? 'Shared';
    if (azure.cachingMode !== undefined && !['None', 'ReadOnly', 'ReadWrite'].includes(azure.cachingMode)) {
      err(`${prop}.azureDisk.cachingMode`, 'is not a supported value', azure.cachingMode, 'None, ReadOnly, ReadWrite', 'use an AzureDiskPersistentVolumeCachingMode value');
    }
    if (!['Shared', 'Dedicated', 'Managed'].includes(kind)) {
      err(`${prop}.azureDisk.kind`, 'is not a supported value', kind, 'Shared, Dedicated, Managed', 'use an AzureDiskPersistentVolumeKind value');
    } else if (typeof azure.diskURI === 'string' && azure.diskURI !== '' && !azure.diskURI.startsWith(kind === 'Managed' ? '/subscriptions/' : 'https://')) {
      err(`${prop}.azureDisk.diskURI`, `is not a URI of a ${kind} disk`, azure.diskURI,
        kind === 'Managed' ? '/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}' : 'https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd',
        'give the disk\'s URI in the form its kind requires');
    }
  }
  for (const disk of ['gcePersistentDisk', 'awsElasticBlockStore']) {
    const partition = volume[disk]?.partition;
    if (partition !== undefined && !(isInteger(partition) && partition >= 0 && partition <= 255)) {
      err(`${prop}.${disk}.partition`, 'is out of range', partition, '0 to 255', 'use the partition number, or 0 for the whole disk');
    }
  }
}

/** File modes: 0 to 0777 (511). */
function checkMode(err: Err, prop: string, mode: unknown): void {
  if (mode !== undefined && mode !== null && !(isInteger(mode) && mode >= 0 && mode <= 0o777)) {
    err(prop, 'is not a file mode', mode, 'a number from 0 to 0777 (octal; 511 in decimal)', 'use a mode such as 0o644 (420)');
  }
}

/** `validateKeyToPath`: a key, a relative path without '..', a valid mode. */
function validateKeyToPath(err: Err, prop: string, item: any): void {
  if (!item?.key) {
    err(`${prop}.key`, 'is required', item?.key, 'a key of the ConfigMap or Secret', 'set the key');
  }
  checkLocalPath(err, `${prop}.path`, item?.path);
  checkMode(err, `${prop}.mode`, item?.mode);
}

/** `ValidateLocalNonReservedPath`: a required, relative path without '..' that does not start with '..'. */
function checkLocalPath(err: Err, prop: string, path: unknown): void {
  if (typeof path !== 'string' || path === '') {
    err(prop, 'is required', path, 'a relative path', 'set the path of the file in the volume');
  } else if (path.startsWith('/') || path.split('/').includes('..') || path.startsWith('..')) {
    err(prop, 'must be a relative path without \'..\'', path, 'a relative path such as config/app.yaml', 'remove the leading \'/\' and any \'..\'');
  }
}

/** `validateDownwardAPIVolumeFile`. */
function validateDownwardApiFile(err: Err, prop: string, item: any): void {
  checkLocalPath(err, `${prop}.path`, item?.path);
  if (item?.fieldRef) {
    const problem = downwardApiFieldProblem(item.fieldRef, VOLUME_FIELD_PATHS);
    if (problem) {
      err(`${prop}.fieldRef.fieldPath`, 'is not a field a downwardAPI volume can read', item.fieldRef.fieldPath, problem, 'use one of the allowed fields');
    }
    if (item.resourceFieldRef) {
      err(prop, 'sets both fieldRef and resourceFieldRef', item, 'one of fieldRef, resourceFieldRef', 'keep one of the two');
    }
  } else if (item?.resourceFieldRef) {
    for (const [field, value, allowed] of resourceFieldProblems(item.resourceFieldRef, true)) {
      err(`${prop}.resourceFieldRef.${field}`, 'is not valid', value, allowed, 'name the container and a supported resource and divisor');
    }
  } else {
    err(prop, 'has neither fieldRef nor resourceFieldRef', item, 'one of fieldRef, resourceFieldRef', 'say which field the file holds');
  }
  checkMode(err, `${prop}.mode`, item?.mode);
}

/** `validateProjectedVolumeSource` and `validateProjectionSources`. */
function validateProjected(err: Err, prop: string, projected: any): void {
  checkMode(err, `${prop}.defaultMode`, projected.defaultMode);
  const paths = new Set<string>();
  const addPath = (path: unknown) => {
    if (typeof path !== 'string' || path === '') {
      return;
    }
    if (paths.has(path)) {
      err(`${prop}.sources`, 'project two files to the same path', path, 'a distinct path per file', 'give each file its own path');
    }
    paths.add(path);
  };
  list(projected.sources).forEach((source, i) => {
    const at = `${prop}.sources[${i}]`;
    const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate'].filter(k => source?.[k]);
    if (kinds.length > 1) {
      err(at, 'has more than one source', kinds, 'one source per entry', 'put each source in its own entry');
    }
    for (const kind of ['secret', 'configMap'] as const) {
      const ref = source?.[kind];
      if (!ref) {
        continue;
      }
      if (!ref.name) {
        err(`${at}.${kind}.name`, 'is required', ref.name, `the name of a ${kind === 'secret' ? 'Secret' : 'ConfigMap'}`, 'set the name');
      }
      list(ref.items).forEach((item, j) => {
        validateKeyToPath(err, `${at}.${kind}.items[${j}]`, item);
        addPath(item?.path);
      });
    }
    if (source?.downwardAPI) {
      list(source.downwardAPI.items).forEach((item, j) => {
        validateDownwardApiFile(err, `${at}.downwardAPI.items[${j}]`, item);
        addPath(item?.path);
      });
    }
    const token = source?.serviceAccountToken;
    if (token) {
      // The API server defaults expirationSeconds to 3600.
      const seconds = token.expirationSeconds ?? 3600;
      if (!(isInteger(seconds) && seconds >= 600 && seconds <= 2 ** 32)) {
        err(`${at}.serviceAccountToken.expirationSeconds`, 'is out of range', seconds, '600 (10 minutes) to 4294967296 seconds', 'use at least 600 seconds (the kubelet refreshes the token before it expires)');
      }
      checkLocalPath(err, `${at}.serviceAccountToken.path`, token.path);
    }
  });
}

/** `validateEphemeralVolumeSource`: a claim template with template metadata and a claim spec. */
function validateEphemeral(err: Err, prop: string, ephemeral: any): void {
  const template = ephemeral.volumeClaimTemplate;
  if (!template) {
    err(`${prop}.volumeClaimTemplate`, 'is required', undefined, 'a PersistentVolumeClaim template', 'set volumeClaimTemplate');
    return;
  }
  const allowedMeta = ['labels', 'annotations'];
  for (const key of Object.keys(template.metadata ?? {})) {
    if (!allowedMeta.includes(key)) {
      err(`${prop}.volumeClaimTemplate.metadata.${key}`, 'cannot be set', template.metadata[key], 'labels and annotations', `remove ${key}`);
    }
  }
  const spec = template.spec ?? {};
  const modes = list(spec.accessModes);
  if (modes.length === 0) {
    err(`${prop}.volumeClaimTemplate.spec.accessModes`, 'is required', spec.accessModes, ACCESS_MODES.join(', '), 'set at least one access mode');
  }
  for (const mode of modes) {
    if (!ACCESS_MODES.includes(mode)) {
      err(`${prop}.volumeClaimTemplate.spec.accessModes`, 'is not a supported value', mode, ACCESS_MODES.join(', '), 'use a supported access mode');
    }
  }
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) {
    err(`${prop}.volumeClaimTemplate.spec.accessModes`, 'combines ReadWriteOncePod with other modes', modes, 'ReadWriteOncePod alone', 'use ReadWriteOncePod alone');
  }
  const storage = spec.resources?.requests?.storage;
  const size = storage === undefined ? undefined : parseQuantity(storage);
  if (size === undefined || size <= 0) {
    err(`${prop}.volumeClaimTemplate.spec.resources.requests.storage`, storage === undefined ? 'is required' : 'must be greater than 0', storage,
      'a storage size such as 1Gi', 'request the storage the volume needs');
  }
}

/**
 * `ValidateVolumeMounts` and `ValidateVolumeDevices`: each mount names a volume, at a unique
 * path; `subPath` and `subPathExpr` are relative, without '..', and not both; propagation is a
 * known mode, Bidirectional only for privileged containers; devices name persistent or ephemeral
 * volumes, at unique paths, neither shared with a mount.
 */
export function validateVolumeMounts(err: Err, where: string, container: any, volumes: Map<string, any>): void {
  const mountPaths = new Set<string>();
  const mountNames = new Set<string>();
  const privileged = container.securityContext?.privileged === true;
  for (const mount of list(container.volumeMounts)) {
    const at = `${where}.volumeMounts[${mount?.mountPath}]`;
    if (!volumes.has(mount?.name)) {
      err(at, 'names a volume the pod does not have', mount?.name, 'the name of a pod volume', 'add the volume to the pod, or mount it with container.mount()');
    }
    if (typeof mount?.mountPath !== 'string' || mount.mountPath === '') {
      err(`${where}.volumeMounts`, 'has a mount without mountPath', mount, 'a path in the container', 'set mountPath');
    } else if (mountPaths.has(mount.mountPath)) {
      err(`${at}.mountPath`, 'mounts two volumes at the same path', mount.mountPath, 'unique mount paths per container', 'mount each volume at its own path');
    }
    mountPaths.add(mount?.mountPath);
    mountNames.add(mount?.name);
    for (const field of ['subPath', 'subPathExpr']) {
      const sub = mount?.[field];
      if (typeof sub === 'string' && (sub.startsWith('/') || sub.split('/').includes('..'))) {
        err(`${at}.${field}`, 'must be a relative path without \'..\'', sub, 'a relative path', 'remove the leading \'/\' and any \'..\'');
      }
    }
    if (mount?.subPath && mount?.subPathExpr) {
      err(`${at}.subPathExpr`, 'cannot be set together with subPath', { subPath: mount.subPath, subPathExpr: mount.subPathExpr }, 'one of subPath, subPathExpr',
        'keep one of the two');
    }
    const propagation = mount?.mountPropagation;
    if (propagation !== undefined && propagation !== null && !PROPAGATIONS.includes(propagation)) {
      err(`${at}.mountPropagation`, 'is not a propagation mode', propagation, PROPAGATIONS.join(', '), 'use a MountPropagation value');
    }
    if (propagation === 'Bidirectional' && !privileged) {
      err(`${at}.mountPropagation`, 'is Bidirectional on a container that is not privileged (the API server rejects it)',
        'Bidirectional', 'HostToContainer or None, or Bidirectional in a privileged container',
        `use MountPropagation.HOST_TO_CONTAINER, or make container '${container.name}' privileged with Relaxation.privileged('${container.name}', '<why>')`);
    }
  }
  const devicePaths = new Set<string>();
  const deviceNames = new Set<string>();
  for (const device of list(container.volumeDevices)) {
    const at = `${where}.volumeDevices[${device?.devicePath}]`;
    const volume = volumes.get(device?.name);
    if (!volume) {
      err(at, 'names a volume the pod does not have', device?.name, 'the name of a pod volume', 'add the volume to the pod');
    } else if (!volume.persistentVolumeClaim && !volume.ephemeral) {
      err(`${at}.name`, 'is not a persistentVolumeClaim or ephemeral volume', device.name, 'a block volume (persistentVolumeClaim or ephemeral)', 'mount the volume with volumeMounts instead');
    }
    if (typeof device?.devicePath !== 'string' || device.devicePath === '') {
      err(`${where}.volumeDevices`, 'has a device without devicePath', device, 'a path in the container', 'set devicePath');
    } else if (device.devicePath.split('/').includes('..')) {
      err(`${at}.devicePath`, 'must not contain \'..\'', device.devicePath, 'a path without \'..\'', 'give the device path without \'..\'');
    }
    if (devicePaths.has(device?.devicePath) || mountPaths.has(device?.devicePath)) {
      err(`${at}.devicePath`, 'is used twice in the container', device?.devicePath, 'a path used by one device or mount', 'give the device its own path');
    }
    if (deviceNames.has(device?.name) || mountNames.has(device?.name)) {
      err(`${at}.name`, 'is used twice in the container', device?.name, 'each volume as one device or one mount', 'use the volume once');
    }
    devicePaths.add(device?.devicePath);
    deviceNames.add(device?.name);
  }
}
