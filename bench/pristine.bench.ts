// What bare metal's pristine filesystem costs per run: a fresh overlay over the image's own layers, the
// job's mount points in it, the scan of what the job wrote, and the unmount and removal afterwards.
// Needs root and the torch-2.6-debian13 image (`deploybench build torch-2.6-debian13`).
import { execa } from 'execa';
import { ensureImage } from '../harness/images/build.ts';
import { loadStack } from '../harness/images/stacks.ts';
import {
  makeMountPoint,
  mountRunRoot,
  releaseRunRoot,
  rootLayers,
  writesIn,
} from '../harness/executors/pristine-root.ts';
import { unmountAllUnder } from '../harness/executors/rootfs.ts';
import { median } from '../harness/stats/descriptive.ts';

const N = 30;
const image = await ensureImage(await loadStack('torch-2.6-debian13'));
const layers = await rootLayers(image.tag, () => undefined);
const setup: number[] = [];
const teardown: number[] = [];
for (let i = 0; i < N; i++) {
  const t0 = performance.now();
  const run = await mountRunRoot(layers, `bench-pristine-${process.pid}-${i}`);
  for (const d of ['/proc', '/data', '/out']) await makeMountPoint(run.root, d, run.created);
  await execa('mount', ['-t', 'proc', 'proc', `${run.root}/proc`]);
  const t1 = performance.now();
  await writesIn(run.upper, run.created);
  await releaseRunRoot(run, unmountAllUnder);
  const t2 = performance.now();
  setup.push((t1 - t0) / 1000);
  teardown.push((t2 - t1) / 1000);
}
const fmt = (v: number): string => `${(v * 1000).toFixed(1)} ms`;
console.log(
  `image ${image.tag}, layers from ${layers.source} (${layers.lower.length} read-only layers, no copy of the image)`,
);
console.log(
  `per run, median of ${N}: set-up (overlay mount, mount points, /proc) ${fmt(median(setup))}; scan of the writable layer + unmount + removal ${fmt(median(teardown))}; total ${fmt(median(setup.map((s, i) => s + teardown[i]!)))}`,
);
console.log(
  `  (max ${fmt(Math.max(...setup.map((s, i) => s + teardown[i]!)))}; the harness's other per-run mounts (/sys, /dev, binds) are the same as before)`,
);
