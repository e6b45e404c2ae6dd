import { execFileSync } from 'child_process';
import * as path from 'path';

// `npm run bench` compares the library with cdk8s-plus-28 and a raw KubeDaemonSet configured by hand
// to write the library's default output byte for byte, and stops when they differ. A change to the
// library's defaults must update those baselines in the same commit: this runs the bench's worker
// (against the compiled lib/, as the bench does) and compares the hashes.

const worker = path.join(__dirname, '..', '..', 'bench', 'worker.js');

function sample(variant: string, n: number): { objects: number; sha256: string } {
  const out = execFileSync(process.execPath, [worker, variant, String(n)], { encoding: 'utf-8' });
  const { objects, sha256 } = JSON.parse(out.trim().split('\n').pop()!);
  return { objects, sha256 };
}

test.each([1, 3])('the same-output baselines write the library\'s default DaemonSet byte for byte (%i DaemonSets)', n => {
  const library = sample('daemonset', n);
  expect(library.objects).toBeGreaterThan(n);
  expect(sample('kplus-same-output', n)).toEqual(library);
  expect(sample('raw-same-output', n)).toEqual(library);
});
