import type { DeviceSnapshot, GpuProbe } from '../gpu-types.ts';
import { readingFromSnapshots } from '../gpu-types.ts';
import { loadNvml, type NvmlBinding, type NvmlDevice } from './binding.ts';

/** A device found by NVML. */
export interface NvmlDeviceInfo {
  index: number;
  name: string;
  uuid: string;
  memoryTotalBytes: number;
  /** CUDA compute capability, e.g. "9.0"; null when NVML cannot tell. */
  computeCapability: string | null;
}

/** An NVML probe plus what was learnt while opening it. */
export interface NvmlProbe extends GpuProbe {
  readonly source: 'nvml';
  readonly driverVersion: string;
  readonly deviceInfo: readonly NvmlDeviceInfo[];
}

/** Loads and initialises NVML and enumerates the devices; throws E_NVML when any step fails. */
export async function openNvmlProbe(libPath?: string): Promise<NvmlProbe> {
  const nvml = loadNvml(libPath);
  await nvml.init();
  try {
    const count = await nvml.deviceCount();
    const handles: NvmlDevice[] = [];
    const deviceInfo: NvmlDeviceInfo[] = [];
    for (let index = 0; index < count; index++) {
      const handle = await nvml.deviceHandle(index);
      handles.push(handle);
      const [name, uuid, memory] = await Promise.all([
        nvml.deviceName(handle),
        nvml.deviceUuid(handle),
        nvml.memoryInfo(handle),
      ]);
      deviceInfo.push({
        index,
        name,
        uuid,
        memoryTotalBytes: memory.totalBytes,
        computeCapability: await nvml.computeCapability(handle),
      });
    }
    return makeProbe(nvml, handles, deviceInfo, await nvml.driverVersion());
  } catch (error) {
    await nvml.shutdown().catch(() => undefined);
    throw error;
  }
}

function makeProbe(
  nvml: NvmlBinding,
  handles: NvmlDevice[],
  deviceInfo: NvmlDeviceInfo[],
  driverVersion: string,
): NvmlProbe {
  let closed = false;
  const snapshot = async (handle: NvmlDevice, withProcesses: boolean): Promise<DeviceSnapshot> => {
    const [memory, util, procs] = await Promise.all([
      nvml.memoryInfo(handle),
      withProcesses ? nvml.utilization(handle) : null,
      withProcesses ? nvml.computeProcesses(handle) : [],
    ]);
    return {
      usedBytes: memory.usedBytes,
      utilPercent: util?.gpuPercent ?? null,
      processes: procs.map((p) => ({ pid: p.pid, usedBytes: p.usedGpuMemoryBytes })),
    };
  };
  return {
    source: 'nvml',
    devices: deviceInfo.map((d) => d.uuid),
    deviceInfo,
    driverVersion,
    async deviceUsedBytes() {
      if (handles.length === 0) return null;
      const snaps = await Promise.all(handles.map((h) => snapshot(h, false)));
      return snaps.reduce((sum, s) => sum + (s.usedBytes ?? 0), 0);
    },
    async read(pids) {
      return readingFromSnapshots(await Promise.all(handles.map((h) => snapshot(h, true))), pids);
    },
    async close() {
      if (closed) return;
      closed = true;
      await nvml.shutdown();
    },
  };
}
