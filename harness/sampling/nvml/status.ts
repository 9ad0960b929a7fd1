import { errorMessage } from '../../core/errors.ts';
import { nvmlLibraryPath } from './binding.ts';
import { openNvmlProbe, type NvmlDeviceInfo } from './probe.ts';

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
    return {
      available: true,
      reason: `NVML ${probe.driverVersion}: ${devices.length} device(s)`,
      libPath,
      driverVersion: probe.driverVersion,
      devices,
    };
  } catch (error) {
    return { available: false, reason: errorMessage(error), libPath };
  }
}
