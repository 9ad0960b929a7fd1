import Docker from 'dockerode';
import { HarnessError } from '../core/errors.ts';
import { ownerAlive, runOwner } from '../core/owner.ts';

let client: Docker | undefined;

/** The Docker client (DOCKER_HOST or the local socket). */
export function docker(): Docker {
  client ??= new Docker();
  return client;
}

/** Label put on every container and image deploybench creates, so leftovers can be found and removed. */
export const LABEL = 'io.deploybench';

/** Fails with a clear error unless the Docker engine answers. */
export async function ensureDocker(): Promise<Docker> {
  const d = docker();
  try {
    await d.ping();
  } catch (cause) {
    throw new HarnessError('E_DOCKER_UNAVAILABLE', `the Docker engine does not answer (${(cause as Error).message})`, {
      fix: '`deploybench setup` (as root) installs and starts it, or prints how; or set DOCKER_HOST to where one runs',
      cause,
    });
  }
  return d;
}

/** Image id of a local image, or null when it is not there. */
export async function imageId(tag: string): Promise<string | null> {
  try {
    const info = await docker().getImage(tag).inspect();
    return info.Id;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

/** Label holding the PID of the harness process that created a container (see `removeDeadOwnerContainers`). */
export const OWNER_PID_LABEL = `${LABEL}.pid`;

/**
 * Removes the job containers whose harness process is gone (SIGKILLed, crashed, or exited without
 * clean-up), running or not; containers of a live harness (another campaign running now) are left alone.
 * The owner is the `${LABEL}.pid` label, else the PID in the run id (`${LABEL}.run`). Returns their run ids.
 */
export async function removeDeadOwnerContainers(): Promise<string[]> {
  const list = await docker().listContainers({ all: true, filters: { label: [`${LABEL}=job`] } });
  const removed: string[] = [];
  for (const c of list) {
    const run = c.Labels[`${LABEL}.run`] ?? '';
    const owner = runOwner(run);
    const pid = Number(c.Labels[OWNER_PID_LABEL] ?? owner?.pid ?? NaN);
    if (!Number.isInteger(pid) || ownerAlive(pid, owner?.createdMs)) continue;
    try {
      await docker().getContainer(c.Id).remove({ force: true });
      removed.push(run || c.Id.slice(0, 12));
    } catch (error) {
      // Removed meanwhile (AutoRemove, another start): nothing left to do.
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }
  return removed;
}

/** Fails with a one-line E_NOT_FOUND unless the engine answers and has the image `tag` (no pull: registries may be unreachable). */
export async function requireLocalImage(tag: string): Promise<string> {
  await ensureDocker();
  const id = await imageId(tag);
  if (id === null) {
    throw new HarnessError('E_NOT_FOUND', `image "${tag}" is not on this machine's Docker engine`, {
      fix: '`docker images` lists the local ones; for a stack use --stack NAME (built on demand), or `docker pull` / `docker load` the image first',
    });
  }
  return id;
}
