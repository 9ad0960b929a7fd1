// A matrix that asks for GPUs on a host that has one (the NVML stand-in, the real ABI) but whose Docker
// engine has no NVIDIA runtime and no CDI device (this engine): the container runs are `unsupported` with
// the reason and the toolkit fix, before anything is built or started; the bare-metal runs of the same
// stack run. `measure --gpus` into a container on such an engine is a clear environment error.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineGpu } from '../../../harness/executors/engine-gpu.ts';
import { loadCampaign } from '../../../harness/results/store.ts';
import { buildFakeNvml } from '../../fixtures/build.ts';
import { writeFakeNvmlScript } from '../../fixtures/nvml/fake-nvml.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';

const skip = await skipWithoutDocker();

describe.skipIf(skip)('GPUs asked of an engine without the NVIDIA toolkit', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    // The premise: this engine offers no GPU to containers (were it to, this test would say so, not pass).
    const engine = await engineGpu();
    expect(engine.nvidia || engine.cdiDevices.length > 0, JSON.stringify(engine)).toBe(false);
    dir = await mkdtemp(join(tmpdir(), 'deploybench-cgpu-'));
    const script = await writeFakeNvmlScript({
      driver: '550.54.15',
      devices: [
        {
          uuid: 'GPU-11111111-2222-3333-4444-555555555555',
          name: 'NVIDIA H100',
          totalBytes: 80e9,
          usedBytes: 1e9,
          util: [0, 0],
        },
      ],
    });
    env = {
      DEPLOYBENCH_NVML_LIB: await buildFakeNvml(),
      FAKE_NVML_SCRIPT: script.path,
      DEPLOYBENCH_RESULTS_DIR: join(dir, 'results'),
      DEPLOYBENCH_REPORTS_DIR: join(dir, 'reports'),
    };
    await mkdir(join(dir, 'code'), { recursive: true });
    await writeFile(
      join(dir, 'code', 'job.py'),
      'import json\njson.dump({"metrics": {"one": 1}}, open("/out/result.json", "w"))\n',
    );
    await writeFile(
      join(dir, 'gpu.yaml'),
      `name: gpu-on-plain-engine
stacks: [torch-1.13-debian12]
deployments: [container, bare-metal]
gpu: { count: 1 }
workload: { name: gpu-probe, code: code, jobs: { probe: [python3, /code/job.py] } }
repetitions: 1
warmup: 0
`,
    );
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records the container runs as unsupported with the fix and runs the bare-metal ones', async () => {
    const r = await cli(['run', join(dir, 'gpu.yaml')], env);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toContain('unsupported here: container runs: this Docker engine');
    const loaded = await loadCampaign(r.stdout.trim().split('\n').pop()!);
    const by = new Map(loaded.runs.map(({ record }) => [record.deployment, record]));
    expect(loaded.runs).toHaveLength(2);
    const container = by.get('container')!;
    expect(container.status).toBe('unsupported');
    expect(container.error).toMatch(/has no NVIDIA runtime and no NVIDIA CDI device/);
    expect(container.error).toMatch(/nvidia-container-toolkit/);
    expect(container.error).toMatch(/nvidia-ctk cdi generate/);
    expect(by.get('bare-metal')!.status, by.get('bare-metal')!.error ?? '').toBe('ok');
    expect(by.get('bare-metal')!.job.metrics).toMatchObject({ one: 1 });
  }, 300_000);

  it('measure --gpus into a container is an environment error (exit 3) with the fix', async () => {
    const image = (await cli(['build', 'torch-1.13-debian12'])).all?.match(
      /deploybench\/torch-1\.13-debian12:[0-9a-f]+/,
    )?.[0];
    expect(image).toBeTruthy();
    const r = await cli(['measure', '--image', image!, '--gpus', '1', '--', 'true'], env);
    expect(r.exitCode, r.all).toBe(3);
    expect(r.stderr).toMatch(/error E_GPU_UNAVAILABLE: this Docker engine \(.+\) has no NVIDIA runtime/);
    expect(r.stderr).toMatch(/fix: install nvidia-container-toolkit/);
    const cdi = await cli(['measure', '--image', image!, '--gpus', 'nvidia.com/gpu=0', '--', 'true'], env);
    expect(cdi.exitCode, cdi.all).toBe(3);
    expect(cdi.stderr).toMatch(/names CDI devices \(nvidia\.com\/gpu=0\) but this Docker engine/);
    const bad = await cli(['measure', '--image', image!, '--gpus', 'nvidia.com/gpu', '--', 'true'], env);
    expect(bad.exitCode).toBe(2);
  }, 120_000);
});
