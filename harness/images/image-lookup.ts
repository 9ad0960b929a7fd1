// Whether an image is there, asked of the engine's local socket with one HTTP request: dockerode (with its
// protobuf, gRPC and SSH dependencies) takes longer to load than `deploybench list` may take in all.
import { request } from 'node:http';

const SOCKET = '/var/run/docker.sock';

// GET `path` on the engine's unix socket: status code and body.
function get(socketPath: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', headers: { host: 'docker' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Image id of a local image, or null when it is not there; rejects when the engine does not answer. Talks to
 * the local socket (DOCKER_HOST unset or unix://); any other DOCKER_HOST (tcp, TLS, ssh) goes through dockerode.
 */
export async function localImageId(tag: string): Promise<string | null> {
  const host = process.env.DOCKER_HOST;
  if (host && !host.startsWith('unix://')) return (await import('./docker.ts')).imageId(tag);
  const { status, body } = await get(host ? host.slice('unix://'.length) : SOCKET, `/images/${tag}/json`);
  if (status === 404) return null;
  if (status !== 200)
    throw new Error(`the Docker engine answered ${status} to an image inspect of ${tag}: ${body.trim()}`);
  return (JSON.parse(body) as { Id: string }).Id;
}
