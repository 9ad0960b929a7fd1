// How a container gets its GPUs: the nvidia driver, CDI names, or `unsupported` with the fix, from what the
// engine offers; and the NVIDIA devices of CDI specs as nvidia-ctk writes them (YAML and JSON).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cdiNvidiaDevices, planGpu, type EngineGpu, type GpuPlan } from '../../../harness/executors/engine-gpu.ts';

const none: EngineGpu = { version: '20.10.24', nvidia: false, cdi: false, cdiDevices: [] };
const cdi: EngineGpu = {
  version: '28.2.2',
  nvidia: false,
  cdi: true,
  cdiDevices: ['nvidia.com/gpu=0', 'nvidia.com/gpu=1', 'nvidia.com/gpu=all', 'nvidia.com/gpu=GPU-1234'],
};

const reasonOf = (p: GpuPlan): string => ('reason' in p ? p.reason : `granted via ${p.via}`);
const fixOf = (p: GpuPlan): string => ('fix' in p ? p.fix : '');

describe('planGpu', () => {
  it('uses the nvidia driver when the engine has it, with -1 for all GPUs', () => {
    expect(planGpu({ ...none, nvidia: true }, { count: 'all' })).toEqual({
      request: { Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] },
      via: 'the nvidia driver',
    });
    expect(planGpu({ ...cdi, nvidia: true }, { count: 2 })).toMatchObject({ request: { Driver: 'nvidia', Count: 2 } });
  });

  it('falls back to CDI names: =all for all, else the first numbered GPUs', () => {
    expect(planGpu(cdi, { count: 'all' })).toEqual({
      request: { Driver: 'cdi', DeviceIDs: ['nvidia.com/gpu=all'] },
      via: 'CDI nvidia.com/gpu=all',
    });
    expect(planGpu(cdi, { count: 2 })).toMatchObject({
      request: { DeviceIDs: ['nvidia.com/gpu=0', 'nvidia.com/gpu=1'] },
    });
    expect(reasonOf(planGpu(cdi, { count: 3 }))).toMatch(/no NVIDIA runtime/);
  });

  it('passes CDI names asked for, and refuses names the specs do not have or an engine without CDI', () => {
    expect(planGpu(cdi, { count: 'all', devices: ['nvidia.com/gpu=1'] })).toEqual({
      request: { Driver: 'cdi', DeviceIDs: ['nvidia.com/gpu=1'] },
      via: 'CDI nvidia.com/gpu=1',
    });
    const missing = planGpu(cdi, { count: 'all', devices: ['nvidia.com/gpu=7'] });
    expect(reasonOf(missing)).toContain('nvidia.com/gpu=7');
    expect(fixOf(missing)).toContain('nvidia-ctk cdi list');
    const off = planGpu({ ...none, nvidia: true }, { count: 'all', devices: ['nvidia.com/gpu=0'] });
    expect(reasonOf(off)).toContain('CDI off or is older than 25');
  });

  it('names the toolkit in the fix when the engine offers neither', () => {
    const plan = planGpu(none, { count: 1 });
    expect(reasonOf(plan)).toBe(
      'this Docker engine (20.10.24) has no NVIDIA runtime and no NVIDIA CDI device, so a container cannot see a GPU',
    );
    expect(fixOf(plan)).toContain('nvidia-container-toolkit');
  });
});

describe('cdiNvidiaDevices', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('lists kind=name of nvidia.com/gpu specs in YAML and JSON, and skips other kinds and broken files', async () => {
    const a = await mkdtemp(join(tmpdir(), 'cdi-a-'));
    const b = await mkdtemp(join(tmpdir(), 'cdi-b-'));
    dirs.push(a, b);
    await writeFile(
      join(a, 'nvidia.yaml'),
      [
        'cdiVersion: 0.5.0',
        'kind: nvidia.com/gpu',
        'devices:',
        '- name: "0"',
        '  containerEdits: { deviceNodes: [{ path: /dev/nvidia0 }] }',
        '- name: all',
        '  containerEdits: { deviceNodes: [{ path: /dev/nvidia0 }] }',
        'containerEdits: {}',
      ].join('\n'),
    );
    await writeFile(
      join(b, 'more.json'),
      JSON.stringify({ cdiVersion: '0.6.0', kind: 'nvidia.com/gpu', devices: [{ name: 'GPU-abc' }] }),
    );
    await writeFile(join(b, 'other.json'), JSON.stringify({ kind: 'vendor.com/fpga', devices: [{ name: '0' }] }));
    await writeFile(join(b, 'broken.yaml'), 'kind: [unclosed');
    await writeFile(join(b, 'notes.txt'), 'kind: nvidia.com/gpu');
    expect(await cdiNvidiaDevices([a, b, join(b, 'absent')])).toEqual([
      'nvidia.com/gpu=0',
      'nvidia.com/gpu=all',
      'nvidia.com/gpu=GPU-abc',
    ]);
  });
});
