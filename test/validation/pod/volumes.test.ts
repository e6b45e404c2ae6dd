import { JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { chart, synthDaemonSet, synthError } from '../../util';
import { agent, MAIN, patched, POD } from '../helpers';

// src/validation/pod/volumes.ts: ValidateVolumes, the volume sources, ValidateVolumeMounts.

const { Volume } = kplus;
const withRawVolume = (volume: any) => {
  const c = chart();
  patched(agent(c), JsonPatch.add(`${POD}/volumes`, [{ name: 'data', ...volume }]),
    JsonPatch.add(`${MAIN}/volumeMounts`, [{ name: 'data', mountPath: '/data', readOnly: true }]));
  return c;
};
const cm = (c: any) => kplus.ConfigMap.fromConfigMapName(c, 'Cm', 'agent-config');

test('rejects a ConfigMap item with an absolute path', () => {
  const c = chart();
  agent(c).containers[0].mount('/etc/agent', Volume.fromConfigMap(c, 'C', cm(c), { items: { 'agent.yaml': { path: '/etc/agent.yaml' } } }));
  expect(synthError(c)).toMatch(
    /'volumes\[configmap-agent-config\]\.configMap\.items\[0\]\.path' must be a relative path without '\.\.' \(received '\/etc\/agent\.yaml'\)/,
  );
});

test('rejects a ConfigMap item mode above 0777', () => {
  const c = chart();
  agent(c).containers[0].mount('/etc/agent', Volume.fromConfigMap(c, 'C', cm(c), { items: { 'agent.yaml': { path: 'agent.yaml', mode: 0o1000 } } }));
  expect(synthError(c)).toMatch(/'volumes\[configmap-agent-config\]\.configMap\.items\[0\]\.mode' is not a file mode \(received 512\)\. Allowed: a number from 0 to 0777/);
});

test('rejects a projected service account token of less than 10 minutes', () => {
  expect(synthError(withRawVolume({ projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 300 } }] } }))).toMatch(
    /'volumes\[data\]\.projected\.sources\[0\]\.serviceAccountToken\.expirationSeconds' is out of range \(received 300\)\. Allowed: 600 \(10 minutes\) to 4294967296 seconds/,
  );
});

test('rejects a downwardAPI file of the pod IP', () => {
  expect(synthError(withRawVolume({ downwardApi: { items: [{ path: 'ip', fieldRef: { fieldPath: 'status.podIP' } }] } }))).toMatch(
    /'volumes\[data\]\.downwardAPI\.items\[0\]\.fieldRef\.fieldPath' is not a field a downwardAPI volume can read \(received 'status\.podIP'\)/,
  );
});

test('rejects a mount with both subPath and subPathExpr', () => {
  const c = chart();
  agent(c).containers[0].mount('/data', Volume.fromEmptyDir(c, 'E', 'data'), { subPath: 'a', subPathExpr: '$(POD_NAME)' });
  expect(synthError(c)).toMatch(/'containers\[main\]\.volumeMounts\[\/data\]\.subPathExpr' cannot be set together with subPath/);
});

test('rejects a negative emptyDir size limit', () => {
  expect(synthError(withRawVolume({ emptyDir: { sizeLimit: { value: '-1Gi' } } }))).toMatch(/'volumes\[data\]\.emptyDir\.sizeLimit' is not a size >= 0 \(received '-1Gi'\)/);
});

test('rejects a CSI driver name with an underscore, and accepts one in upper case', () => {
  const bad = chart();
  agent(bad).containers[0].mount('/data', Volume.fromCsi(bad, 'Csi', 'secrets_store.csi.k8s.io', { name: 'secrets' }));
  expect(synthError(bad)).toMatch(/'volumes\[secrets\]\.csi\.driver' is not a valid CSI driver name \(received 'secrets_store\.csi\.k8s\.io'\)/);
  const upper = chart();
  agent(upper).containers[0].mount('/data', Volume.fromCsi(upper, 'Csi', 'Secrets-Store.CSI.k8s.io', { name: 'secrets' }));
  expect(synthDaemonSet(upper).spec.template.spec.volumes[0].csi.driver).toBe('Secrets-Store.CSI.k8s.io');
});

test('rejects an NFS volume with a relative path', () => {
  const c = chart();
  agent(c).containers[0].mount('/data', Volume.fromNfs(c, 'N', 'nfs', { server: 'nfs.example.com', path: 'exports/agent' }));
  expect(synthError(c)).toMatch(/'volumes\[nfs\]\.nfs\.path' must be an absolute path \(received 'exports\/agent'\)/);
});

test('a volume without a source is an emptyDir for the API server, so valid', () => {
  expect(() => synthDaemonSet(withRawVolume({}))).not.toThrow();
});

test('an emptyDir of 1 GiB is valid', () => {
  const c = chart();
  agent(c).containers[0].mount('/data', Volume.fromEmptyDir(c, 'E', 'data', { sizeLimit: Size.gibibytes(1) }));
  expect(synthDaemonSet(c).spec.template.spec.volumes[0].emptyDir.sizeLimit).toBe('1024Mi');
});
