import { IConstruct } from 'constructs';
import { fail } from '../../core/private/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../../validation/names';

// The checks of the props of `CsiNodePluginDaemonSet`: each throws at construction, naming the
// construct, the prop and the fix.

export function checkName(scope: IConstruct, prop: string, value: string): void {
  const problem = checkDnsLabel(value);
  if (problem) {
    fail(scope, { prop, problem: 'is not a valid name', received: value, allowed: problem, fix: `set ${prop} to a valid name` });
  }
}

/** The API server's rule for a CSIDriver name, which is also the socket's directory name. */
export function checkDriverName(scope: IConstruct, driverName: string): void {
  const problem = typeof driverName !== 'string' ? 'a string' : driverName.length > 63 ? 'at most 63 characters' : checkDnsSubdomain(driverName);
  if (problem) {
    fail(scope, {
      prop: 'driverName',
      problem: 'is not a valid CSI driver name',
      received: driverName,
      allowed: `a CSI driver name: ${problem} (the API server's rule for CSIDriver names)`,
      fix: 'use the name the driver reports in GetPluginInfo, such as \'hostpath.csi.k8s.io\'',
    });
  }
}

export function checkPort(scope: IConstruct, prop: string, port: number): void {
  if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    fail(scope, { prop, problem: 'is not a port number', received: port, allowed: '1 to 65535', fix: `set ${prop} to a free port` });
  }
}

