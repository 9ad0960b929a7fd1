import { relative, resolve } from 'node:path';
import { displayPath } from '../core/paths.ts';
import { archiveRunRecord } from '../results/archive.ts';
import type { AttemptEntry, Campaign, RunIndexEntry } from '../results/campaign.ts';
import type { RunRecord, RunStatus } from '../results/schema.ts';
import { loadCampaign, writeCampaign } from '../results/store.ts';
import { assertOnlyMatches, scenarios } from './plan.ts';

/** Identity of a run across attempts: scenario, job, warmup or measured, repetition. */
export function runKey(p: { scenario: string; job: string; rep: number; warmup: boolean }): string {
  return `${p.scenario}/${p.job}/${p.warmup ? 'w' : 'r'}${p.rep}`;
}

/** Statuses that are a run's final word: kept by --resume. `unsupported` is the host's verdict, not a failure. */
const FINAL: readonly RunStatus[] = ['ok', 'unsupported'];

/** A campaign ready to continue. */
export interface ResumedCampaign {
  /** Absolute path of the campaign folder. */
  dir: string;
  campaign: Campaign;
  /** Records kept (not run again). */
  records: RunRecord[];
  /** runKey of every kept record. */
  done: Set<string>;
  /** The scenario filter in force: the one given, else the campaign's own. */
  only: string | undefined;
}

/**
 * Opens a campaign folder for `run --resume`: the path may be relative, absolute or end in a slash
 * and is made absolute at once (Docker binds and chroot mounts need absolute paths). Ok runs are kept;
 * interrupted ones are run again; failed, timed-out and OOM-killed ones are run again too, their records
 * set aside as history (listed in campaign.json `attempts`), unless `keepFailed`.
 */
export async function resumeCampaign(
  dirArg: string,
  opts: { only?: string; keepFailed?: boolean; info: (line: string) => void },
): Promise<ResumedCampaign> {
  const dir = resolve(dirArg);
  const loaded = await loadCampaign(dir);
  for (const w of loaded.warnings) opts.info(`warning: ${w}`);
  const campaign: Campaign = { ...loaded.campaign, state: 'running', endedAt: null };
  // loadCampaign parsed the stored matrix through the matrix schema: a hand-edited broken one was refused there.
  const matrix = campaign.matrix;
  const only = opts.only ?? campaign.only ?? undefined;
  // Checked before anything is moved: a filter that selects nothing changes nothing.
  assertOnlyMatches(matrix, only);
  const selected = new Set(scenarios(matrix, only).map((s) => s.id));
  const records: RunRecord[] = [];
  const done = new Set<string>();
  const kept: RunIndexEntry[] = [];
  const attempts: AttemptEntry[] = [...(campaign.attempts ?? [])];
  let interrupted = 0;
  for (const run of loaded.runs) {
    const r = run.record;
    const entry = { scenario: r.scenario, job: r.job.name, rep: r.rep, warmup: r.warmup, status: r.status };
    if (r.status === 'interrupted') {
      interrupted++;
    } else if (FINAL.includes(r.status) || opts.keepFailed || !selected.has(r.scenario)) {
      records.push(r);
      done.add(runKey(entry));
      kept.push({ ...entry, file: relative(dir, run.file) });
    } else {
      const moved = await archiveRunRecord(run.file, r);
      attempts.push({ ...entry, file: relative(dir, moved), error: r.error, retriedAt: new Date().toISOString() });
    }
  }
  const retried = attempts.length - (campaign.attempts?.length ?? 0);
  // The index keeps its order for the runs kept, as their records say; records on disk but not indexed (a crash between the two writes) come last.
  const order = new Map(campaign.runs.map((e, i) => [e.file, i]));
  const position = (e: RunIndexEntry): number => order.get(e.file) ?? Number.MAX_SAFE_INTEGER;
  campaign.runs = kept.sort((a, b) => position(a) - position(b));
  if (retried > 0) campaign.attempts = attempts;
  await writeCampaign(dir, campaign);
  const parts = [`${done.size} runs kept`];
  if (retried > 0)
    parts.push(`${retried} not ok to retry (their records kept as history, see attempts in campaign.json)`);
  if (interrupted > 0) parts.push(`${interrupted} interrupted to run again`);
  opts.info(`resuming ${displayPath(dir)}: ${parts.join(', ')}`);
  return { dir, campaign, records, done, only };
}
