// Benchmarks of the measurement engine: the cost of one sampler tick and the harness's own CPU use while
// sampling an idle job of 1 or 50 processes at 100 ms and 10 ms (medians of --reps runs; default 3).
// Run as root: node harness/cli/tsnode.js bench/sampling.bench.ts [--quick] [--reps N]
import { availableParallelism } from 'node:os';
import { Bench } from 'tinybench';
import { createSampler } from '../harness/sampling/sampler.ts';
import { closeTickState, newTickState, readTick } from '../harness/sampling/tick.ts';
import { idleJob, median, stopJob } from './idle-job.ts';

const quick = process.argv.includes('--quick');
const repsArg = process.argv.indexOf('--reps');
const reps = repsArg > 0 ? Number(process.argv[repsArg + 1]) : quick ? 1 : 3;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function tickBench(): Promise<void> {
  const bench = new Bench({ name: 'one sampler tick', time: quick ? 300 : 2000 });
  const jobs = [await idleJob(1, 120), await idleJob(50, 120)];
  const states = jobs.map(() => newTickState());
  jobs.forEach((job, i) => {
    const target = {
      version: job.cgroup.version,
      cpuDir: job.cgroup.cpuDir,
      memoryDir: job.cgroup.memoryDir,
      gpu: null,
    };
    const state = states[i] as ReturnType<typeof newTickState>;
    const t0 = performance.now();
    const label = `${job.processes} process${job.processes > 1 ? 'es' : ''}`;
    // A full reading (as when the job ran since the last tick), then the tick of a job that did not run.
    bench.add(`full reading, ${label}`, async () => {
      state.last.atMs = -Infinity;
      await readTick(target, state, t0);
    });
    bench.add(`idle tick, ${label}`, async () => {
      await readTick(target, state, t0);
    });
  });
  await bench.run();
  console.table(bench.table());
  for (const state of states) closeTickState(state);
  for (const job of jobs) await stopJob(job);
}

// CPU time of this process (user + system) while it samples an idle job for `seconds`, as % of one core.
async function overhead(intervalMs: number | null, processes: number, seconds: number): Promise<number> {
  const job = await idleJob(processes, seconds + 5);
  const sampler =
    intervalMs === null ? null : createSampler({ cgroup: job.cgroup, intervalMs, hostCpus: availableParallelism() });
  const before = process.cpuUsage();
  const t0 = performance.now();
  sampler?.start();
  await sleep(seconds * 1000);
  const result = await sampler?.stop((performance.now() - t0) / 1000);
  const used = process.cpuUsage(before);
  const wall = (performance.now() - t0) / 1000;
  await stopJob(job);
  if (result && result.memory.peakBytes === null) throw new Error('the sampler saw no process of the job');
  return ((used.user + used.system) / 1e6 / wall) * 100;
}

// CPU share of a bare timer firing every `intervalMs` and doing nothing: the floor under any sampler at that rate.
async function timerFloor(intervalMs: number, seconds: number): Promise<number> {
  const before = process.cpuUsage();
  const t0 = performance.now();
  let k = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    k++;
    timer = setTimeout(tick, t0 + k * intervalMs - performance.now());
  };
  tick();
  await sleep(seconds * 1000);
  clearTimeout(timer);
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1e6 / ((performance.now() - t0) / 1000)) * 100;
}

await tickBench();
const seconds = quick ? 2 : 10;
const idleRuns: number[] = [];
for (let r = 0; r < reps; r++) idleRuns.push(await overhead(null, 1, quick ? 2 : 5));
const idle = median(idleRuns);
console.log(`harness CPU, idle (no sampler): median ${idle.toFixed(3)} % of one core over ${reps} run(s)`);
const rows: Record<string, string>[] = [];
for (const processes of [1, 50]) {
  for (const interval of [100, 10]) {
    const runs: number[] = [];
    for (let r = 0; r < reps; r++) runs.push(await overhead(interval, processes, seconds));
    const m = median(runs);
    rows.push({
      processes: String(processes),
      'interval ms': String(interval),
      'harness CPU % (median)': m.toFixed(3),
      'sampler share % (minus idle)': (m - idle).toFixed(3),
      runs: runs.map((x) => x.toFixed(2)).join(' '),
    });
  }
}
const floors: number[] = [];
for (let r = 0; r < reps; r++) floors.push(await timerFloor(10, seconds));
console.log(
  `a bare timer every 10 ms, no reads (the floor under any 10 ms sampler): median ${median(floors).toFixed(3)} % of one core (${floors.map((x) => x.toFixed(2)).join(' ')})`,
);
console.log(`harness CPU while sampling an idle job for ${seconds} s, % of one core (${reps} run(s) each):`);
console.table(rows);
