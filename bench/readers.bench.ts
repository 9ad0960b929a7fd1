// Parsing speed of the reference workload's log readers (images/workload/deploybench_workload/readers): the
// paper preset's train.log (about 230,000 lines, generated) rewritten in every format by
// images/workload/tests/logconvert.py, then read by readers.read() with the host's python3, one fresh
// process per format and run: rows/s (non-blank lines / wall seconds of read(); sequences: a row is a session),
// events/s (events grouped), MB/s, CPU seconds and peak RSS.
// node harness/cli/tsnode.js bench/readers.bench.ts [--runs N] [--preset tiny|small|paper]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../harness/core/paths.ts';
import { median } from './idle-job.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const runs = Number(arg('--runs', '3'));
const preset = arg('--preset', 'paper');
const WORKLOAD = join(PROJECT_ROOT, 'images/workload');
const FORMATS = ['kv', 'suricata-eve', 'fortigate', 'panos', 'csv', 'jsonl', 'sequences'] as const;
// One read in a fresh interpreter: prints lines, sequences, wall and CPU seconds, peak RSS (KiB).
const READ = [
  'import json, resource, sys, time',
  'from deploybench_workload import readers',
  't, c = time.perf_counter(), time.process_time()',
  'p = readers.read(sys.argv[1], sys.argv[2])',
  'w, c = time.perf_counter() - t, time.process_time() - c',
  'print(json.dumps({"lines": p.lines, "malformed": p.malformed, "sequences": len(p.ips), "events": sum(map(len, p.events)), "wall": w, "cpu": c, "rssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))',
].join('\n');

const py = (args: string[]) =>
  execa('python3', ['-B', ...args], { cwd: WORKLOAD, env: { PYTHONPATH: WORKLOAD, PYTHONDONTWRITEBYTECODE: '1' } });

const dir = await mkdtemp(join(tmpdir(), 'deploybench-readers-bench-'));
try {
  await py(['-m', 'deploybench_workload', 'generate', '--out', dir, '--preset', preset, '--seed', '42']);
  const python = (await py(['--version'])).stdout.trim();
  const rows: Record<string, string>[] = [];
  for (const fmt of FORMATS) {
    const file = fmt === 'kv' ? join(dir, 'train.log') : join(dir, `train.${fmt}`);
    if (fmt !== 'kv') await py(['tests/logconvert.py', fmt, join(dir, 'train.log'), file]);
    const bytes = (await stat(file)).size;
    const got: { lines: number; sequences: number; events: number; wall: number; cpu: number; rssKiB: number }[] = [];
    for (let i = 0; i < runs; i++) got.push(JSON.parse((await py(['-c', READ, file, fmt])).stdout) as (typeof got)[0]);
    const wall = median(got.map((g) => g.wall));
    const first = got[0]!;
    rows.push({
      format: fmt,
      lines: first.lines.toLocaleString('en-US'),
      MB: (bytes / 1e6).toFixed(1),
      sequences: String(first.sequences),
      'read s (median)': wall.toFixed(2),
      'rows/s': Math.round(first.lines / wall).toLocaleString('en-US'),
      'events/s': Math.round(first.events / wall).toLocaleString('en-US'),
      'MB/s': (bytes / 1e6 / wall).toFixed(1),
      'CPU s': median(got.map((g) => g.cpu)).toFixed(2),
      'peak RSS MiB': (median(got.map((g) => g.rssKiB)) / 1024).toFixed(0),
    });
  }
  console.log(
    `readers.read() on the ${preset} preset's train.log in each format, ${python}, median of ${runs} fresh processes`,
  );
  console.table(rows);
} finally {
  await rm(dir, { recursive: true, force: true });
}
