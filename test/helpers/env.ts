import Docker from 'dockerode';

/** Whether the Docker engine answers. */
export async function dockerAvailable(): Promise<boolean> {
  try {
    await new Docker().ping();
    return true;
  } catch {
    return false;
  }
}

/**
 * True when tests needing root and Docker must be skipped: only outside CI. In CI (CI=true) this is
 * always false, so a missing engine makes those tests fail rather than skip.
 */
export async function skipWithoutDocker(): Promise<boolean> {
  if (process.env.CI === 'true') return false;
  return process.getuid?.() !== 0 || !(await dockerAvailable());
}
