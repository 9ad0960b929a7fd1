import * as C from './constants.ts';

/** Device memory from nvmlMemory_t, in bytes. */
export interface NvmlMemory {
  totalBytes: number;
  freeBytes: number;
  usedBytes: number;
}

/** Device utilisation over NVML's last sample period, from nvmlUtilization_t, in percent. */
export interface NvmlUtilization {
  gpuPercent: number;
  memoryPercent: number;
}

/** One entry of nvmlProcessInfo_t (v3). */
export interface NvmlProcess {
  /** Host PID (NVML reports host PIDs also for processes in containers). */
  pid: number;
  /** GPU memory used by the process, in bytes; null when NVML says NVML_VALUE_NOT_AVAILABLE. */
  usedGpuMemoryBytes: number | null;
  /** MIG GPU instance id, 0xFFFFFFFF when not on MIG. */
  gpuInstanceId: number;
  /** MIG compute instance id, 0xFFFFFFFF when not on MIG. */
  computeInstanceId: number;
}

/** A NUL-terminated C string from a buffer (pure). */
export function decodeString(buf: Buffer): string {
  const end = buf.indexOf(0);
  return buf.toString('utf8', 0, end === -1 ? buf.length : end);
}

/** Decodes nvmlMemory_t (pure). */
export function decodeMemory(buf: Buffer): NvmlMemory {
  return {
    totalBytes: Number(buf.readBigUInt64LE(0)),
    freeBytes: Number(buf.readBigUInt64LE(8)),
    usedBytes: Number(buf.readBigUInt64LE(16)),
  };
}

/** Decodes nvmlUtilization_t (pure). */
export function decodeUtilization(buf: Buffer): NvmlUtilization {
  return { gpuPercent: buf.readUInt32LE(0), memoryPercent: buf.readUInt32LE(4) };
}

/** Decodes `count` nvmlProcessInfo_t (v3, 24-byte) entries (pure). */
export function decodeProcesses(buf: Buffer, count: number): NvmlProcess[] {
  const out: NvmlProcess[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * C.PROCESS_INFO_SIZE;
    const used = buf.readBigUInt64LE(o + 8);
    out.push({
      pid: buf.readUInt32LE(o),
      usedGpuMemoryBytes: used === C.NVML_VALUE_NOT_AVAILABLE ? null : Number(used),
      gpuInstanceId: buf.readUInt32LE(o + 16),
      computeInstanceId: buf.readUInt32LE(o + 20),
    });
  }
  return out;
}
