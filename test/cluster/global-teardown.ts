import * as path from 'path';
import { CLUSTER_ENV } from './cluster';
import { ControlPlane, stopClusterByPid } from './control-plane';
import { sweepStaleGroups } from './processes';

/** jest globalTeardown of the cluster tests: stops every server of the run by PID. */
export default async function globalTeardown(): Promise<void> {
  const plane: ControlPlane | undefined = (globalThis as any).__cdk8sDaemonsetsControlPlane;
  if (plane) {
    await plane.stop();
  } else if (process.env[CLUSTER_ENV]) {
    await stopClusterByPid(path.dirname(process.env[CLUSTER_ENV]));
  }
  // Variant API servers of test workers that exited without stopping them.
  sweepStaleGroups();
}
