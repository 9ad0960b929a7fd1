import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash } from '../../harness/images/hash.ts';
import { docker, imageId, LABEL } from '../../harness/images/docker.ts';

/**
 * Builds (once, cached by content hash) a test image FROM scratch holding static busybox and the
 * static fixture programs of `binDir` in /bin: no registry needed.
 */
export async function scratchImage(binDir: string): Promise<string> {
  const hash = (await contentHash({}, { bin: binDir })).slice(0, 12);
  const tag = `deploybench-test/fixtures:${hash}`;
  if (await imageId(tag)) return tag;
  const ctx = await mkdtemp(join(tmpdir(), 'deploybench-scratch-'));
  try {
    await mkdir(join(ctx, 'bin'));
    await copyFile('/bin/busybox', join(ctx, 'bin', 'busybox'));
    for (const f of await readdir(binDir)) await copyFile(join(binDir, f), join(ctx, 'bin', f));
    await writeFile(
      join(ctx, 'Dockerfile'),
      'FROM scratch\nCOPY bin/ /bin/\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nENV PATH=/bin\n',
    );
    const stream = await docker().buildImage(
      { context: ctx, src: ['Dockerfile', 'bin'] },
      { t: tag, labels: { [LABEL]: 'test' }, rm: true, forcerm: true },
    );
    await new Promise<void>((resolve, reject) => {
      docker().modem.followProgress(stream, (err, out: { error?: string }[] | undefined) => {
        const failed = err ?? out?.find((o) => o.error)?.error;
        if (failed) reject(failed instanceof Error ? failed : new Error(String(failed)));
        else resolve();
      });
    });
  } finally {
    await rm(ctx, { recursive: true, force: true });
  }
  return tag;
}
