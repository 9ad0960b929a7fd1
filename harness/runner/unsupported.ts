import type { HostFingerprint } from '../sampling/fingerprint-schema.ts';
import { runRecordPath, writeRunRecord } from '../results/store.ts';
import type { RunRecord } from '../results/schema.ts';
import type { PlannedRun } from './plan.ts';
import { notRunRecord } from './record.ts';
import type { GpuInfo } from './support.ts';

/**
 * CUDA-capable GPUs of a host fingerprint: those NVML lists (a display adapter that systeminformation
 * finds cannot run a CUDA stack).
 */
export function gpusOf(host: HostFingerprint): GpuInfo[] {
  return host.gpus
    .filter((g) => g.source === 'nvml')
    .map((g) => ({
      name: g.name,
      computeCapability: g.computeCapability,
      ...(g.driverVersion !== null ? { driverVersion: g.driverVersion } : {}),
    }));
}

/** Writes the record of a run this host cannot execute ('unsupported'), or that cannot start because its stack's set-up failed ('failed'). */
export async function recordNotRun(
  campaignDir: string,
  campaignId: string,
  p: PlannedRun,
  status: 'unsupported' | 'failed',
  reason: string,
): Promise<{ record: RunRecord; file: string }> {
  const file = runRecordPath(campaignDir, p.scenario, p.job, p.rep, p.warmup);
  const record = notRunRecord(
    {
      campaign: campaignId,
      scenario: p.scenario,
      stack: p.stack,
      deployment: p.deployment,
      executor: p.deployment,
      image: null,
      job: p.job,
      rep: p.rep,
      warmup: p.warmup,
    },
    status,
    reason,
    [],
  );
  await writeRunRecord(file, record);
  return { record, file };
}
