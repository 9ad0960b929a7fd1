import { hostname as osHostname } from 'node:os';
import Docker from 'dockerode';
import si from 'systeminformation';
import { z } from 'zod';
import { errorMessage } from '../core/errors.ts';
import { detectCgroupVersion } from './cgroup-mounts.ts';
import { nvmlStatus } from './gpu.ts';

export { formatFingerprint } from './fingerprint-format.ts';

const gpuSchema = z.object({
  name: z.string(),
  /** NVML UUID; null when it came from systeminformation. */
  uuid: z.string().nullable(),
  /** Device memory, in bytes. */
  memoryTotalBytes: z.number().nullable(),
  driverVersion: z.string().nullable(),
  /** CUDA compute capability, e.g. "9.0" (NVML); null when unknown. */
  computeCapability: z.string().nullable().default(null),
  /** 'nvml' or 'systeminformation'. */
  source: z.string(),
});

/** Schema of the host fingerprint stored in campaign.json (validate it when reading a campaign back). */
export const hostFingerprintSchema = z.object({
  /** ISO time it was read. */
  collectedAt: z.string(),
  hostname: z.string(),
  cpu: z.object({
    model: z.string(),
    vendor: z.string(),
    physicalCores: z.number(),
    /** Logical CPUs (hardware threads). */
    logicalCpus: z.number(),
    /** Base and maximum frequency in GHz; null when the host does not expose them (VMs). */
    baseGhz: z.number().nullable(),
    maxGhz: z.number().nullable(),
  }),
  /** Physical memory, in bytes. */
  memoryTotalBytes: z.number(),
  os: z.object({ distro: z.string(), release: z.string(), codename: z.string(), kernel: z.string(), arch: z.string() }),
  cgroupVersion: z.union([z.literal(1), z.literal(2)]).nullable(),
  /** Docker engine; null when unreachable (with the reason in `dockerError`). */
  docker: z
    .object({
      version: z.string(),
      apiVersion: z.string(),
      cgroupDriver: z.string().nullable(),
      storageDriver: z.string().nullable(),
    })
    .nullable(),
  dockerError: z.string().nullable(),
  gpus: z.array(gpuSchema),
  nvml: z.object({ available: z.boolean(), reason: z.string() }),
});
/** What the host is, read once per campaign (never in the sampling loop). */
export type HostFingerprint = z.infer<typeof hostFingerprintSchema>;

const positive = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) && v > 0 ? v : null);

async function dockerFacts(docker: Docker): Promise<Pick<HostFingerprint, 'docker' | 'dockerError'>> {
  try {
    const [version, info] = await Promise.all([
      docker.version(),
      docker.info() as Promise<{ CgroupDriver?: string; Driver?: string }>,
    ]);
    return {
      docker: {
        version: version.Version,
        apiVersion: version.ApiVersion,
        cgroupDriver: info.CgroupDriver ?? null,
        storageDriver: info.Driver ?? null,
      },
      dockerError: null,
    };
  } catch (error) {
    return { docker: null, dockerError: errorMessage(error) };
  }
}

/**
 * Reads the host fingerprint: CPU, memory, OS, cgroup version, Docker engine, GPUs (from NVML when it
 * works, else systeminformation) and NVML availability. Takes a fraction of a second; never throws for a
 * missing Docker or GPU (those become null / [] with the reason).
 */
export async function hostFingerprint(options: { docker?: Docker } = {}): Promise<HostFingerprint> {
  const [cpu, mem, os, cgroupVersion, dockerPart, nvml] = await Promise.all([
    si.cpu(),
    si.mem(),
    si.osInfo(),
    detectCgroupVersion().catch(() => null),
    dockerFacts(options.docker ?? new Docker()),
    nvmlStatus(),
  ]);
  let gpus: HostFingerprint['gpus'];
  if (nvml.available) {
    gpus = (nvml.devices ?? []).map((d) => ({
      name: d.name,
      uuid: d.uuid,
      memoryTotalBytes: d.memoryTotalBytes,
      driverVersion: nvml.driverVersion ?? null,
      computeCapability: d.computeCapability,
      source: 'nvml',
    }));
  } else {
    const graphics = await si.graphics().catch(() => ({ controllers: [] }));
    gpus = graphics.controllers.map((c) => ({
      name: [c.vendor, c.model].filter(Boolean).join(' '),
      uuid: null,
      memoryTotalBytes: positive(c.vram ?? undefined) === null ? null : (c.vram as number) * 1024 * 1024,
      driverVersion: c.driverVersion ?? null,
      computeCapability: null,
      source: 'systeminformation',
    }));
  }
  return {
    collectedAt: new Date().toISOString(),
    hostname: os.hostname || osHostname(),
    cpu: {
      model: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' '),
      vendor: cpu.vendor,
      physicalCores: cpu.physicalCores,
      logicalCpus: cpu.cores,
      baseGhz: positive(cpu.speed),
      maxGhz: positive(cpu.speedMax),
    },
    memoryTotalBytes: mem.total,
    os: { distro: os.distro, release: os.release, codename: os.codename, kernel: os.kernel, arch: os.arch },
    cgroupVersion,
    ...dockerPart,
    gpus,
    nvml: { available: nvml.available, reason: nvml.reason },
  };
}
