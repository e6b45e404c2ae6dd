import * as path from 'path';
import { CLUSTER_ENV } from './cluster';
import { installKube, startControlPlane } from './control-plane';

/**
 * jest globalSetup of the cluster tests: builds the binaries if this machine has none yet
 * (scripts/install-kube.sh), starts one control plane for all cluster test files, and hands its
 * cluster.json to them through an environment variable (the test workers inherit it).
 */
export default async function globalSetup(): Promise<void> {
  const binaries = installKube();
  const plane = await startControlPlane({ binaries, controllers: true, kwok: true });
  process.env[CLUSTER_ENV] = path.join(plane.info.dir, 'cluster.json');
  (globalThis as any).__cdk8sDaemonsetsControlPlane = plane;
  const times = Object.entries(plane.info.startupMs).map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`).join(', ');
  process.stderr.write(`\ncluster: Kubernetes ${binaries.kubeVersion} on ${plane.info.server} (${times}); logs in ${plane.info.dir}\n`);
}
