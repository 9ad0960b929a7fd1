import type { RunRecord } from '../results/schema.ts';
import type { HostFingerprint } from '../sampling/fingerprint-schema.ts';
import type { CampaignInfo, DiffSide, FrameworkFingerprint, HostSummary, SideFingerprint } from './types.ts';
import { scenarioOf } from './match.ts';

/** The host of a campaign as diff and report show it (campaign.host is the typed fingerprint). */
export function hostSummary(host: HostFingerprint): HostSummary {
  const { distro, release } = host.os;
  return {
    hostname: host.hostname,
    os: distro ? [distro, release].filter(Boolean).join(' ') : null,
    kernel: host.os.kernel,
    cpuModel: host.cpu.model,
    cpuCores: host.cpu.logicalCpus,
    physicalCores: host.cpu.physicalCores,
    memoryBytes: host.memoryTotalBytes,
    gpus: host.gpus.map((g) => g.name),
    gpuDriver: host.gpus.find((g) => g.driverVersion !== null)?.driverVersion ?? null,
    docker: host.docker?.version ?? null,
    cgroupVersion: host.cgroupVersion,
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
    preset: 'preset' in campaign.matrix.workload ? campaign.matrix.workload.preset : null,
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
    host: hostSummary(side.campaign.host),
    frameworks: frameworkFingerprints(side.records),
  };
}
