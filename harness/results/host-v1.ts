import { hostFingerprintSchema, type GpuFingerprint, type HostFingerprint } from '../sampling/fingerprint-schema.ts';

// campaign.json schemaVersion 1 stored `host` as a loose record. The harness wrote its own fingerprint
// there (gpus possibly without computeCapability), and hand-made or test campaigns used
// systeminformation-style names. This maps every such field to the typed fingerprint once, when the
// file is migrated; what does not map is dropped. Nothing else in the harness guesses paths.

function at(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) && /^\d+$/.test(key) ? cur[Number(key)] : (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function str(value: unknown, paths: readonly string[]): string | null {
  for (const p of paths) {
    const v = at(value, p);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return null;
}

function num(value: unknown, paths: readonly string[]): number | null {
  for (const p of paths) {
    const v = at(value, p);
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= 0) return Number(v);
  }
  return null;
}

function gpusV1(host: unknown): GpuFingerprint[] {
  const topDriver = str(host, [
    'gpu.driver',
    'gpu.driverVersion',
    'nvidia.driverVersion',
    'gpuDriver',
    'driverVersion',
  ]);
  for (const p of ['gpus', 'gpu.devices', 'gpus.devices', 'graphics.controllers']) {
    const list = at(host, p);
    if (!Array.isArray(list) || list.length === 0) continue;
    const gpus = list.flatMap((g): GpuFingerprint[] => {
      const name = typeof g === 'string' ? g : str(g, ['model', 'name']);
      if (name === null) return [];
      const source = str(g, ['source']);
      return [
        {
          name,
          uuid: str(g, ['uuid']),
          memoryTotalBytes: num(g, ['memoryTotalBytes']),
          driverVersion: str(g, ['driverVersion', 'driver']) ?? topDriver,
          computeCapability: str(g, ['computeCapability']),
          source: source === 'nvml' || source === 'systeminformation' ? source : 'unknown',
        },
      ];
    });
    if (gpus.length > 0) return gpus;
  }
  return [];
}

function cpuV1(host: unknown): HostFingerprint['cpu'] {
  // systeminformation splits the model into manufacturer ("Intel") and brand ("Xeon Gold 6230").
  const brand = str(host, ['cpu.brand', 'cpu.name']);
  const maker = str(host, ['cpu.manufacturer']);
  const siModel = brand && maker && !brand.includes(maker) ? `${maker} ${brand}` : brand;
  return {
    model: str(host, ['cpu.model', 'cpuModel']) ?? siModel,
    vendor: str(host, ['cpu.vendor']),
    physicalCores: num(host, ['cpu.physicalCores', 'physicalCores']),
    logicalCpus: num(host, [
      'cpu.logicalCpus',
      'cpu.logicalCores',
      'cpu.cores',
      'cpuCores',
      'cpus',
      'logicalCpus',
      'cpuCount',
    ]),
    baseGhz: num(host, ['cpu.baseGhz', 'cpu.speed']),
    maxGhz: num(host, ['cpu.maxGhz', 'cpu.speedMax']),
  };
}

function osV1(host: unknown): HostFingerprint['os'] {
  const pretty = str(host, ['os.name', 'os.pretty', 'osName']);
  return {
    distro: pretty ?? str(host, ['os.distro', 'osInfo.distro']),
    release: pretty === null ? str(host, ['os.release', 'osInfo.release']) : null,
    codename: str(host, ['os.codename', 'osInfo.codename']),
    kernel: str(host, ['kernel', 'os.kernel', 'osInfo.kernel', 'kernelVersion']),
    arch: str(host, ['os.arch', 'osInfo.arch', 'arch']),
  };
}

function dockerV1(host: unknown): HostFingerprint['docker'] {
  const version = str(host, ['docker.version', 'docker.serverVersion', 'dockerVersion', 'docker']);
  if (version === null) return null;
  return {
    version,
    apiVersion: str(host, ['docker.apiVersion']),
    cgroupDriver: str(host, ['docker.cgroupDriver']),
    storageDriver: str(host, ['docker.storageDriver']),
  };
}

function nvmlV1(host: unknown): HostFingerprint['nvml'] {
  const available = at(host, 'nvml.available');
  const reason = str(host, ['nvml.reason']);
  return typeof available === 'boolean' && reason !== null ? { available, reason } : null;
}

/**
 * The typed fingerprint of a schemaVersion 1 `host` record. A record the harness wrote is kept as it was
 * (gpus gain `computeCapability: null`); any other shape keeps what maps and drops the rest, never
 * throwing. `collectedAt` (ISO) is used when the record has none (the campaign's start).
 */
export function hostFromV1(host: Record<string, unknown>, collectedAt: string): HostFingerprint {
  const exact = hostFingerprintSchema.safeParse(host);
  if (exact.success) return exact.data;
  const cgroup = num(host, ['cgroupVersion', 'cgroup.version', 'cgroup']);
  return {
    collectedAt: str(host, ['collectedAt']) ?? collectedAt,
    hostname: str(host, ['hostname', 'os.hostname', 'osInfo.hostname']),
    cpu: cpuV1(host),
    memoryTotalBytes: num(host, [
      'memoryTotalBytes',
      'memory.totalBytes',
      'memoryBytes',
      'memory.total',
      'mem.total',
      'totalMemoryBytes',
    ]),
    os: osV1(host),
    cgroupVersion: cgroup === 1 || cgroup === 2 ? cgroup : null,
    docker: dockerV1(host),
    dockerError: str(host, ['dockerError']),
    gpus: gpusV1(host),
    nvml: nvmlV1(host),
  };
}
