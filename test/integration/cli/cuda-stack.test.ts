// The Debian CUDA stack (torch-2.6-cuda-debian13) built for real from the Debian mirror, with the cuDNN ABI
// stand-in in place of NVIDIA's archive (test/fixtures/cuda/standin-stack.ts); its jobs run on CPU bare metal and
// in a container, and a bare-metal job with --gpus gets the host's driver (the stand-in driver). It downloads
// about 2.4 GB and makes a 7 GB image, so it runs only when asked:
//   DEPLOYBENCH_BUILD_CUDA_STACK=1 npx vitest run test/integration/cli/cuda-stack.test.ts
// CI does not set it; the stack's plan is checked in every run by test/unit/matrix/load.test.ts,
// test/unit/images/cudnn-standin.test.ts and test/integration/cli/site-files.test.ts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign, type LoadedCampaign } from '../../../harness/results/store.ts';
import type { RunRecord } from '../../../harness/results/schema.ts';
import { FAKE_CUDA_VERSION, LIBCUDA_PROBE, makeFakeDriver } from '../../fixtures/cuda/fake-driver.ts';
import { CUDA_STACK, standinImagesDir } from '../../fixtures/cuda/standin-stack.ts';
import { cli } from '../../helpers/cli.ts';

const asked = process.env.DEPLOYBENCH_BUILD_CUDA_STACK === '1';

const MATRIX = `name: cuda-stack-cpu
stacks: [${CUDA_STACK}]
deployments: [bare-metal, container]
jobs: [train, infer]
workload:
  preset: tiny
repetitions: 1
warmup: 0
`;

describe.runIf(asked)(`${CUDA_STACK} built from the Debian mirror (cuDNN stand-in), jobs on CPU`, () => {
  let dir = '';
  let tag = '';
  let loaded: LoadedCampaign;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deploybench-cuda-stack-'));
    env.DEPLOYBENCH_IMAGES_DIR = await standinImagesDir(dir);
    env.DEPLOYBENCH_RESULTS_DIR = join(dir, 'results');
    env.DEPLOYBENCH_REPORTS_DIR = join(dir, 'reports');
    const t0 = performance.now();
    const built = await cli(['build', CUDA_STACK], env);
    expect(built.exitCode, built.all).toBe(0);
    tag = /(deploybench\/[\w.-]+:[0-9a-f]{12})/.exec(built.stdout)?.[1] ?? '';
    const size = await execa('docker', ['image', 'inspect', tag, '--format', '{{.Size}}']);
    console.log(
      `${CUDA_STACK}: ${built.stdout.trim()}; ${((performance.now() - t0) / 1000).toFixed(0)} s in this test; image ${(Number(size.stdout) / 2 ** 30).toFixed(2)} GiB`,
    );
    const file = join(dir, 'matrix.yaml');
    await writeFile(file, MATRIX);
    const run = await cli(['run', file, '--no-report'], env);
    expect(run.exitCode, run.all).toBe(0);
    loaded = await loadCampaign(run.stdout.trim().split('\n').pop() ?? '');
  }, 3_600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('has torch 2.6.0 built for CUDA 12.4, no usable GPU here, the stand-in marked, no Debian driver library left', async () => {
    const probe = await execa('docker', [
      'run',
      '--rm',
      '--network=none',
      tag,
      'sh',
      '-c',
      `python3 -c "import torch; print(torch.__version__, torch.version.cuda, torch.cuda.is_available())"; ` +
        'head -1 /etc/deploybench/cudnn-standin; ldconfig -p | grep -E "lib(cuda|nvidia-ml)\\.so" || true; ' +
        "find / -xdev -type f \\( -name 'libcuda.so*' -o -name 'libnvidia-ml.so*' \\) -not -path '*/stubs/*'",
    ]);
    const [versions, marker, ...driverLibs] = probe.stdout.trim().split('\n');
    expect(versions).toMatch(/^2\.6\.0\S* 12\.4 False$/);
    expect(marker).toMatch(/^cuDNN stand-in \(deploybench CUDNN=standin\): not NVIDIA's cuDNN; \d+ functions/);
    // Debian's libcuda1 and libnvidia-ml1 files are gone (their dangling `alternatives` links and the CUDA
    // toolkit's link-time stubs/ stay; neither is in the loader's cache).
    expect(driverLibs).toEqual([]);
  });

  it('runs train and infer on CPU, bare metal and in a container, all ok, with the CUDA build in the fingerprint', () => {
    expect(loaded.runs.map((r) => `${r.record.deployment}/${r.record.job.name}:${r.record.status}`).sort()).toEqual([
      'bare-metal/infer:ok',
      'bare-metal/train:ok',
      'container/infer:ok',
      'container/train:ok',
    ]);
    for (const { record } of loaded.runs) {
      expect(String(record.job.framework?.version)).toMatch(/^2\.6\.0/);
      expect(record.job.framework?.cuda).toBe('12.4');
      expect(record.job.framework?.device).toBe('cpu');
      expect(record.job.framework?.cudnn ?? null).toBeNull();
      expect(record.wallSeconds).toBeGreaterThan(0.5);
      expect(record.memory.peakBytes).toBeGreaterThan(50 * 2 ** 20);
    }
  });

  it('bare metal with --gpus gives a job of this image the host driver (stand-in): libcuda.so.1 only from the host', async () => {
    const driver = await makeFakeDriver(join(dir, 'driver'));
    const probe = `${LIBCUDA_PROBE}; import torch; print('torch cuda', torch.version.cuda)`;
    const measure = (gpus: string[]) =>
      cli(['measure', '--image', tag, '--deployment', 'bare-metal', '--json', ...gpus, '--', 'python3', '-c', probe], {
        ...env,
        ...driver.env,
      });
    const withGpus = await measure(['--gpus', 'all']);
    const record = JSON.parse(withGpus.stdout) as RunRecord;
    expect(record.status, withGpus.stderr).toBe('ok');
    expect(withGpus.stderr).toContain(`probe ${FAKE_CUDA_VERSION} /usr/lib/deploybench-host-driver/libcuda.so.1\n`);
    expect(withGpus.stderr).toContain('torch cuda 12.4');
    expect(record.hostDriver?.injected.map((i) => i.soname)).toEqual(['libcuda.so.1', 'libnvidia-ml.so.1']);
    // Without --gpus nothing is injected, and the image has no libcuda.so.1 of its own (Debian's was removed).
    const without = await measure([]);
    expect(without.stderr).toContain('OSError: libcuda.so.1: cannot open shared object file');
  }, 300_000);
});
