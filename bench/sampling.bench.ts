// Benchmarks of the measurement engine: the cost of one sampler tick and the harness's own CPU use while
// sampling an idle job. Run as root: node harness/cli/tsnode.js bench/sampling.bench.ts [--quick]
import { availableParallelism } from 'node:os';
import { execa, type ResultPromise } from 'execa';
import { Bench } from 'tinybench';
import { createJobCgroup, type LocalJobCgroup } from '../harness/sampling/cgroup.ts';
import { createSampler } from '../harness/sampling/sampler.ts';
import { newTickState, readTick } from '../harness/sampling/tick.ts';
import { buildFixtures } from '../test/fixtures/build.ts';

const quick = process.argv.includes('--quick');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const bins = await buildFixtures();

interface IdleJob {
  cgroup: LocalJobCgroup;
  child: ResultPromise;
}

// An idle job of `processes` sleeping processes in a fresh job cgroup.
async function idleJob(processes: number, seconds: number): Promise<IdleJob> {
  const cgroup = await createJobCgroup(`bench-${processes}-${process.pid}-${Date.now()}`);
  const argv = processes === 1 ? [bins.ignoreterm, '--seconds', String(seconds)] : [bins.forker, '--children', String(processes - 1), '--percent', '0', '--mb', '0', '--seconds', String(seconds)];
  const [file, ...args] = cgroup.wrapCommand(argv) as [string, ...string[]];
  const child = execa(file, args, { reject: false });
  for (let i = 0; i < 100 && (await cgroup.pids()).length < processes; i++) await sleep(20);
  return { cgroup, child };
}

async function stop(job: IdleJob): Promise<void> {
  await job.cgroup.remove();
  await job.child;
}

async function tickBench(): Promise<void> {
  const bench = new Bench({ name: 'one sampler tick', time: quick ? 300 : 2000 });
  const jobs: IdleJob[] = [];
  const states: ReturnType<typeof newTickState>[] = [];
  for (const n of [1, 50]) {
    const job = await idleJob(n, 120);
    jobs.push(job);
    const target = { version: job.cgroup.version, cpuDir: job.cgroup.cpuDir, memoryDir: job.cgroup.memoryDir, gpu: null };
    const state = newTickState();
    states.push(state);
    const t0 = performance.now();
    bench.add(`tick, ${n} process${n > 1 ? 'es' : ''}`, async () => {
      await readTick(target, state, t0);
    });
  }
  await bench.run();
  console.table(bench.table());
  for (const state of states) await state.files.close();
  for (const job of jobs) await stop(job);
}

// CPU time of this process (user + system) while it samples an idle job, as % of one core.
async function overhead(intervalMs: number | null, seconds: number): Promise<number> {
  const job = await idleJob(1, seconds + 5);
  const sampler = intervalMs === null ? null : createSampler({ cgroup: job.cgroup, intervalMs, hostCpus: availableParallelism() });
  const before = process.cpuUsage();
  const t0 = performance.now();
  sampler?.start();
  await sleep(seconds * 1000);
  const result = await sampler?.stop((performance.now() - t0) / 1000);
  const used = process.cpuUsage(before);
  const wall = (performance.now() - t0) / 1000;
  await stop(job);
  const percent = ((used.user + used.system) / 1e6 / wall) * 100;
  console.log(`harness CPU while ${intervalMs === null ? 'idle, no sampler' : `sampling every ${intervalMs} ms`} for ${wall.toFixed(1)} s: ${percent.toFixed(3)} % of one core${result ? ` (${result.samples.length} samples)` : ''}`);
  return percent;
}

await tickBench();
const seconds = quick ? 2 : 10;
const idle = await overhead(null, quick ? 2 : 5);
for (const interval of [100, 10]) {
  const busy = await overhead(interval, seconds);
  console.log(`  the sampler's own share at ${interval} ms (minus the idle harness): ${(busy - idle).toFixed(3)} % of one core`);
}
