import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHostCpu } from '../../../harness/sampling/noise.ts';
import { buildFixtures, type FixtureProgram } from '../../fixtures/build.ts';
import { measureHostCommand, type Measured } from '../../fixtures/measure.ts';
import { skipWithoutRoot } from './env.ts';

const MIB = 1024 * 1024;
const ANON = 100;
const SHM = 50;
const FILE = 64;

function memoryLine(what: string, m: Measured): void {
  const x = m.result.memory;
  const mib = (v: number | null | undefined): string => (v == null ? 'null' : `${(v / MIB).toFixed(1)} MiB`);
  console.info(
    `${what}: private peak ${mib(x.peakBytes)}, RSS peak ${mib(x.rssPeakBytes)}, cgroup peak ${mib(x.cgroupPeakBytes)}, at end anon ${mib(x.cgroupAtEnd?.anonBytes)} file ${mib(x.cgroupAtEnd?.fileBytes)} shmem ${mib(x.cgroupAtEnd?.shmemBytes)}; noise ${JSON.stringify(m.result.noise)}`,
  );
}

// What the rest of the host used over `ms`, in % of one core (this test process included): a quiet-machine check.
async function hostBusyPercent(ms: number): Promise<number> {
  const a = readHostCpu();
  await new Promise((r) => setTimeout(r, ms));
  const b = readHostCpu();
  if (!a || !b) throw new Error('/proc/stat is unreadable');
  return ((b.busySeconds - a.busySeconds) / (ms / 1000)) * 100;
}

const memmix = (bin: string, extra: string[]): string[] => [
  bin,
  '--anon-mb',
  String(ANON),
  '--shm-mb',
  String(SHM),
  '--file-mb',
  String(FILE),
  '--seconds',
  '1.5',
  ...extra,
];

// Ground truth: the fixture holds ANON MiB anonymous + SHM MiB memfd (private, what the job needs) and maps FILE
// MiB of a file (file-backed, reclaimable). Tolerance of the private peak: 2 % + 8 MiB (libc, stack, page tables).
describe.skipIf(skipWithoutRoot())('memory kinds and noise on host processes (the bare-metal path)', () => {
  let bin: Record<FixtureProgram, string>;
  const file = join(tmpdir(), `deploybench-memmix-${process.pid}.dat`);
  beforeAll(async () => {
    bin = await buildFixtures();
  });
  afterAll(async () => {
    await rm(file, { force: true });
  });

  it('private peak = anon + shmem; RSS peak adds the mapped file; the cgroup peak adds the page cache it wrote', async () => {
    await rm(file, { force: true });
    const m = await measureHostCommand(memmix(bin.memmix, ['--file', file]));
    memoryLine('memmix, file written by the job', m);
    expect(m.exitCode).toBe(0);
    const priv = (ANON + SHM) * MIB;
    expect(m.result.memory.peakBytes).toBeGreaterThanOrEqual(priv);
    expect(m.result.memory.peakBytes).toBeLessThanOrEqual(priv * 1.02 + 8 * MIB);
    expect(m.result.memory.rssPeakBytes).toBeGreaterThanOrEqual(priv + FILE * MIB);
    expect(m.result.memory.rssPeakBytes).toBeLessThanOrEqual((priv + FILE * MIB) * 1.02 + 8 * MIB);
    expect(m.result.memory.cgroupPeakBytes).toBeGreaterThanOrEqual(priv + FILE * MIB);
    expect(m.result.memory.avgBytes).toBeLessThanOrEqual(m.result.memory.peakBytes as number);
    expect(m.result.memory.rssAvgBytes).toBeGreaterThan(m.result.memory.avgBytes as number);
    // The job is gone: its anon and memfd pages are freed, the page cache it wrote stays charged.
    expect(m.result.memory.cgroupAtEnd?.anonBytes).toBeLessThan(8 * MIB);
    expect(m.result.memory.cgroupAtEnd?.fileBytes).toBeGreaterThanOrEqual(FILE * MIB * 0.9);
  });

  it('a file cached by another cgroup counts in the RSS peak but not in the cgroup peak (the README case)', async () => {
    await writeFile(file, Buffer.alloc(FILE * MIB, 1));
    await readFile(file); // cached now, charged to this test process's cgroup
    const m = await measureHostCommand(memmix(bin.memmix, ['--file', file, '--existing', '1']));
    memoryLine('memmix, file cached elsewhere', m);
    const priv = (ANON + SHM) * MIB;
    expect(m.result.memory.peakBytes).toBeGreaterThanOrEqual(priv);
    expect(m.result.memory.peakBytes).toBeLessThanOrEqual(priv * 1.02 + 8 * MIB);
    expect(m.result.memory.rssPeakBytes).toBeGreaterThanOrEqual(priv + FILE * MIB);
    expect(m.result.memory.cgroupPeakBytes).toBeGreaterThanOrEqual(priv);
    expect(m.result.memory.cgroupPeakBytes).toBeLessThan(priv + (FILE * MIB) / 2);
  });

  it('a spike of a process between samples: the private estimate from VmHWM excludes its file-mapped pages', async () => {
    const m = await measureHostCommand(
      [bin.spike, '--base-mb', '20', '--spike-mb', '300', '--spike-ms', '60', '--before-seconds', '1.3'],
      { intervalMs: 1000 },
    );
    // On a loaded machine touching 300 MiB can take long enough for a sample to land in it: then the samples saw it.
    const sampledMax = Math.max(...m.result.samples.map((s) => s.memoryBytes ?? 0));
    if (sampledMax >= 40 * MIB)
      console.warn(`a sample caught the spike (${sampledMax} bytes): VmHWM path not exercised`);
    // A lower bound: file pages faulted in after the spike (fprintf's code) are subtracted too (~100 KiB here).
    expect(m.result.memory.peakBytes).toBeGreaterThanOrEqual(319 * MIB);
    expect(m.result.memory.peakBytes).toBeLessThanOrEqual(320 * MIB * 1.02 + 8 * MIB);
    expect(m.result.memory.rssPeakBytes).toBeGreaterThanOrEqual(m.result.memory.peakBytes as number);
  });

  it('a run while a busy loop burns a core on the host is flagged noisy', async () => {
    const burner = execa(bin.spin, ['--threads', '1', '--seconds', '6'], { reject: false });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const m = await measureHostCommand([bin.alloc, '--mb', '10', '--seconds', '3']);
      memoryLine('idle job beside a busy loop', m);
      const noise = m.result.noise;
      // One spinning thread gets at least ~2/3 of a core even when two other tasks compete on 2 cores.
      expect(noise?.otherCpuPercent).toBeGreaterThan(60);
      expect(noise?.otherCpuPercent).toBeLessThanOrEqual(100 * 2 + 5);
      expect(noise?.noisy).toBe(true);
      expect(noise?.thresholdPercent).toBe(10);
    } finally {
      burner.kill('SIGKILL');
      await burner;
    }
  });

  it("the job's own CPU is not counted as noise; on a quiet machine the run is not noisy", async () => {
    const before = await hostBusyPercent(1000);
    const a = readHostCpu();
    const t0 = performance.now();
    const m = await measureHostCommand([bin.spin, '--threads', '1', '--seconds', '3']);
    const b = readHostCpu();
    const window = (performance.now() - t0) / 1000;
    if (!a || !b) throw new Error('/proc/stat is unreadable');
    // The same figure over a window a few ms wider, from readings taken outside the sampler: holds under any load.
    const expected = ((b.busySeconds - a.busySeconds - (m.result.cpu.totalSeconds as number)) / window) * 100;
    memoryLine(`spinning job (host busy before ${before.toFixed(1)} %, other expected ${expected.toFixed(1)} %)`, m);
    const noise = m.result.noise;
    expect(noise?.windowSeconds).toBeGreaterThan(2.9);
    expect(Math.abs((noise?.otherCpuPercent as number) - Math.max(0, expected))).toBeLessThan(10);
    if (before < 4) expect(noise?.noisy).toBe(false);
    else
      console.warn(`machine not quiet (${before.toFixed(1)} % busy before the run): noisy=${noise?.noisy} not checked`);
  });
});
