// Whether an image is there, asked of the engine's local socket with one HTTP request: dockerode (with its
// protobuf, gRPC and SSH dependencies) takes longer to load than `deploybench list` may take in all.
import { request } from 'node:http';

/** The engine's socket when DOCKER_HOST is unset (as dockerode and the docker CLI use it). */
export const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * The unix socket the harness talks to: DOCKER_HOST's path when it is unix://, the default socket when it is
 * unset, null for any other DOCKER_HOST (tcp, TLS, ssh), which only dockerode speaks.
 */
export function engineSocket(): string | null {
  const host = process.env.DOCKER_HOST;
  if (!host) return DEFAULT_SOCKET;
  return host.startsWith('unix://') ? host.slice('unix://'.length) : null;
}

/** GET `path` on the engine's unix socket: status code and body; rejects when nothing answers there. */
export function engineGet(socketPath: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', headers: { host: 'docker' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    // An engine that accepts but never answers (hung, still starting) must not hang the caller.
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer on ${socketPath} within 10 s`)));
    req.end();
  });
}

/**
 * Image id of a local image, or null when it is not there; rejects when the engine does not answer. Talks to
 * the local socket (DOCKER_HOST unset or unix://); any other DOCKER_HOST (tcp, TLS, ssh) goes through dockerode.
 */
export async function localImageId(tag: string): Promise<string | null> {
  const socket = engineSocket();
  if (socket === null) return (await import('./docker.ts')).imageId(tag);
  const { status, body } = await engineGet(socket, `/images/${tag}/json`);
  if (status === 404) return null;
  if (status !== 200)
    throw new Error(`the Docker engine answered ${status} to an image inspect of ${tag}: ${body.trim()}`);
  return (JSON.parse(body) as { Id: string }).Id;
}
