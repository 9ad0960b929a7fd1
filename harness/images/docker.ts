import Docker from 'dockerode';
import { HarnessError } from '../core/errors.ts';

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
      fix: 'install and start it: apt-get install -y docker.io && (dockerd > /var/log/dockerd.log 2>&1 &); or set DOCKER_HOST',
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

/** Removes containers labelled by deploybench that are left from crashed runs. */
export async function removeLeftoverContainers(): Promise<number> {
  const list = await docker().listContainers({ all: true, filters: { label: [LABEL] } });
  await Promise.all(list.map((c) => docker().getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  return list.length;
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
