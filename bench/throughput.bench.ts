// Train and infer windows/s of the reference workload at batch sizes 32-2048, in the container of each
// CPU stack (`docker run --cpus 2`), as the workload itself measures them (result.json: train = windows
// x epochs / epoch seconds, one epoch here; infer = windows / forward-pass seconds). Each point is one short job,
// repeated, median printed with its range and the load average around it. What presets.py's batch
// sizes were chosen from (images/workload/README.md, "Throughput").
//
//   flock /tmp/deploybench-itest.lock npm run bench -- throughput
//
// Settings (environment): BENCH_STACKS (comma list, default both CPU stacks), BENCH_BATCHES (default
// 32,64,128,256,512,1024,2048), BENCH_REPS (3), BENCH_PRESET (data size, default small), BENCH_CPUS (2),
// BENCH_THREADS (torch threads; default the framework's choice), BENCH_JOBS (train,infer).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../harness/core/paths.ts';
import { ensureImage } from '../harness/images/build.ts';
import { loadStack } from '../harness/images/stacks.ts';
import { median } from '../harness/stats/descriptive.ts';

const env = process.env;
const list = (v: string | undefined, d: string): string[] =>
  (v ?? d)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const STACKS = list(env.BENCH_STACKS, 'torch-1.13-debian12,torch-2.6-debian13');
const BATCHES = list(env.BENCH_BATCHES, '32,64,128,256,512,1024,2048').map(Number);
const REPS = Number(env.BENCH_REPS ?? 3);
const PRESET = env.BENCH_PRESET ?? 'small';
const CPUS = env.BENCH_CPUS ?? '2';
const THREADS = env.BENCH_THREADS ? ['--threads', env.BENCH_THREADS] : [];
const JOBS = list(env.BENCH_JOBS, 'train,infer').filter((j): j is 'train' | 'infer' => j === 'train' || j === 'infer');

/** One measured point: windows/s of each repetition and the 1-minute load average before each. */
interface Point {
  stack: string;
  job: 'train' | 'infer';
  batch: number;
  windowsPerSecond: number[];
  load: number[];
  windows: number;
  threads: number | null;
}

interface Result {
  throughput: { windowsPerSecond: number | null };
  phases: { trainEpochSeconds: number[] };
  data: { windows: number };
  framework: { threads?: number };
}

// `docker run` of one workload job in the stack's container: /data (and /model) read-only, /out read-write.
function dockerArgs(
  tag: string,
  mounts: { data: string; out: string; model: string | null },
  args: string[],
): string[] {
  const model = mounts.model ? ['-v', `${mounts.model}:/model:ro`] : [];
  return [
    'run',
    '--rm',
    '--network',
    'none',
    '--cpus',
    CPUS,
    '--label',
    'deploybench-bench=throughput',
    '-v',
    `${mounts.data}:/data:ro`,
    ...model,
    '-v',
    `${mounts.out}:/out`,
    tag,
    'python3',
    '-m',
    'deploybench_workload',
    ...args,
    '--data',
    '/data',
    '--out',
    '/out/run',
    '--preset',
    PRESET,
    '--device',
    'cpu',
    ...THREADS,
  ];
}

// One job; its result.json. With keep, the output folder is left for the caller (a model to infer with).
async function job(
  tag: string,
  data: string,
  args: string[],
  model: string | null,
  keep = false,
): Promise<{ result: Result; out: string }> {
  const out = await mkdtemp(join(tmpdir(), 'db-bench-out-'));
  try {
    const r = await execa('docker', dockerArgs(tag, { data, out, model }, args), { reject: false, all: true });
    if (r.exitCode !== 0) throw new Error(`${tag} ${args.join(' ')} failed (exit ${r.exitCode}):\n${r.all}`);
    return { result: JSON.parse(await readFile(join(out, 'run', 'result.json'), 'utf8')) as Result, out };
  } finally {
    if (!keep) await rm(out, { recursive: true, force: true });
  }
}

function rate(r: Result): number {
  if (r.throughput.windowsPerSecond === null) throw new Error('the job reported no windows/s');
  return r.throughput.windowsPerSecond;
}

// REPS repetitions of one point.
async function point(
  stack: string,
  tag: string,
  data: string,
  kind: 'train' | 'infer',
  batch: number,
  model: string,
): Promise<Point> {
  const p: Point = { stack, job: kind, batch, windowsPerSecond: [], load: [], windows: 0, threads: null };
  const args =
    kind === 'train'
      ? ['train', '--epochs', '1', '--batch-size', String(batch)]
      : ['infer', '--model', '/model', '--batch-size', String(batch)];
  for (let rep = 0; rep < REPS; rep++) {
    p.load.push(loadavg()[0]!);
    const { result } = await job(tag, data, args, kind === 'infer' ? model : null);
    p.windowsPerSecond.push(rate(result));
    p.windows = result.data.windows;
    p.threads = result.framework.threads ?? null;
  }
  console.error(
    `  ${stack} ${kind} batch ${batch}: ${p.windowsPerSecond.map((v) => v.toFixed(0)).join(', ')} windows/s`,
  );
  return p;
}

// Every point of one stack: a model first (1 epoch at the preset's batch size), then train and infer per batch size.
async function measureStack(stack: string, data: string): Promise<Point[]> {
  const image = await ensureImage(await loadStack(stack));
  const model = await job(image.tag, data, ['train', '--epochs', '1'], null, true);
  const points: Point[] = [];
  try {
    for (const batch of BATCHES)
      for (const kind of JOBS) points.push(await point(stack, image.tag, data, kind, batch, join(model.out, 'run')));
  } finally {
    await rm(model.out, { recursive: true, force: true });
  }
  return points;
}

const fmt = (v: number): string => Math.round(v).toLocaleString('en-US');

// The table: one row per stack and batch size, train and infer side by side.
function table(points: Point[]): string {
  const head = `| stack | batch | train windows/s (median of ${REPS}, range) | infer windows/s (median, range) | load (1 min) |`;
  const rows = [head, '| --- | ---: | ---: | ---: | ---: |'];
  const cell = (p: Point | undefined): string =>
    p
      ? `${fmt(median(p.windowsPerSecond))} (${fmt(Math.min(...p.windowsPerSecond))}–${fmt(Math.max(...p.windowsPerSecond))})`
      : '–';
  for (const stack of STACKS)
    for (const batch of BATCHES) {
      const t = points.find((p) => p.stack === stack && p.batch === batch && p.job === 'train');
      const i = points.find((p) => p.stack === stack && p.batch === batch && p.job === 'infer');
      const loads = [...(t?.load ?? []), ...(i?.load ?? [])];
      rows.push(
        `| ${stack} | ${batch} | ${cell(t)} | ${cell(i)} | ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} |`,
      );
    }
  return rows.join('\n');
}

const data = await mkdtemp(join(tmpdir(), 'db-bench-data-'));
try {
  // The generator is pure Python (no torch): the host's python3 writes the same bytes as any image's.
  await execa(
    'python3',
    ['-m', 'deploybench_workload', 'generate', '--out', data, '--preset', PRESET, '--seed', '42'],
    {
      env: { PYTHONPATH: join(PROJECT_ROOT, 'images/workload'), PYTHONDONTWRITEBYTECODE: '1' },
    },
  );
  const before = (await execa('uptime')).stdout.trim();
  const points: Point[] = [];
  for (const stack of STACKS) points.push(...(await measureStack(stack, data)));
  const after = (await execa('uptime')).stdout.trim();
  const threads = STACKS.map(
    (s) => `${s} ${[...new Set(points.filter((p) => p.stack === s).map((p) => p.threads))].join('/')}`,
  ).join(', ');
  const trainWindows = points.find((p) => p.job === 'train')?.windows ?? 0;
  const inferWindows = points.find((p) => p.job === 'infer')?.windows ?? 0;
  console.log(
    `${PRESET} data (seed 42): ${trainWindows || '(train not run)'} training windows, ${inferWindows || '(infer not run)'} inference windows; docker run --cpus ${CPUS}, torch threads ${threads}; ${REPS} repetitions`,
  );
  console.log(`uptime before: ${before}\nuptime after:  ${after}\n`);
  console.log(table(points));
} finally {
  await rm(data, { recursive: true, force: true });
}
