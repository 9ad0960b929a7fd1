// campaign.json schemaVersion 1 -> 2: every older shape found in the history (git log -p
// harness/results/campaign.ts harness/sampling/fingerprint.ts, and the fixtures the tests used) is read
// back typed, and a file whose host or matrix fails the schema is refused with its path, field and fix.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.ts';
import { CAMPAIGN_SCHEMA_VERSION } from '../../../harness/results/campaign.ts';
import { migrateCampaign } from '../../../harness/results/campaign-migrate.ts';
import { loadCampaign, writeCampaign } from '../../../harness/results/store.ts';
import { testHost } from '../../helpers/host-fingerprint.ts';

const made: string[] = [];
afterAll(async () => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

// A campaign folder holding only campaign.json with this content (no runs).
async function folderWith(json: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deploybench-migrate-'));
  made.push(dir);
  await writeFile(join(dir, 'campaign.json'), JSON.stringify(json, null, 2));
  return dir;
}

// The top level of a campaign.json as the first harness wrote it (3117144: no `only`, `attempts`, `inputs`).
const V1_TOP = {
  schemaVersion: 1,
  id: '2026-11-29T05-00-00Z-paper-cpu',
  matrixFile: 'scenarios/paper-cpu.yaml',
  harness: { version: '0.1.0', commit: 'abcdef0', node: 'v20.20.2' },
  images: { 'torch-2.6-debian13': `sha256:${'ab'.repeat(32)}` },
  startedAt: '2026-11-29T05:00:00.000Z',
  endedAt: '2026-11-29T06:00:00.000Z',
  state: 'complete',
  runs: [],
  warnings: [],
};

// The matrix as the first harness stored it: parsed, every default filled, jobs an enum list.
const V1_MATRIX = {
  name: 'paper-cpu',
  stacks: ['torch-2.6-debian13'],
  deployments: ['bare-metal', 'container'],
  jobs: ['train', 'infer'],
  workload: { name: 'lstm-logs', preset: 'paper', seed: 42, threads: null, device: 'auto', dataDir: null },
  repetitions: 5,
  warmup: 0,
  sampling: { intervalMs: 100 },
  timeoutSeconds: 3600,
  gpu: false,
  network: 'none',
  cpuset: null,
};

// The host as hostFingerprint() wrote it before e16b188: GPUs without computeCapability.
const V1_HOST_5F885E5 = {
  collectedAt: '2026-11-29T05:00:00.100Z',
  hostname: 'lab-a',
  cpu: {
    model: 'Intel Xeon Gold 6230',
    vendor: 'GenuineIntel',
    physicalCores: 20,
    logicalCpus: 40,
    baseGhz: 2.1,
    maxGhz: 3.9,
  },
  memoryTotalBytes: 192 * 1024 ** 3,
  os: { distro: 'Debian GNU/Linux', release: '12', codename: 'bookworm', kernel: '6.1.0-18-amd64', arch: 'x64' },
  cgroupVersion: 1,
  docker: { version: '20.10.24', apiVersion: '1.41', cgroupDriver: 'cgroupfs', storageDriver: 'overlay2' },
  dockerError: null,
  gpus: [{ name: 'NVIDIA H200', uuid: 'GPU-1', memoryTotalBytes: 141e9, driverVersion: '550.54.15', source: 'nvml' }],
  nvml: { available: true, reason: 'NVML 12.550.54.15' },
};

// The host of the synthetic test campaigns before schemaVersion 2 (systeminformation-style names).
const V1_HOST_SYNTHETIC = {
  hostname: 'synthetic-host',
  os: { distro: 'Debian GNU/Linux', release: '13', kernel: '6.12.0' },
  cpu: { manufacturer: 'Intel', brand: 'Xeon (synthetic)', logicalCores: 2, physicalCores: 2 },
  memory: { totalBytes: 8e9 },
  cgroup: { version: 2 },
  docker: { version: '26.1.5' },
  gpus: [],
};

describe('migrateCampaign: schemaVersion 1 files', () => {
  it('keeps a host the harness wrote before computeCapability existed, adding it as null', async () => {
    const loaded = await loadCampaign(await folderWith({ ...V1_TOP, matrix: V1_MATRIX, host: V1_HOST_5F885E5 }));
    const c = loaded.campaign;
    expect(c.schemaVersion).toBe(CAMPAIGN_SCHEMA_VERSION);
    expect(c.host).toEqual({
      ...V1_HOST_5F885E5,
      gpus: [{ ...V1_HOST_5F885E5.gpus[0], computeCapability: null }],
    });
    // workload.evaluation came later: a campaign from before ran with the then fixed g = 3, h = 10.
    expect(c.matrix).toEqual({
      ...V1_MATRIX,
      workload: { ...V1_MATRIX.workload, evaluation: { topg: 3, window: 10 } },
    });
    expect(c.matrix.workload).toMatchObject({ name: 'lstm-logs', preset: 'paper' });
  });

  it('reads a user workload campaign of 22dcfde (inputs, frameworks, GPUs with computeCapability) unchanged', async () => {
    const host = { ...V1_HOST_5F885E5, gpus: [{ ...V1_HOST_5F885E5.gpus[0], computeCapability: '9.0' }] };
    const matrix = {
      ...V1_MATRIX,
      jobs: ['fit'],
      workload: {
        name: 'mine',
        code: '/home/u/my-project',
        data: null,
        prepare: null,
        jobs: { fit: ['python3', '/code/fit.py'] },
        env: {},
        workdir: null,
      },
    };
    const extra = {
      only: 'torch-2.6-debian13@*',
      inputs: { code: { sha256: 'ab', files: 1, bytes: 10 }, data: null, unchangedAtEnd: true },
      frameworks: { 'torch-2.6-debian13@container': { version: '2.6.0' } },
    };
    const c = (await loadCampaign(await folderWith({ ...V1_TOP, ...extra, matrix, host }))).campaign;
    expect(c.host).toEqual(host);
    expect(c.matrix).toEqual(matrix);
    expect(c).toMatchObject(extra);
  });

  it('maps a systeminformation-style host (the old test fixtures) to typed fields and leaves the rest null', async () => {
    const c = (await loadCampaign(await folderWith({ ...V1_TOP, matrix: V1_MATRIX, host: V1_HOST_SYNTHETIC })))
      .campaign;
    expect(c.host).toEqual({
      collectedAt: V1_TOP.startedAt,
      hostname: 'synthetic-host',
      cpu: {
        model: 'Intel Xeon (synthetic)',
        vendor: null,
        physicalCores: 2,
        logicalCpus: 2,
        baseGhz: null,
        maxGhz: null,
      },
      memoryTotalBytes: 8e9,
      os: { distro: 'Debian GNU/Linux', release: '13', codename: null, kernel: '6.12.0', arch: null },
      cgroupVersion: 2,
      docker: { version: '26.1.5', apiVersion: null, cgroupDriver: null, storageDriver: null },
      dockerError: null,
      gpus: [],
      nvml: null,
    });
  });

  it('drops host fields that map to nothing, and odd values, without failing', () => {
    const host = {
      ...V1_HOST_SYNTHETIC,
      cpu: { ...V1_HOST_SYNTHETIC.cpu, flags: 'sse avx', cache: { l1d: 32 } },
      virtualization: { kind: 'kvm' },
      gpus: [42, { model: 'NVIDIA A100', driver: '535.1' }, { nothing: true }],
      cgroupVersion: 3,
      memoryTotalBytes: -1,
    };
    const c = migrateCampaign({ ...V1_TOP, matrix: V1_MATRIX, host }) as { host: Record<string, unknown> };
    expect(Object.keys(c.host).sort()).toEqual(Object.keys(testHost()).sort());
    expect(c.host.cgroupVersion).toBeNull();
    expect(c.host.memoryTotalBytes).toBe(8e9);
    expect(c.host.gpus).toEqual([
      {
        name: 'NVIDIA A100',
        uuid: null,
        memoryTotalBytes: null,
        driverVersion: '535.1',
        computeCapability: null,
        source: 'unknown',
      },
    ]);
  });

  it('leaves a current file, and what is not an object, as they are', () => {
    const current = { ...V1_TOP, schemaVersion: 2, matrix: V1_MATRIX, host: testHost() };
    expect(migrateCampaign(current)).toBe(current);
    expect(migrateCampaign(null)).toBeNull();
    expect(migrateCampaign([1])).toEqual([1]);
  });
});

describe('loadCampaign refuses a host or matrix that fails the schema', () => {
  async function refusal(json: unknown): Promise<HarnessError> {
    const dir = await folderWith(json);
    const error = await loadCampaign(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HarnessError);
    const e = error as HarnessError;
    expect(e.message).toContain(join(dir, 'campaign.json'));
    return e;
  }

  it('names host.cpu.logicalCpus and says how a fingerprint looks', async () => {
    const host = testHost();
    const e = await refusal({
      ...V1_TOP,
      schemaVersion: 2,
      matrix: V1_MATRIX,
      host: { ...host, cpu: { ...host.cpu, logicalCpus: 'many' } },
    });
    expect(e.code).toBe('E_RESULTS_INVALID');
    expect(e.message).toContain('not a valid campaign: host.cpu.logicalCpus:');
    expect(e.message).toContain('found "many" (string)');
    expect(e.fix).toContain('correct host.cpu.logicalCpus in campaign.json');
    expect(e.fix).toContain('deploybench fingerprint --json');
  });

  it('names matrix.deployments[1] and points at the matrix schema, for a v1 file too', async () => {
    const matrix = { ...V1_MATRIX, deployments: ['bare-metal', 'vm'] };
    for (const json of [
      { ...V1_TOP, matrix, host: V1_HOST_5F885E5 },
      { ...V1_TOP, schemaVersion: 2, matrix, host: testHost() },
    ]) {
      const e = await refusal(json);
      expect(e.message).toContain('not a valid campaign: matrix.deployments[1]: expected one of bare-metal');
      expect(e.fix).toContain('correct matrix.deployments[1] in campaign.json');
      expect(e.fix).toContain('scenarios/matrix.schema.json');
    }
  });

  it('refuses a v2 host with a missing field, and a host that is not a mapping in a v1 file', async () => {
    const { nvml: _n, ...noNvml } = testHost();
    const missing = await refusal({ ...V1_TOP, schemaVersion: 2, matrix: V1_MATRIX, host: noNvml });
    expect(missing.message).toContain('host.nvml:');
    const odd = await refusal({ ...V1_TOP, matrix: V1_MATRIX, host: 'lab-a' });
    expect(odd.message).toContain('not a valid campaign: host:');
  });

  it('refuses a newer campaign.json with the version this deploybench reads', async () => {
    const e = await refusal({ ...V1_TOP, schemaVersion: 3, matrix: V1_MATRIX, host: testHost() });
    expect(e.code).toBe('E_RESULTS_NEWER');
    expect(e.message).toContain(
      `schemaVersion 3 is newer than this deploybench understands (${CAMPAIGN_SCHEMA_VERSION})`,
    );
  });

  it('reads its own output back: the file written after a migration is the current version', async () => {
    const dir = await folderWith({ ...V1_TOP, matrix: V1_MATRIX, host: V1_HOST_SYNTHETIC });
    const migrated = (await loadCampaign(dir)).campaign;
    await writeCampaign(dir, migrated);
    const onDisk = JSON.parse(await readFile(join(dir, 'campaign.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk.schemaVersion).toBe(2);
    expect((onDisk.host as { cpu: { model: string } }).cpu.model).toBe('Intel Xeon (synthetic)');
    expect((await loadCampaign(dir)).campaign).toEqual(migrated);
  });
});
