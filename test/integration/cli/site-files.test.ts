// A stack that needs a file only the site can provide (Debian's CUDA stack needs NVIDIA's cuDNN archive,
// which its installer package would download) is refused at once, before any download, with the fix.
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.ts';

describe('stacks with site-provided files', () => {
  it('build of torch-2.6-cuda-debian13 without the cuDNN archive: one clear error, exit 3 (set-up), in about a second', async () => {
    const t0 = performance.now();
    const r = await cli(['build', 'torch-2.6-cuda-debian13']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(
      'torch-2.6-cuda-debian13 cannot be built: images/torch-2.6-cuda-debian13/site/cudnn-linux-x86_64-9.0.0.312_cuda12-archive.tar.xz is missing',
    );
    expect(r.stderr).toContain('copy it into images/torch-2.6-cuda-debian13/site/');
    expect(r.stderr).toMatch(/^deploybench: error E_BUILD_FAILED: torch-2\.6-cuda-debian13 cannot be built/m);
    expect(r.stderr).not.toContain('    at ');
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
