import type { RunRecord } from '../results/schema.ts';
import type { CampaignInfo, DiffSide, FrameworkFingerprint, HostFingerprint, SideFingerprint } from './types.ts';
import { scenarioOf } from '../stats/job-runs.ts';

// campaign.host is a loose record written by whichever fingerprint code ran; every field is read through
// several likely paths (our own names first, then systeminformation's) and ignored when absent or odd.

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
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return null;
}

function gpuList(host: unknown): { models: string[]; driver: string | null } {
  const lists = ['gpus', 'gpu.devices', 'gpus.devices', 'graphics.controllers'];
  for (const p of lists) {
    const list = at(host, p);
    if (!Array.isArray(list) || list.length === 0) continue;
    const models = list
      .map((g) => (typeof g === 'string' ? g : str(g, ['model', 'name'])))
      .filter((m): m is string => m !== null);
    const driver = list.map((g) => str(g, ['driverVersion', 'driver'])).find((d) => d !== null) ?? null;
    if (models.length > 0) return { models, driver };
  }
  return { models: [], driver: null };
}

/** Reads the host fingerprint of a campaign defensively; fields it cannot find are null. */
export function hostFingerprint(host: Record<string, unknown>): HostFingerprint {
  const gpus = gpuList(host);
  const distro = str(host, ['os.distro', 'osInfo.distro']);
  const release = str(host, ['os.release', 'osInfo.release']);
  // systeminformation splits the model into manufacturer ("Intel") and brand ("Xeon Gold 6230").
  const brand = str(host, ['cpu.brand', 'cpu.name']);
  const maker = str(host, ['cpu.manufacturer']);
  const siModel = brand && maker && !brand.includes(maker) ? `${maker} ${brand}` : brand;
  return {
    hostname: str(host, ['hostname', 'os.hostname', 'osInfo.hostname']),
    os: str(host, ['os.name', 'os.pretty', 'osName']) ?? (distro ? [distro, release].filter(Boolean).join(' ') : null),
    kernel: str(host, ['kernel', 'os.kernel', 'osInfo.kernel', 'kernelVersion']),
    cpuModel: str(host, ['cpu.model', 'cpuModel']) ?? siModel,
    cpuCores: num(host, [
      'cpu.logicalCpus',
      'cpu.logicalCores',
      'cpu.cores',
      'cpuCores',
      'cpus',
      'logicalCpus',
      'cpuCount',
    ]),
    physicalCores: num(host, ['cpu.physicalCores', 'physicalCores']),
    memoryBytes: num(host, [
      'memoryTotalBytes',
      'memory.totalBytes',
      'memoryBytes',
      'memory.total',
      'mem.total',
      'totalMemoryBytes',
    ]),
    gpus: gpus.models,
    gpuDriver:
      str(host, ['gpu.driver', 'gpu.driverVersion', 'nvidia.driverVersion', 'gpuDriver', 'driverVersion']) ??
      gpus.driver,
    docker: str(host, ['docker.version', 'docker.serverVersion', 'dockerVersion', 'docker']),
    cgroupVersion: num(host, ['cgroup.version', 'cgroupVersion', 'cgroup']),
  };
}

/** How a campaign was run: matrix file, preset, sampling intervals, harness version. */
export function campaignInfo(side: DiffSide): CampaignInfo {
  const { campaign } = side;
  const intervals = new Set<number>();
  for (const r of side.records) if (r.status === 'ok' && !r.warmup) intervals.add(r.samples.intervalMs);
  return {
    label: side.label,
    id: campaign.id,
    matrixFile: campaign.matrixFile,
    preset: str(campaign.matrix, ['preset', 'workload.preset', 'workload']),
    intervalsMs: [...intervals].sort((x, y) => x - y),
    harnessVersion: campaign.harness.version,
    commit: campaign.harness.commit,
    startedAt: campaign.startedAt,
  };
}

// The fields of a job's framework fingerprint worth comparing across machines, in this order.
const FRAMEWORK_KEYS = [
  'version',
  'python',
  'numpy',
  'cuda',
  'cudnn',
  'device',
  'threads',
  'cpuCapability',
  'blas',
] as const;

// BLAS details arrive as an object (build settings, loaded libraries): keep what identifies the build.
function blasSummary(blas: unknown): string {
  if (blas === null || typeof blas !== 'object') return typeof blas === 'string' ? blas : JSON.stringify(blas);
  const b = blas as { blasInfo?: unknown; loadedLibraries?: unknown };
  const libs = Array.isArray(b.loadedLibraries) ? b.loadedLibraries.map((l) => String(l).split('/').pop()) : [];
  return [typeof b.blasInfo === 'string' ? b.blasInfo : null, ...libs].filter(Boolean).join(' ');
}

function flatten(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== 'object') return out;
  const fw = value as Record<string, unknown>;
  const cpuCapability = (fw.blas as { cpuCapability?: unknown } | undefined)?.cpuCapability;
  for (const key of FRAMEWORK_KEYS) {
    const v = key === 'cpuCapability' ? cpuCapability : fw[key];
    if (v === undefined || v === null) continue;
    out[key] = key === 'blas' ? blasSummary(v) : typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** The framework fingerprint each stack's jobs reported (the most common one where they disagree). */
export function frameworkFingerprints(records: readonly RunRecord[]): FrameworkFingerprint[] {
  const byStack = new Map<string, Map<string, { values: Record<string, string>; count: number }>>();
  for (const r of records) {
    if (r.status !== 'ok' || r.warmup || !r.job.framework) continue;
    const stack = r.stack ?? scenarioOf(r);
    const values = flatten(r.job.framework);
    const key = JSON.stringify(values);
    const variants = byStack.get(stack) ?? new Map<string, { values: Record<string, string>; count: number }>();
    const seen = variants.get(key) ?? { values, count: 0 };
    seen.count++;
    variants.set(key, seen);
    byStack.set(stack, variants);
  }
  return [...byStack.keys()].sort().map((stack) => {
    const variants = [...(byStack.get(stack)?.values() ?? [])].sort((x, y) => y.count - x.count);
    return { stack, values: variants[0]?.values ?? {}, inconsistent: variants.length > 1 };
  });
}

/** Everything recorded about one side: campaign, host and framework fingerprints. */
export function sideFingerprint(side: DiffSide): SideFingerprint {
  return {
    campaign: campaignInfo(side),
    host: hostFingerprint(side.campaign.host),
    frameworks: frameworkFingerprints(side.records),
  };
}
