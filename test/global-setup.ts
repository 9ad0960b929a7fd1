// Global test setup: in CI the real Docker engine and root are prerequisites, so their absence fails the run
// instead of letting Docker tests skip. Outside CI, tests that need them skip with a reason (see test/helpers/env.ts).
import Docker from 'dockerode';

export default async function setup(): Promise<void> {
  if (process.env.CI !== 'true') return;
  if (process.getuid?.() !== 0) throw new Error('CI=true: the tests must run as root (cgroups, chroot, Docker)');
  try {
    await new Docker().ping();
  } catch (error) {
    throw new Error(`CI=true: the Docker engine does not answer (${(error as Error).message}); .ci/run must start dockerd`);
  }
}
