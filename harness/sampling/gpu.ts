import { errorMessage } from '../core/errors.ts';
import type { GpuProbe } from './gpu-types.ts';
import { openNvmlProbe } from './nvml/probe.ts';
import { findNvidiaSmi, openSmiProbe } from './smi-probe.ts';

export type { GpuProbe, GpuReading } from './gpu-types.ts';
export { nvmlStatus, type NvmlStatus } from './nvml/status.ts';

/** Where to look for GPU figures; every field has a sensible default. */
export interface GpuProbeOptions {
  /** NVML library to load; default $DEPLOYBENCH_NVML_LIB or `libnvidia-ml.so.1`. */
  nvmlLib?: string;
  /** nvidia-smi to fall back to (name on $PATH or path); default `nvidia-smi`; null disables the fallback. */
  nvidiaSmi?: string | null;
  /** Period of the nvidia-smi fallback's `-lms` stream, in milliseconds; default 100. */
  smiPeriodMs?: number;
}

/** What `openGpuProbe` found, for diagnostics. */
export interface GpuProbeAttempt {
  probe: GpuProbe | null;
  /** Why the probe is null, or which source was chosen and why. */
  reason: string;
}

/**
 * Opens the best GPU source: NVML through koffi, else a long-running nvidia-smi, else none. A host whose
 * NVML lists no device has no GPU. Never throws: the reason says what was missing.
 */
export async function openGpuProbeWithReason(options: GpuProbeOptions = {}): Promise<GpuProbeAttempt> {
  let nvmlReason: string;
  try {
    const probe = await openNvmlProbe(options.nvmlLib);
    if (probe.devices.length > 0)
      return { probe, reason: `NVML ${probe.driverVersion}, ${probe.devices.length} device(s)` };
    await probe.close();
    return { probe: null, reason: 'NVML lists no GPU' };
  } catch (error) {
    nvmlReason = errorMessage(error);
  }
  if (options.nvidiaSmi === null) return { probe: null, reason: nvmlReason };
  const smi = await findNvidiaSmi(options.nvidiaSmi ?? 'nvidia-smi');
  if (!smi) return { probe: null, reason: `${nvmlReason}; no nvidia-smi on PATH` };
  try {
    return {
      probe: await openSmiProbe(smi, options.smiPeriodMs ?? 100),
      reason: `nvidia-smi fallback (${nvmlReason})`,
    };
  } catch (error) {
    return { probe: null, reason: `${nvmlReason}; ${errorMessage(error)}` };
  }
}

/** The GPU probe to sample with, or null when the host has no usable GPU source (then `gpu` is null, never zeros). */
export async function openGpuProbe(options: GpuProbeOptions = {}): Promise<GpuProbe | null> {
  return (await openGpuProbeWithReason(options)).probe;
}

let shared: Promise<GpuProbe | null> | undefined;

/** One GPU probe per harness process, opened on first use and shared by all jobs. */
export function sharedGpuProbe(): Promise<GpuProbe | null> {
  shared ??= openGpuProbe();
  return shared;
}

/** Closes the shared probe (NVML shutdown / nvidia-smi children); the next `sharedGpuProbe()` opens a new one. */
export async function closeSharedGpuProbe(): Promise<void> {
  const p = shared;
  shared = undefined;
  await (await p)?.close();
}
