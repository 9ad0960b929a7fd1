// `run --resume` reads the stored campaign through its schema: a hand-edited broken matrix is refused
// before anything runs or moves, and a schemaVersion 1 campaign is continued and written back as the
// current version. In-process with fake executors (their figures are not measurements).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.ts';
import { freshResults, isolateFromHost, readBack, runFake, writeMatrix } from '../../helpers/fake-campaign.ts';

vi.mock('../../../harness/sampling/cgroup-stale.ts', () => ({
  cleanupStaleCgroups: () => Promise.resolve({ removed: [], kept: [] }),
}));
isolateFromHost();

type Json = Record<string, unknown>;

async function editCampaign(dir: string, edit: (c: Json) => void): Promise<void> {
  const file = join(dir, 'campaign.json');
  const c = JSON.parse(await readFile(file, 'utf8')) as Json;
  edit(c);
  await writeFile(file, JSON.stringify(c, null, 2));
}

// A finished one-repetition campaign of the fake matrix.
async function finished(): Promise<{ dir: string; matrixFile: string }> {
  await freshResults();
  const matrixFile = await writeMatrix('repetitions: 1');
  const first = await runFake({ matrixFile });
  expect(first.error).toBeNull();
  return { dir: first.result!.dir, matrixFile };
}

describe('run --resume parses the stored campaign', () => {
  it('refuses a hand-edited broken matrix with the path, the field and the fix, running nothing', async () => {
    const { dir, matrixFile } = await finished();
    await editCampaign(dir, (c) => ((c.matrix as Json).repetitions = 0));
    const before = await readFile(join(dir, 'campaign.json'), 'utf8');
    const { fake, error } = await runFake({ matrixFile, resume: dir });
    expect(error).toBeInstanceOf(HarnessError);
    const e = error as HarnessError;
    expect(e.code).toBe('E_RESULTS_INVALID');
    expect(e.message).toContain(`${join(dir, 'campaign.json')}: not a valid campaign: matrix.repetitions:`);
    expect(e.message).toContain('found 0 (number)');
    expect(e.fix).toContain('scenarios/matrix.schema.json');
    expect(fake.calls).toEqual([]);
    expect(await readFile(join(dir, 'campaign.json'), 'utf8')).toBe(before);
  });

  it('continues a schemaVersion 1 campaign (loose host) and writes it back as version 2 with a typed host', async () => {
    const { dir, matrixFile } = await finished();
    await editCampaign(dir, (c) => {
      c.schemaVersion = 1;
      c.host = { hostname: 'old-box', cpu: { brand: 'Xeon', manufacturer: 'Intel', logicalCores: 8 }, gpus: [] };
      c.state = 'interrupted';
    });
    const { fake, error, result } = await runFake({ matrixFile, resume: dir });
    expect(error).toBeNull();
    expect(fake.calls.filter((c) => c.kind === 'job')).toEqual([]);
    expect(result!.campaign.state).toBe('complete');
    const onDisk = JSON.parse(await readFile(join(dir, 'campaign.json'), 'utf8')) as Json;
    expect(onDisk.schemaVersion).toBe(2);
    expect(onDisk.host).toMatchObject({ hostname: 'old-box', cpu: { model: 'Intel Xeon', logicalCpus: 8 } });
    const back = await readBack(dir);
    expect(back.indexMatchesRecords).toBe(true);
    expect(back.campaign.matrix.repetitions).toBe(1);
  });
});
