// Cross-checks the sampled per-process GPU peak of a campaign's runs against what each job's framework
// reports (torch.cuda.max_memory_reserved()): the sampled peak must cover the reserved memory, and the
// difference (the CUDA context, cuBLAS/cuDNN workspaces, memory outside PyTorch's caching allocator) is
// printed so it can be read against the study's figures. Step 3 of the offline GPU check (gpu-check.sh):
//   node dist/harness/sampling/gpu-crosscheck.js results/<campaign>
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const MIB = 1024 * 1024;
/** Largest believable gap between the sampled peak and the reserved memory: a CUDA context with its libraries. */
const MAX_CONTEXT_BYTES = 2048 * MIB;

/** One run's GPU figures, as the cross-check reads them from its record. */
export interface GpuRunFigures {
  id: string;
  status: string;
  peakBytes: number | null;
  frameworkPeakBytes: number | null;
}

/** The verdict on one run: ok, and the line that says why. */
export function crossCheck(run: GpuRunFigures): { ok: boolean; line: string } {
  const mib = (b: number): string => `${(b / MIB).toFixed(1)} MiB`;
  if (run.status !== 'ok') return { ok: false, line: `${run.id}: run ${run.status}, nothing to compare` };
  if (run.peakBytes === null || run.frameworkPeakBytes === null)
    return {
      ok: false,
      line: `${run.id}: missing figure (sampled peak ${run.peakBytes ?? 'null'}, reserved ${run.frameworkPeakBytes ?? 'null'})`,
    };
  const gap = run.peakBytes - run.frameworkPeakBytes;
  const ok = gap >= 0 && gap <= MAX_CONTEXT_BYTES;
  return {
    ok,
    line: `${run.id}: sampled peak ${mib(run.peakBytes)}, torch reserved ${mib(run.frameworkPeakBytes)}, difference ${mib(gap)} (context and memory outside the caching allocator; expected 0 to ${mib(MAX_CONTEXT_BYTES)})`,
  };
}

async function recordsUnder(dir: string): Promise<GpuRunFigures[]> {
  const out: GpuRunFigures[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/^rep-\d+\.json$/.test(e.name)) continue;
    const path = join(e.parentPath, e.name);
    const r = JSON.parse(await readFile(path, 'utf8')) as {
      scenario: string;
      job: { name: string };
      rep: number;
      status: string;
      gpu: { peakBytes: number | null; frameworkPeakBytes: number | null } | null;
    };
    out.push({
      id: `${r.scenario} ${r.job.name} rep ${r.rep}`,
      status: r.status,
      peakBytes: r.gpu?.peakBytes ?? null,
      frameworkPeakBytes: r.gpu?.frameworkPeakBytes ?? null,
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

async function main(dir: string | undefined): Promise<number> {
  if (!dir) {
    console.error('usage: gpu-crosscheck.js CAMPAIGN_DIR');
    return 2;
  }
  const runs = await recordsUnder(join(dir, 'runs'));
  if (runs.length === 0) {
    console.log(`FAIL  no run records under ${dir}/runs`);
    return 1;
  }
  let failures = 0;
  for (const run of runs) {
    const v = crossCheck(run);
    if (!v.ok) failures++;
    console.log(`${v.ok ? 'PASS' : 'FAIL'}  ${v.line}`);
  }
  return failures === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  process.exitCode = await main(process.argv[2]);
}
