// Benchmarks of the measurement engine: the cost of one sampler tick and the harness's own CPU use while
// sampling an idle job of 1 or 50 processes, and a busy one of 50, at 100 ms and 10 ms (medians of --reps runs;
// default 3).
// Run as root: node harness/cli/tsnode.js bench/sampling.bench.ts [--quick] [--reps N]
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { jobCgroupDirs } from '../harness/sampling/cgroup.ts';
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

// CPU time of this process (user + system) while it samples a job for `seconds`, as % of one core
// (`process.cpuUsage` is this process's own: the job's processes, its children, are not counted).
async function overhead(intervalMs: number | null, processes: number, seconds: number, percent = 0): Promise<number> {
  const job = await idleJob(processes, seconds + 5, percent);
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

// CPU share of a bare timer firing every `intervalMs`, re-armed like the sampler's (one timer, `refresh`), that
// reads `counter` (a cgroup CPU counter) each time when given: the floor under any sampler at that rate in this
// Node.js on this machine (a sampler must read at least one counter a tick).
async function timerFloor(intervalMs: number, seconds: number, counter: string | null): Promise<number> {
  const fd = counter === null ? null : openSync(counter, 'r');
  const buffer = Buffer.alloc(64);
  const before = process.cpuUsage();
  const t0 = performance.now();
  const timer = setTimeout(function tick() {
    timer.refresh();
    if (fd !== null) readSync(fd, buffer, 0, buffer.length, 0);
  }, intervalMs);
  await sleep(seconds * 1000);
  clearTimeout(timer);
  const used = process.cpuUsage(before);
  if (fd !== null) closeSync(fd);
  return ((used.user + used.system) / 1e6 / ((performance.now() - t0) / 1000)) * 100;
}

await tickBench();
const seconds = quick ? 2 : 10;
const idleRuns: number[] = [];
for (let r = 0; r < reps; r++) idleRuns.push(await overhead(null, 1, quick ? 2 : 5));
const idle = median(idleRuns);
console.log(`harness CPU, idle (no sampler): median ${idle.toFixed(3)} % of one core over ${reps} run(s)`);
// The floor with one read a tick, of the CPU counter of an idle job like the sampled one.
async function readFloor(processes: number, seconds: number): Promise<number> {
  const job = await idleJob(processes, seconds + 5);
  const { cpuDir } = await jobCgroupDirs(job.cgroup);
  const floor = await timerFloor(10, seconds, join(cpuDir, job.cgroup.version === 1 ? 'cpuacct.usage' : 'cpu.stat'));
  await stopJob(job);
  return floor;
}

const rows: Record<string, string>[] = [];
// The wake-up of a 10 ms timer costs this VM's Node.js between about 1 and 3 % of a core, varying with the load of
// its host from one minute to the next: each 10 ms run is paired with floor runs just before it (a bare timer, and
// the same timer reading the job's CPU counter once), and the table gives the medians of the differences.
const floors = { bare: [] as number[], read: [] as number[] };
// The busy job: 49 children each busy 1 % of a core in short bursts, so that every tick is a full reading.
const jobs = [
  { processes: 1, percent: 0 },
  { processes: 50, percent: 0 },
  { processes: 50, percent: 1 },
];
for (const { processes, percent } of jobs) {
  for (const interval of [100, 10]) {
    const runs: number[] = [];
    const above = { bare: [] as number[], read: [] as number[] };
    for (let r = 0; r < reps; r++) {
      const bare = interval === 10 ? await timerFloor(10, seconds, null) : null;
      const read = interval === 10 ? await readFloor(processes, seconds) : null;
      const run = await overhead(interval, processes, seconds, percent);
      runs.push(run);
      if (bare !== null && read !== null) {
        floors.bare.push(bare);
        floors.read.push(read);
        above.bare.push(run - bare);
        above.read.push(run - read);
      }
    }
    const cell = (xs: number[]): string => (xs.length ? median(xs).toFixed(3) : '');
    rows.push({
      job: percent > 0 ? `busy, ${percent} % each` : 'idle',
      processes: String(processes),
      'interval ms': String(interval),
      'harness CPU % (median)': median(runs).toFixed(3),
      'minus idle': (median(runs) - idle).toFixed(3),
      'minus bare timer': cell(above.bare),
      'minus timer + 1 read': cell(above.read),
      runs: runs.map((x) => x.toFixed(2)).join(' '),
    });
  }
}
const list = (xs: number[]): string =>
  `median ${median(xs).toFixed(3)} % of one core (${xs.map((x) => x.toFixed(2)).join(' ')})`;
console.log(`floor, a bare timer every 10 ms: ${list(floors.bare)}`);
console.log(`floor, the same timer reading one cgroup CPU counter each tick: ${list(floors.read)}`);
console.log(`harness CPU while sampling a job for ${seconds} s, % of one core (${reps} run(s) each):`);
console.table(rows);
