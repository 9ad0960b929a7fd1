import { hostname as osHostname } from 'node:os';
import Docker from 'dockerode';
import si from 'systeminformation';
import { errorMessage } from '../core/errors.ts';
import { detectCgroupVersion } from './cgroup-mounts.ts';
import type { HostFingerprint } from './fingerprint-schema.ts';
import { nvmlStatus } from './gpu.ts';

export { formatFingerprint } from './fingerprint-format.ts';

export { hostFingerprintSchema, type HostFingerprint } from './fingerprint-schema.ts';

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
