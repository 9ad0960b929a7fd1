import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../harness/results/store.ts';
import { cli } from '../../helpers/cli.ts';

// The `host` deployment runs the workload with an interpreter the matrix names (a team's own environment).
// Here: Debian's python3 with python3-torch, which .ci/run installs on the host.
const python = '/usr/bin/python3';
const hasTorch = (await execa(python, ['-c', 'import torch, numpy'], { reject: false })).exitCode === 0;
const skip = !hasTorch && process.env.CI !== 'true';

describe.skipIf(skip || process.getuid?.() !== 0)('the host deployment', () => {
  it('runs train and infer with the named interpreter, measured in a job cgroup', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-host-'));
    const matrix = join(dir, 'host.yaml');
    await writeFile(
      matrix,
      `name: host-check\nstacks: [torch-1.13-debian12]\ndeployments: [host]\njobs: [train, infer]\nworkload: { preset: tiny }\nrepetitions: 1\nhost: { python: ${python} }\n`,
    );
    const r = await cli(['run', matrix, '--no-report'], { DEPLOYBENCH_RESULTS_DIR: join(dir, 'results') });
    expect(r.exitCode, r.all).toBe(0);
    const loaded = await loadCampaign(r.stdout.trim().split('\n').pop()!);
    expect(loaded.runs.map((x) => [x.record.scenario, x.record.job.name, x.record.status, x.record.executor])).toEqual([
      ['torch-1.13-debian12@host', 'infer', 'ok', 'host'],
      ['torch-1.13-debian12@host', 'train', 'ok', 'host'],
    ]);
    for (const { record } of loaded.runs) {
      expect(record.command[0]).toBe(python);
      expect(record.cpu.avgPercent).toBeGreaterThan(10);
      expect(record.memory.peakBytes).toBeGreaterThan(50 * 1024 * 1024);
    }
  });
});
