import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile, truncate } from 'node:fs/promises';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  jobResultJsonSchemaText,
  readJobResultFile,
  RESULT_MAX_BYTES,
  throughputsOf,
  validateJobResult,
} from '../../../harness/results/job-result.ts';

describe('the result.json contract', () => {
  it('keeps a valid file whole, extra fields included', () => {
    const raw = {
      metrics: { f1: 0.9, auc: null, labelled: true, byK: { '1': { f1: 0.5 } } },
      throughput: { samples: { value: 1200, unit: 'samples/s' }, windowsPerSecond: 3.5 },
      phases: { train: 1.5, epochs: [0.5, 0.5] },
      info: { note: 'x' },
      lossCurve: [1, 0.5],
    };
    expect(validateJobResult(raw)).toEqual({ value: raw, warnings: [] });
  });

  it('drops only the bad entries of a mapping, each with a warning naming the field', () => {
    const { value, warnings } = validateJobResult({
      metrics: { f1: 0.9, grade: 'high' },
      phases: { train: -1, load: 0.2 },
      throughput: { a: { value: 3 } },
    });
    expect(value).toEqual({ metrics: { f1: 0.9 }, phases: { load: 0.2 }, throughput: {} });
    expect(warnings).toEqual([
      'result.json metrics.grade: expected a number, null, a boolean or a nested object; ignored',
      'result.json throughput.a: expected { value, unit } (e.g. { "value": 1200, "unit": "samples/s" }), a number or null; ignored',
      'result.json phases.train: expected seconds >= 0; ignored',
    ]);
  });

  it('drops a field of the wrong kind with a warning', () => {
    expect(validateJobResult({ metrics: [1, 2], info: 'text' })).toEqual({
      value: {},
      warnings: [
        'result.json metrics: Invalid input: expected record, received array; field metrics ignored',
        'result.json info: Invalid input: expected record, received string; field info ignored',
      ],
    });
    expect(validateJobResult([1])).toEqual({
      value: null,
      warnings: ['result.json: expected a JSON object at the top level; ignored'],
    });
  });

  it('reads no file as no report and no warning; a broken or oversized one as a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-result-'));
    expect(await readJobResultFile(dir)).toEqual({ value: null, warnings: [], present: false });
    await writeFile(join(dir, 'result.json'), '{"metrics": {');
    const broken = await readJobResultFile(dir);
    expect(broken.present).toBe(true);
    expect(broken.warnings[0]).toMatch(/^result.json is not valid JSON \(.*\); ignored$/);
    await truncate(join(dir, 'result.json'), RESULT_MAX_BYTES + 1);
    expect((await readJobResultFile(dir)).warnings).toEqual([
      'result.json is 10.0 MiB, over the 10.0 MiB limit; ignored (write large outputs as other files in /out)',
    ]);
  });

  it('never follows a symbolic link (its target could be a host file) nor blocks on a FIFO: each is a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-result-'));
    const secret = join(dir, 'host-secret');
    await writeFile(secret, 'root:x:0:0:root:/root:/bin/bash\n');
    await symlink(secret, join(dir, 'result.json'));
    const linked = await readJobResultFile(dir);
    expect(linked).toEqual({
      value: null,
      warnings: ['result.json is a symbolic link; ignored (write it as a regular file in /out)'],
      present: true,
    });
    expect(JSON.stringify(linked)).not.toContain('root:');
    await rm(join(dir, 'result.json'));
    execFileSync('mkfifo', [join(dir, 'result.json')]);
    expect(await readJobResultFile(dir)).toEqual({
      value: null,
      warnings: ['result.json is not a regular file; ignored'],
      present: true,
    });
  });

  it('reads throughputs with their units; a bare xPerSecond number is in x/s', () => {
    expect([
      ...throughputsOf({
        windowsPerSecond: 12,
        samples: { value: 3, unit: 'samples/s' },
        bad: { value: null, unit: 'x' },
      }),
    ]).toEqual([
      ['windowsPerSecond', { value: 12, unit: 'windows/s' }],
      ['samples', { value: 3, unit: 'samples/s' }],
    ]);
  });

  it('is published as scenarios/result.schema.json, in step with the zod fields (regenerate: npm run schema)', async () => {
    expect(await readFile(join(PROJECT_ROOT, 'scenarios/result.schema.json'), 'utf8')).toBe(jobResultJsonSchemaText());
  });
});
