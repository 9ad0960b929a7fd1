// `deploybench fleet status|wait DIR`, and the following of a fleet shared with `run --slurm`.
import { resolve } from 'node:path';
import { displayPath } from '../../core/paths.ts';
import { diffFleet, writeFleetReport } from '../../fleet/finish.ts';
import type { Fleet } from '../../fleet/schema.ts';
import { loadFleet } from '../../fleet/store.ts';
import { readFleetTiming, timingWords } from '../../fleet/timing.ts';
import { nodeLine, refreshFleet, watchFleet } from '../../fleet/watch.ts';
import type { FleetArgs } from '../commands/fleet.ts';
import { interruptSignal } from '../interrupt.ts';

const info = (line: string): void => void process.stderr.write(`${line}\n`);

/** Follows the fleet to the end (Ctrl-C cancels its jobs when `cancelOnAbort`), then writes the report and diffs; sets the exit status. */
export async function followFleet(
  dir: string,
  fleet: Fleet,
  o: { cancelOnAbort: boolean; report: boolean },
): Promise<void> {
  const { signal, dispose } = interruptSignal();
  const t0 = performance.now();
  try {
    await watchFleet(dir, fleet, { signal, onLine: info, cancelOnAbort: o.cancelOnAbort });
  } finally {
    dispose();
  }
  const done = fleet.nodes.filter((n) => n.state === 'done').length;
  info(
    `fleet ${fleet.state}: ${done}/${fleet.nodes.length} node(s) done, followed for ${((performance.now() - t0) / 1000).toFixed(1)} s; fleet.json in ${displayPath(dir)}`,
  );
  const timing = await readFleetTiming(dir, fleet);
  if (timing) info(timingWords(timing));
  if (signal.aborted && !o.cancelOnAbort)
    info(`stopped watching; the jobs go on (\`deploybench fleet wait ${displayPath(dir)}\`)`);
  else if (o.report && done > 0) await reportAndDiff(dir, fleet);
  if (signal.aborted) process.exitCode = 130;
  else if (fleet.state !== 'complete') process.exitCode = 1;
}

async function reportAndDiff(dir: string, fleet: Fleet): Promise<void> {
  const report = await writeFleetReport(dir, fleet, undefined, (w) => info(`warning: ${w}`));
  info(`report: ${displayPath(report)}`);
  if (!fleet.nodes.some((n) => n.name === fleet.baseline && n.state === 'done')) {
    info(`no diffs: the baseline node ${fleet.baseline} is not done`);
    return;
  }
  for (const d of await diffFleet(dir, { format: 'text' }))
    info(`diff ${fleet.baseline} vs ${d.node}: ${displayPath(d.file)}`);
}

/** `fleet status` prints one line per node (refreshing fleet.json); `fleet wait` follows until every node is final. */
export async function fleetAction(a: FleetArgs): Promise<void> {
  const dir = resolve(a.dir);
  const fleet = await loadFleet(dir);
  if (a.action === 'wait') return followFleet(dir, fleet, { cancelOnAbort: false, report: a.report });
  await refreshFleet(dir, fleet);
  const width = Math.max(...fleet.nodes.map((n) => n.name.length));
  process.stdout.write(`fleet ${fleet.id}: ${fleet.state}, baseline ${fleet.baseline}\n`);
  for (const n of fleet.nodes) process.stdout.write(`${nodeLine(n, width)}\n`);
}
