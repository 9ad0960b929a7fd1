import { CAMPAIGN_SCHEMA_VERSION } from './campaign.ts';
import { hostFromV1 } from './host-v1.ts';

// campaign.json migrations, one function per version step, applied on read before the schema parses
// the file; the file on disk is rewritten in the new shape the next time the harness writes it
// (`run --resume`). Each step takes the raw JSON of version n and returns the raw JSON of n + 1.

type Raw = Record<string, unknown>;

const isRecord = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

// 1 -> 2: `host` was a loose record (now the typed fingerprint); `matrix` was stored parsed already and
// is validated by the matrix schema as it stands (defaults of fields added since fill in).
function v1ToV2(c: Raw): Raw {
  const startedAt = typeof c.startedAt === 'string' ? c.startedAt : new Date(0).toISOString();
  return { ...c, schemaVersion: 2, host: isRecord(c.host) ? hostFromV1(c.host, startedAt) : c.host };
}

const STEPS: Readonly<Record<number, (c: Raw) => Raw>> = { 1: v1ToV2 };

/**
 * Turns the raw JSON of any older campaign.json into the current shape (schemaVersion
 * CAMPAIGN_SCHEMA_VERSION); anything else (current, newer, not an object) is returned as it is, for the
 * schema to accept or refuse.
 */
export function migrateCampaign(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  let c = raw;
  while (typeof c.schemaVersion === 'number' && c.schemaVersion < CAMPAIGN_SCHEMA_VERSION) {
    const step = STEPS[c.schemaVersion];
    if (!step) break;
    c = step(c);
  }
  return c;
}
