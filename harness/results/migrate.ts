/**
 * Migrations of run records to the current SCHEMA_VERSION (campaign.json has its own: campaign-migrate.ts), as functions of the parsed JSON (pure). Each
 * takes a file of any older version and returns it in the current shape; a value that is not an object,
 * or has no known older version, is returned as it is (the schema then says what is wrong).
 */
import { SCHEMA_VERSION } from './schema.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A run record of schemaVersion 1 measured memory as RSS (anon + file-mapped pages), which is not the private
 * memory `memory.peakBytes` means since version 2: its figures move to `rssPeakBytes`/`rssAvgBytes`, the
 * private ones become null (unknown, never guessed), and `upgradedFrom: 1` says so to the report and diff.
 */
export function migrateRunRecord(raw: unknown): unknown {
  if (!isObject(raw) || raw.schemaVersion !== 1) return raw;
  const memory = isObject(raw.memory) ? raw.memory : {};
  return {
    ...raw,
    schemaVersion: SCHEMA_VERSION,
    upgradedFrom: 1,
    memory: {
      ...memory,
      peakBytes: null,
      avgBytes: null,
      rssPeakBytes: memory.peakBytes ?? null,
      rssAvgBytes: memory.avgBytes ?? null,
    },
  };
}

/** Warnings for records read through a migration (one line per campaign), so no old figure is compared silently. */
export function upgradedRecordWarnings(records: readonly { upgradedFrom?: number | undefined }[]): string[] {
  const old = records.filter((r) => r.upgradedFrom === 1).length;
  if (old === 0) return [];
  return [
    `${old} run record${old === 1 ? ' was' : 's were'} written before schemaVersion 2, when memory.peakBytes was the RSS (file-mapped pages included): their private peak RAM is unknown and left out of every RAM comparison (the old figure is kept as memory.rssPeakBytes; their RAM timelines show RSS); re-run the campaign to compare RAM`,
  ];
}
