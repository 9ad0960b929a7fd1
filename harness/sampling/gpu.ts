import { errorMessage } from '../core/errors.ts';
import type { GpuProbe } from './gpu-types.ts';
import { nvmlLibraryPath } from './nvml/binding.ts';
import { openNvmlProbe, type NvmlDeviceInfo } from './nvml/probe.ts';
import { findNvidiaSmi, openSmiProbe } from './smi-probe.ts';

export type { GpuProbe, GpuReading } from './gpu-types.ts';

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
    if (probe.devices.length > 0) return { probe, reason: `NVML ${probe.driverVersion}, ${probe.devices.length} device(s)` };
    await probe.close();
    return { probe: null, reason: 'NVML lists no GPU' };
  } catch (error) {
    nvmlReason = errorMessage(error);
  }
  if (options.nvidiaSmi === null) return { probe: null, reason: nvmlReason };
  const smi = await findNvidiaSmi(options.nvidiaSmi ?? 'nvidia-smi');
  if (!smi) return { probe: null, reason: `${nvmlReason}; no nvidia-smi on PATH` };
  try {
    return { probe: await openSmiProbe(smi, options.smiPeriodMs ?? 100), reason: `nvidia-smi fallback (${nvmlReason})` };
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

/** NVML availability for `deploybench doctor` and the host fingerprint. */
export interface NvmlStatus {
  available: boolean;
  /** Driver version and device count when available, else what failed and where. */
  reason: string;
  /** The library loaded or tried. */
  libPath: string;
  driverVersion?: string;
  devices?: NvmlDeviceInfo[];
}

/** Tries NVML once (load, init, list devices, shutdown) and says whether it works. Never throws. */
export async function nvmlStatus(libPath = nvmlLibraryPath()): Promise<NvmlStatus> {
  try {
    const probe = await openNvmlProbe(libPath);
    await probe.close();
    const devices = [...probe.deviceInfo];
    return { available: true, reason: `NVML ${probe.driverVersion}: ${devices.length} device(s)`, libPath, driverVersion: probe.driverVersion, devices };
  } catch (error) {
    return { available: false, reason: errorMessage(error), libPath };
  }
}
