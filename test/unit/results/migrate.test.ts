import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSide } from '../../../harness/diff/run.ts';
import { migrateRunRecord } from '../../../harness/results/migrate.ts';
import { SCHEMA_VERSION } from '../../../harness/results/schema.ts';
import { loadCampaign } from '../../../harness/results/store.ts';
import { makeCampaign, makeHost, makeRecord } from '../diff/fixtures.ts';

// A record as deploybench wrote it before schemaVersion 2: memory.peakBytes/avgBytes were RSS, no rss* fields.
function version1Record(rep: number): Record<string, unknown> {
  const r = makeRecord({ stack: 'torch-2.6-debian13', rep, peakBytes: 349e6 });
  const { rssPeakBytes: _p, rssAvgBytes: _a, ...memory } = r.memory;
  return { ...r, schemaVersion: 1, memory };
}

async function writeVersion1Campaign(records: Record<string, unknown>[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deploybench-migrate-'));
  const campaign = makeCampaign(
    'old',
    makeHost({ hostname: 'lab' }),
    records.map((r) => ({ ...r, schemaVersion: SCHEMA_VERSION }) as never),
  );
  await writeFile(join(dir, 'campaign.json'), JSON.stringify({ ...campaign, schemaVersion: 1 }));
  for (const r of records) {
    const folder = join(dir, 'runs', String(r.scenario), 'train');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `rep-${String(r.rep)}.json`), JSON.stringify(r));
  }
  return dir;
}

describe('schemaVersion 1 -> 2', () => {
  it('moves the RSS figures to rssPeakBytes/rssAvgBytes and leaves the private ones unknown, never guessed', () => {
    const migrated = migrateRunRecord(version1Record(1)) as {
      schemaVersion: number;
      upgradedFrom: number;
      memory: Record<string, unknown>;
    };
    expect(migrated.schemaVersion).toBe(2);
    expect(migrated.upgradedFrom).toBe(1);
    expect(migrated.memory).toEqual({
      peakBytes: null,
      avgBytes: null,
      rssPeakBytes: 349e6,
      rssAvgBytes: 400e6,
      cgroupPeakBytes: 600e6,
      oomKills: 0,
    });
  });

  it('leaves current records and non-objects alone', () => {
    const current = makeRecord({ stack: 's' });
    expect(migrateRunRecord(current)).toBe(current);
    expect(migrateRunRecord(null)).toBeNull();
  });

  it('an old campaign folder loads, with one warning that report and diff both show', async () => {
    const dir = await writeVersion1Campaign([version1Record(1), version1Record(2)]);
    const loaded = await loadCampaign(dir);
    expect(loaded.campaign.schemaVersion).toBe(2);
    expect(loaded.runs.map((r) => [r.record.memory.peakBytes, r.record.memory.rssPeakBytes])).toEqual([
      [null, 349e6],
      [null, 349e6],
    ]);
    const warning = loaded.warnings.find((w) => w.includes('schemaVersion 2'));
    expect(warning).toMatch(/^2 run records were written before schemaVersion 2, when memory.peakBytes was the RSS/);
    expect((await loadSide(dir)).warnings).toContain(warning);
  });

  it('a record newer than this deploybench is refused with the fix', async () => {
    const dir = await writeVersion1Campaign([{ ...version1Record(1), schemaVersion: 3 }]);
    await expect(loadCampaign(dir)).rejects.toThrow(/schemaVersion 3 is newer than this deploybench understands \(2\)/);
  });
});
