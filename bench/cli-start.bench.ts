// Start-up cost of the `deploybench` binary: wall time (spawn to exit, as a user sees it), CPU time (user +
// system of the child) and peak RSS of `--help`, `list`, `list stacks` and `list scenarios`, medians of N runs.
// The binary runs dist/ when it is up to date (`npm run build` first) and the sources through tsx otherwise;
// `--tsx` measures the tsx path (DEPLOYBENCH_TSX=1). node harness/cli/tsnode.js bench/cli-start.bench.ts [--runs N] [--tsx]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../harness/core/paths.ts';
import { median } from './idle-job.ts';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const tsx = process.argv.includes('--tsx');
const BIN = join(PROJECT_ROOT, 'harness/cli/bin.js');
// Preloaded into the child: writes its own resource usage (CPU in us, maxRSS in KiB) to a file at exit.
const PRELOAD = `data:text/javascript,${encodeURIComponent("import{writeFileSync}from'node:fs';process.on('exit',()=>writeFileSync(process.env.BENCH_RUSAGE,JSON.stringify(process.resourceUsage())))")}`;

interface Run {
  wallSeconds: number;
  cpuSeconds: number;
  rssMiB: number;
}

async function once(args: string[], out: string): Promise<Run> {
  const t0 = performance.now();
  const r = await execa('node', ['--import', PRELOAD, BIN, ...args], {
    reject: false,
    env: { BENCH_RUSAGE: out, ...(tsx ? { DEPLOYBENCH_TSX: '1' } : {}) },
    cwd: PROJECT_ROOT,
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (r.exitCode !== 0) throw new Error(`deploybench ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
  const u = JSON.parse(await readFile(out, 'utf8')) as NodeJS.ResourceUsage;
  return { wallSeconds, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, rssMiB: u.maxRSS / 1024 };
}

const dir = await mkdtemp(join(tmpdir(), 'deploybench-bench-'));
const rows: Record<string, string>[] = [];
for (const args of [['--help'], ['list'], ['list', 'stacks'], ['list', 'scenarios']]) {
  const all: Run[] = [];
  await once(args, join(dir, 'warm.json'));
  for (let i = 0; i < runs; i++) all.push(await once(args, join(dir, `${i}.json`)));
  rows.push({
    command: `deploybench ${args.join(' ')}`,
    'wall s (median)': median(all.map((r) => r.wallSeconds)).toFixed(3),
    'CPU s (median)': median(all.map((r) => r.cpuSeconds)).toFixed(3),
    'peak RSS MiB (median)': median(all.map((r) => r.rssMiB)).toFixed(0),
    'wall s (all)': all.map((r) => r.wallSeconds.toFixed(2)).join(' '),
  });
}
await rm(dir, { recursive: true, force: true });
console.log(
  `deploybench start-up, ${tsx ? 'sources through tsx (DEPLOYBENCH_TSX=1)' : 'dist/ when fresh'}, ${runs} runs each after one warm-up:`,
);
console.table(rows);
