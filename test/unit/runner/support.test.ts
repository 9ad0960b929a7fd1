import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';
import { loadStack } from '../../../harness/images/stacks.ts';
import { loadMatrix } from '../../../harness/matrix/load.ts';
import { frameworkMismatches, metricMismatches } from '../../../harness/runner/checks.ts';
import { unsupportedReason } from '../../../harness/runner/support.ts';
import type { RunRecord } from '../../../harness/results/schema.ts';
import { testHost } from '../../helpers/host-fingerprint.ts';

describe('unsupportedReason', () => {
  it('CPU stacks run anywhere', async () => {
    expect(unsupportedReason((await loadStack('torch-2.6-debian13')).spec, [])).toBeNull();
  });

  it('GPU stacks need a GPU', async () => {
    expect(unsupportedReason((await loadStack('torch-2.6.0-cu118')).spec, [])).toMatch(/needs an NVIDIA GPU/);
  });

  it('CUDA 10.2 wheels have no kernels for Hopper, CUDA 11.8 ones do', async () => {
    const h200 = [{ name: 'NVIDIA H200', computeCapability: '9.0' }];
    expect(unsupportedReason((await loadStack('torch-1.10.2-cu102')).spec, h200)).toMatch(
      /compute capability 3\.7 to 7\.5; this host's NVIDIA H200 is 9\.0/,
    );
    expect(unsupportedReason((await loadStack('torch-2.6.0-cu118')).spec, h200)).toBeNull();
    expect(
      unsupportedReason((await loadStack('torch-1.10.2-cu102')).spec, [
        { name: 'Tesla V100', computeCapability: '7.0' },
      ]),
    ).toBeNull();
  });
});

describe('the paper GPU stacks are correct by construction', () => {
  for (const name of ['torch-1.10.2-cu102', 'torch-2.6.0-cu118']) {
    it(`${name}: pinned torch matches framework.version, Dockerfile takes every build argument, registry and GPU declared`, async () => {
      const stack = await loadStack(name);
      const { spec } = stack;
      expect(spec.requires).toEqual({ gpu: true, registry: true });
      expect(spec.base.kind).toBe('image');
      expect(spec.buildArgs.TORCH_VERSION).toBe(`${spec.framework.version}+cu${spec.framework.cuda!.replace('.', '')}`);
      expect(spec.buildArgs.NUMPY_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
      const dockerfile = await readFile(join(stack.dir, 'Dockerfile'), 'utf8');
      expect(dockerfile).toMatch(/^ARG BASE_IMAGE\nFROM \$\{BASE_IMAGE\}$/m);
      for (const arg of Object.keys(spec.buildArgs)) expect(dockerfile).toContain(`ARG ${arg}`);
      expect(dockerfile).toContain('COPY workload/ /opt/deploybench/workload/');
      expect(dockerfile).toContain("assert torch.__version__ == '${TORCH_VERSION}'");
    });
  }

  it('scenarios/paper-gpu.yaml loads: the paper preset with GPUs requested', async () => {
    const { matrix } = await loadMatrix(join(PROJECT_ROOT, 'scenarios/paper-gpu.yaml'));
    expect(matrix.stacks).toEqual(['torch-1.10.2-cu102', 'torch-2.6.0-cu118', 'torch-2.6-cuda-debian13']);
    expect((matrix.workload as { preset?: string }).preset).toBe('paper');
    expect(matrix.gpu).toEqual({ count: 'all' });
  });
});

function rec(
  stack: string,
  deployment: RunRecord['deployment'],
  fw: Record<string, unknown>,
  metrics: Record<string, unknown>,
): RunRecord {
  return {
    stack,
    deployment,
    status: 'ok',
    job: { name: 'infer', reported: true, framework: fw, metrics },
  } as unknown as RunRecord;
}

describe('campaign checks', () => {
  const fw = { name: 'torch', version: '2.6.0', python: '3.13.5', threads: 2 };
  it('flags a framework fingerprint that differs between deployments of a stack', () => {
    expect(frameworkMismatches([rec('s', 'bare-metal', fw, {}), rec('s', 'container', fw, {})])).toEqual([]);
    const w = frameworkMismatches([rec('s', 'bare-metal', fw, {}), rec('s', 'container', { ...fw, threads: 1 }, {})]);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('stack s: the framework fingerprint differs between bare-metal');
  });

  it('flags quality metrics that differ beyond 6 decimals between deployments', () => {
    expect(
      metricMismatches([rec('s', 'bare-metal', fw, { f1: 0.5 }), rec('s', 'container', fw, { f1: 0.5000000001 })]),
    ).toEqual([]);
    expect(
      metricMismatches([rec('s', 'bare-metal', fw, { f1: 0.5 }), rec('s', 'container', fw, { f1: 0.51 })]),
    ).toEqual(['stack s infer: quality metrics differ between bare-metal and container']);
  });

  it('compares the session counts, g, h and byK of the reference workload too, not only the ratios', () => {
    const m = { topk: 3, window: 10, tp: 28, fp: 0, tn: 21, fn: 27, precision: 1, byK: { '1': { tp: 30, fp: 21 } } };
    expect(metricMismatches([rec('s', 'bare-metal', fw, m), rec('s', 'container', fw, { ...m })])).toEqual([]);
    const differ = (other: Record<string, unknown>): string[] =>
      metricMismatches([rec('s', 'bare-metal', fw, m), rec('s', 'container', fw, { ...m, ...other })]);
    for (const other of [{ tn: 20 }, { window: 5 }, { topk: 9 }, { byK: { '1': { tp: 30, fp: 20 } } }])
      expect(differ(other), JSON.stringify(other)).toEqual([
        'stack s infer: quality metrics differ between bare-metal and container',
      ]);
  });
});

describe('gpusOf', () => {
  it('keeps only CUDA devices NVML listed, with their compute capability', async () => {
    const { gpusOf } = await import('../../../harness/runner/unsupported.ts');
    const gpu = { uuid: null, memoryTotalBytes: null, driverVersion: null };
    const host = testHost({
      gpus: [
        { ...gpu, name: 'NVIDIA H200', computeCapability: '9.0', source: 'nvml' },
        { ...gpu, name: 'Cirrus Logic GD 5446', computeCapability: null, source: 'systeminformation' },
      ],
    });
    expect(gpusOf(host)).toEqual([{ name: 'NVIDIA H200', computeCapability: '9.0' }]);
    expect(gpusOf(testHost())).toEqual([]);
  });
});

describe('GPU requirements checked up front', () => {
  const h200 = [{ name: 'NVIDIA H200', computeCapability: '9.0', driverVersion: '550.54.14' }];
  it('a CPU-capable CUDA stack is unsupported only where the matrix asks for GPUs on a host without one', async () => {
    const spec = (await loadStack('torch-2.6-cuda-debian13')).spec;
    expect(unsupportedReason(spec, [])).toBeNull();
    expect(unsupportedReason(spec, [], { matrixWantsGpu: true })).toMatch(
      /this matrix needs an NVIDIA GPU .* has none/,
    );
    expect(unsupportedReason(spec, h200, { matrixWantsGpu: true })).toBeNull();
  });
  it("a driver older than the stack's CUDA needs makes its runs unsupported, with the fix", async () => {
    const spec = (await loadStack('torch-2.6-cuda-debian13')).spec;
    const old = [{ ...h200[0]!, driverVersion: '470.256.02' }];
    expect(unsupportedReason(spec, old, { matrixWantsGpu: true })).toBe(
      "torch-2.6-cuda-debian13 is built for CUDA 12.4, which needs NVIDIA driver 525.60.13 or newer; this host's driver is 470.256.02 (update the driver, or use a stack built for an older CUDA)",
    );
    const cu118 = (await loadStack('torch-2.6.0-cu118')).spec;
    expect(unsupportedReason(cu118, old)).toBeNull();
  });
});
