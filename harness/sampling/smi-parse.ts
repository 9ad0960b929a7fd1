const MIB = 1024 * 1024;

/** One row of `nvidia-smi --query-gpu=uuid,memory.used,utilization.gpu --format=csv,noheader,nounits`. */
export interface SmiGpuRow {
  uuid: string;
  usedBytes: number | null;
  utilPercent: number | null;
}

/** One row of `nvidia-smi --query-compute-apps=gpu_uuid,pid,used_memory --format=csv,noheader,nounits`. */
export interface SmiAppRow {
  uuid: string;
  pid: number;
  usedBytes: number | null;
}

// nvidia-smi prints "[N/A]", "[Not Supported]" and the like where it has no number.
function num(field: string | undefined): number | null {
  if (field === undefined) return null;
  const v = field.trim();
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : null;
}

/** Parses a --query-gpu row (MiB, percent) into bytes and percent; null for anything else (pure). */
export function parseSmiGpuRow(line: string): SmiGpuRow | null {
  const [uuid, used, util] = line.split(',').map((s) => s.trim());
  if (!uuid?.startsWith('GPU-') || used === undefined) return null;
  const mib = num(used);
  return { uuid, usedBytes: mib === null ? null : mib * MIB, utilPercent: num(util) };
}

/** Parses a --query-compute-apps row (MiB) into bytes; null for anything else, e.g. "No running processes found" (pure). */
export function parseSmiAppRow(line: string): SmiAppRow | null {
  const [uuid, pidText, used] = line.split(',').map((s) => s.trim());
  const pid = num(pidText);
  if (!uuid?.startsWith('GPU-') || pid === null) return null;
  const mib = num(used);
  return { uuid, pid, usedBytes: mib === null ? null : mib * MIB };
}
