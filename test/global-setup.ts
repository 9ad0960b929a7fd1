// Global test setup. In CI the real Docker engine and root are prerequisites, so their absence fails the run
// instead of letting Docker tests skip (outside CI those tests skip with a reason, see helpers/env.ts).
// Where Docker is there, the two CPU stack images are built (or found in the cache) once, up front: a build
// from nothing takes minutes, longer than any single test may.
import Docker from 'dockerode';
import { ensureImage } from '../harness/images/build.ts';
import { loadStack } from '../harness/images/stacks.ts';

export default async function setup(): Promise<void> {
  const ci = process.env.CI === 'true';
  const root = process.getuid?.() === 0;
  let docker = true;
  try {
    await new Docker().ping();
  } catch (error) {
    if (ci)
      throw new Error(
        `CI=true: the Docker engine does not answer (${(error as Error).message}); deploybench setup --for-tests (npm test's pretest, also run by .ci/run) starts it`,
      );
    docker = false;
  }
  if (ci && !root) throw new Error('CI=true: the tests must run as root (cgroups, chroot, Docker)');
  if (!docker || !root) return;
  for (const name of ['torch-1.13-debian12', 'torch-2.6-debian13']) {
    const t0 = performance.now();
    const image = await ensureImage(await loadStack(name));
    process.stderr.write(
      `[global setup] ${name}: ${image.built ? 'built' : 'cached'} ${image.tag} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
    );
  }
}
