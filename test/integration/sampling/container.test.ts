import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobCgroup, type LocalJobCgroup } from '../../../harness/sampling/cgroup.ts';
import { cgroupLayout } from '../../../harness/sampling/cgroup-mounts.ts';
import { createSampler } from '../../../harness/sampling/sampler.ts';
import type { SamplingResult } from '../../../harness/sampling/types.ts';
import { buildFixtureImage, TEST_LABEL } from '../../fixtures/image.ts';
import { testCgroupId } from '../../fixtures/measure.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';

const MIB = 1024 * 1024;
const docker = new Docker();
const skip = await skipWithoutDocker();

/** Demultiplexes `docker logs` output of a container without a TTY (8-byte frame headers) into text. */
function demux(buf: Buffer): string {
  let out = '';
  for (let o = 0; o + 8 <= buf.length;) {
    const size = buf.readUInt32BE(o + 4);
    out += buf.toString('utf8', o + 8, o + 8 + size);
    o += 8 + size;
  }
  return out;
}

interface ContainerRun {
  result: SamplingResult;
  /** The container's own run time from Docker's State.StartedAt/FinishedAt, in seconds. */
  containerSeconds: number;
  self: { cpuSeconds: number } | null;
  oomKilled: boolean;
  /** Child cgroups left below the job cgroup when the sampler stopped (Docker removed the container's). */
  leftBelow: string[];
  cgroup: LocalJobCgroup;
}

// Runs a fixture in a FROM-scratch container whose cgroup Docker creates below the job cgroup, samples it,
// removes the container, and only then takes the final reading: the parent's counters must still hold the job.
async function runInContainer(
  image: string,
  cmd: string[],
  options: { intervalMs?: number; memoryBytes?: number } = {},
): Promise<ContainerRun> {
  const cgroup = await createJobCgroup(testCgroupId('ctr'));
  try {
    const container = await docker.createContainer({
      Image: image,
      Cmd: cmd,
      Labels: { [TEST_LABEL]: String(process.pid) },
      HostConfig: {
        CgroupParent: cgroup.dockerCgroupParent,
        NetworkMode: 'none',
        ...(options.memoryBytes ? { Memory: options.memoryBytes, MemorySwap: options.memoryBytes } : {}),
      },
    });
    const sampler = createSampler({ cgroup, intervalMs: options.intervalMs ?? 100, hostCpus: availableParallelism() });
    sampler.start();
    const t0 = performance.now();
    await container.start();
    await container.wait();
    const wallSeconds = (performance.now() - t0) / 1000;
    const info = await container.inspect();
    const logs = demux(await container.logs({ stdout: true, stderr: false }));
    await container.remove({ force: true });
    await new Promise((r) => setTimeout(r, 300)); // let Docker/runc remove the container's cgroup
    const leftBelow = (await readdir(cgroup.memoryDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const result = await sampler.stop(wallSeconds);
    const containerSeconds = (Date.parse(info.State.FinishedAt) - Date.parse(info.State.StartedAt)) / 1000;
    const last = logs.trim().split('\n').pop() ?? '';
    const self = last.startsWith('{"cpuSeconds"') ? (JSON.parse(last) as { cpuSeconds: number }) : null;
    return { result, containerSeconds, self, oomKilled: info.State.OOMKilled, leftBelow, cgroup };
  } finally {
    await cgroup.remove();
  }
}

describe.skipIf(skip)('sampler accuracy in containers (Docker cgroup below the job cgroup)', () => {
  let image: string;
  beforeAll(async () => {
    image = await buildFixtureImage(docker);
  });
  afterAll(async () => {
    const left = await docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${process.pid}`] } });
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  });

  it('one spinning thread for 4 s: CPU equals what the program used, readable after the container is removed', async () => {
    const r = await runInContainer(image, ['/bin/spin', '--threads', '1', '--seconds', '4']);
    expect(r.leftBelow).toEqual([]);
    const self = r.self?.cpuSeconds as number;
    const truth = (self / r.containerSeconds) * 100;
    const total = r.result.cpu.totalSeconds as number;
    const dockerAvg = (total / r.containerSeconds) * 100;
    console.info(
      `container spin: cgroup ${total.toFixed(4)} s vs getrusage ${self.toFixed(4)} s; avg over the container's run ${dockerAvg.toFixed(2)} % (program's own ${truth.toFixed(2)} %), over the harness's wall ${r.result.cpu.avgPercent?.toFixed(2)} %, max ${r.result.cpu.maxPercent?.toFixed(2)} %`,
    );
    expect(r.result.cpu.totalSeconds).toBeGreaterThan(self * 0.99);
    expect(r.result.cpu.totalSeconds).toBeLessThan(self * 1.01 + 0.05);
    expect(Math.abs(dockerAvg - truth)).toBeLessThanOrEqual(3);
    expect(r.result.cpu.maxPercent).toBeLessThan(103);
    expect(r.result.cpu.maxPercent).toBeGreaterThan(truth - 3);
  });

  it('400 MiB allocated: peak within 2 % + 8 MiB from the container processes (host PIDs)', async () => {
    const r = await runInContainer(image, ['/bin/alloc', '--mb', '400', '--seconds', '1.5']);
    expect(r.result.memory.peakBytes).toBeGreaterThanOrEqual(400 * MIB);
    expect(r.result.memory.peakBytes).toBeLessThanOrEqual(400 * MIB * 1.02 + 8 * MIB);
    expect(r.result.memory.cgroupPeakBytes).toBeGreaterThanOrEqual(400 * MIB);
  });

  it('private peak = anon + shmem; RSS peak adds the mapped file; the cgroup peak adds the page cache it wrote', async () => {
    // 100 MiB anonymous + 50 MiB memfd + a 64 MiB file written into the container's own filesystem and mapped.
    const r = await runInContainer(image, ['/bin/memmix', '--anon-mb', '100', '--shm-mb', '50', '--file-mb', '64']);
    const x = r.result.memory;
    const mib = (v: number | null | undefined): string => (v == null ? 'null' : (v / MIB).toFixed(1));
    console.info(
      `container memmix: private ${mib(x.peakBytes)} MiB, RSS ${mib(x.rssPeakBytes)} MiB, cgroup ${mib(x.cgroupPeakBytes)} MiB, at end file ${mib(x.cgroupAtEnd?.fileBytes)} MiB; noise ${JSON.stringify(r.result.noise)}`,
    );
    const priv = 150 * MIB;
    expect(x.peakBytes).toBeGreaterThanOrEqual(priv);
    expect(x.peakBytes).toBeLessThanOrEqual(priv * 1.02 + 8 * MIB);
    expect(x.rssPeakBytes).toBeGreaterThanOrEqual(priv + 64 * MIB);
    expect(x.rssPeakBytes).toBeLessThanOrEqual((priv + 64 * MIB) * 1.02 + 8 * MIB);
    expect(x.cgroupPeakBytes).toBeGreaterThanOrEqual(priv + 64 * MIB);
    expect(r.result.noise?.windowSeconds).toBeGreaterThan(1.5);
  });

  it('catches a 60 ms spike of 300 MiB at a 1000 ms interval', async () => {
    const r = await runInContainer(
      image,
      [
        '/bin/spike',
        '--base-mb',
        '20',
        '--spike-mb',
        '300',
        '--spike-ms',
        '60',
        '--before-seconds',
        '1.3',
        '--after-seconds',
        '1.2',
      ],
      { intervalMs: 1000 },
    );
    // The private estimate is a lower bound: less the file pages faulted in after the spike (~100 KiB).
    expect(r.result.memory.peakBytes).toBeGreaterThanOrEqual(319 * MIB);
    expect(r.result.memory.peakBytes).toBeLessThanOrEqual(320 * MIB * 1.02 + 8 * MIB);
  });

  it("counts forked children's CPU and memory", async () => {
    const r = await runInContainer(image, [
      '/bin/forker',
      '--children',
      '3',
      '--seconds',
      '3',
      '--mb',
      '50',
      '--percent',
      '30',
    ]);
    expect(r.result.cpu.totalSeconds).toBeGreaterThan((r.self?.cpuSeconds as number) * 0.99);
    expect(r.result.cpu.totalSeconds).toBeLessThan((r.self?.cpuSeconds as number) * 1.01 + 0.05);
    expect(r.result.memory.peakBytes).toBeGreaterThanOrEqual(150 * MIB);
    expect(r.result.memory.peakBytes).toBeLessThanOrEqual(150 * MIB * 1.02 + 8 * MIB);
  });

  it('a container OOM-killed by its own limit: Docker says so; cgroup v2 counts it in the parent', async () => {
    const r = await runInContainer(image, ['/bin/alloc', '--mb', '200', '--seconds', '1'], {
      memoryBytes: 64 * MIB,
      intervalMs: 10,
    });
    expect(r.oomKilled).toBe(true);
    // On v1 the kill is counted only in the container's own cgroup, which Docker removes at once: the sampler
    // catches it only if a tick ran in between, so the run loop must also use Docker's State.OOMKilled.
    if ((await cgroupLayout()).version === 2) expect(r.result.memory.oomKills).toBeGreaterThanOrEqual(1);
    expect(r.result.memory.oomKills).toBeGreaterThanOrEqual(0);
  });
});
