import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSet, DaemonSetProps } from '../../src';

export const IMAGE = 'quay.io/example/agent:v1.0.0';
export const POD = '/spec/template/spec';
export const MAIN = `${POD}/containers/0`;

/** Our DaemonSet at `test/Agent` with one container `main` (merged with `container`). */
export function agent(c: Chart, props: DaemonSetProps = {}, container: Partial<kplus.ContainerProps> = {}): DaemonSet {
  const ds = new DaemonSet(c, 'Agent', props);
  ds.addContainer({ name: 'main', image: IMAGE, ...container });
  return ds;
}

/** Adds JSON patches to the DaemonSet (in cdk8s-plus's typed shape). */
export function patched(ds: DaemonSet, ...ops: JsonPatch[]): DaemonSet {
  ApiObject.of(ds).addJsonPatch(...ops);
  return ds;
}
