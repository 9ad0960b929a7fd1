import type { GpuMetrics } from '../results/schema.ts';

/** One GPU reading taken by the sampler. */
export interface GpuReading {
  /** GPU memory of the job's processes summed over devices, in bytes: 0 when none of them is on a GPU, null when NVML lists them but cannot tell their memory. */
  processBytes: number | null;
  /** Device memory in use, summed over devices, in bytes; null when unknown. */
  deviceUsedBytes: number | null;
  /** GPU utilisation in percent: mean over the devices running a job process, else over all devices; null when unsupported. */
  utilPercent: number | null;
}

/**
 * A source of GPU figures shared by all jobs of a campaign (NVML or nvidia-smi). It keeps no per-job
 * state: the sampler asks for the baseline before the job and one reading per tick.
 */
export interface GpuProbe {
  /** Where the figures come from. */
  readonly source: 'nvml' | 'nvidia-smi';
  /** UUIDs of the devices sampled. */
  readonly devices: readonly string[];
  /** Device memory in use now, summed over devices, in bytes (the baseline before a job); null when unknown. */
  deviceUsedBytes(): Promise<number | null>;
  /** One reading for the job whose host PIDs are given. */
  read(pids: readonly number[]): Promise<GpuReading>;
  /** Releases the library or the child process. */
  close(): Promise<void>;
}

/** One device's state as seen by a probe, for the pure reading computation. */
export interface DeviceSnapshot {
  usedBytes: number | null;
  utilPercent: number | null;
  /** Compute processes on the device: host PID and used bytes (null = not available). */
  processes: { pid: number; usedBytes: number | null }[];
}

/** Combines per-device snapshots into one reading for the given job PIDs (pure; the per-PID accounting). */
export function readingFromSnapshots(devices: readonly DeviceSnapshot[], pids: readonly number[]): GpuReading {
  const job = new Set(pids);
  let known = 0;
  let listed = 0;
  let unknown = 0;
  const utilAll: number[] = [];
  const utilJob: number[] = [];
  let used: number | null = 0;
  for (const d of devices) {
    let hasJob = false;
    for (const p of d.processes) {
      if (!job.has(p.pid)) continue;
      hasJob = true;
      listed++;
      if (p.usedBytes === null) unknown++;
      else known += p.usedBytes;
    }
    if (d.utilPercent !== null) {
      utilAll.push(d.utilPercent);
      if (hasJob) utilJob.push(d.utilPercent);
    }
    used = used === null || d.usedBytes === null ? null : used + d.usedBytes;
  }
  const utils = utilJob.length > 0 ? utilJob : utilAll;
  return {
    processBytes: listed > 0 && unknown === listed ? null : known,
    deviceUsedBytes: devices.length === 0 ? null : used,
    utilPercent: utils.length === 0 ? null : utils.reduce((a, b) => a + b, 0) / utils.length,
  };
}

/**
 * GPU metrics of a job from its readings and the device baseline (pure). `frameworkPeakBytes` is null: the run
 * loop fills it from the job's own report.
 */
export function gpuMetrics(
  readings: readonly GpuReading[],
  baselineBytes: number | null,
  probe: Pick<GpuProbe, 'source' | 'devices'>,
): GpuMetrics {
  const max = (xs: (number | null)[]): number | null => {
    const v = xs.filter((x) => x !== null);
    return v.length === 0 ? null : Math.max(...v);
  };
  const deviceMax = max(readings.map((r) => r.deviceUsedBytes));
  const utils = readings.map((r) => r.utilPercent).filter((u) => u !== null);
  return {
    peakBytes: max(readings.map((r) => r.processBytes)),
    devicePeakBytes: deviceMax === null || baselineBytes === null ? null : Math.max(0, deviceMax - baselineBytes),
    baselineBytes,
    frameworkPeakBytes: null,
    avgUtilPercent: utils.length === 0 ? null : utils.reduce((a, b) => a + b, 0) / utils.length,
    source: probe.source,
    devices: [...probe.devices],
  };
}
