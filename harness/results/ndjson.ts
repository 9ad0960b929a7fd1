import { readFile } from 'node:fs/promises';
import { HarnessError } from '../core/errors.ts';
import type { Sample } from './schema.ts';
import { writeFileAtomic } from '../core/atomic.ts';

/** Column order of a samples file (one JSON object a line). */
export const SAMPLE_COLUMNS = ['t', 'cpuPercent', 'memoryBytes', 'gpuMemoryBytes', 'gpuUtilPercent'] as const;

/** Formats samples as NDJSON, one object a line in SAMPLE_COLUMNS order, `t` rounded to 0.1 ms (pure). */
export function formatSamplesNdjson(samples: readonly Sample[]): string {
  return samples
    .map((s) => {
      const row: Sample = {
        t: Math.round(s.t * 1e4) / 1e4,
        cpuPercent: round(s.cpuPercent),
        memoryBytes: s.memoryBytes,
        gpuMemoryBytes: s.gpuMemoryBytes,
        gpuUtilPercent: s.gpuUtilPercent,
      };
      return `${JSON.stringify(row)}\n`;
    })
    .join('');
}

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1000) / 1000;
}

/** Writes a run's time series beside its record, atomically (temp file + rename). */
export async function writeSamplesNdjson(path: string, samples: readonly Sample[]): Promise<void> {
  await writeFileAtomic(path, formatSamplesNdjson(samples));
}

const nullableNumber = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

/** Parses NDJSON samples text; throws E_RESULTS_INVALID naming the line that is not a sample (pure). */
export function parseSamplesNdjson(text: string, source = 'samples'): Sample[] {
  const out: Sample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw invalid(source, i + 1, 'not JSON', error);
    }
    if (
      typeof row !== 'object' ||
      row === null ||
      typeof row.t !== 'number' ||
      !SAMPLE_COLUMNS.slice(1).every((c) => nullableNumber(row[c]))
    ) {
      throw invalid(source, i + 1, `expected {${SAMPLE_COLUMNS.join(', ')}} with numbers or null`);
    }
    out.push({
      t: row.t,
      cpuPercent: row.cpuPercent as number | null,
      memoryBytes: row.memoryBytes as number | null,
      gpuMemoryBytes: row.gpuMemoryBytes as number | null,
      gpuUtilPercent: row.gpuUtilPercent as number | null,
    });
  }
  return out;
}

/** Reads a samples file written by writeSamplesNdjson. */
export async function readSamplesNdjson(path: string): Promise<Sample[]> {
  return parseSamplesNdjson(await readFile(path, 'utf8'), path);
}

function invalid(source: string, line: number, what: string, cause?: unknown): HarnessError {
  return new HarnessError('E_RESULTS_INVALID', `${source}:${line}: not a sample (${what}).`, {
    fix: 'The file is damaged; re-run the job or delete the file.',
    cause,
  });
}
