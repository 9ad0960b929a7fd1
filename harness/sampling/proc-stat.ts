import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';

/** What one read of /proc/<pid>/stat tells the sampler (numbers of the thread group, not one thread). */
export interface ProcStat {
  /** False for a zombie or a process whose memory is already gone (vsize 0): it holds no memory. */
  hasMemory: boolean;
  /** Resident pages now (field 24, the same count as VmRSS in status). */
  rssPages: number;
  /** Minor + major page faults of all its threads so far (fields 10 and 12). */
  faults: number;
  /** Start time in clock ticks after boot (field 22): tells a reused PID from the process seen before. */
  startTime: number;
}

/** A fresh ProcStat to parse into (reused across reads, so parsing allocates nothing). */
export function newProcStat(): ProcStat {
  return { hasMemory: false, rssPages: 0, faults: 0, startTime: 0 };
}

// Fields after the command name, counted from the state (field 3) as 0.
const MINFLT = 7;
const MAJFLT = 9;
const STARTTIME = 19;
const VSIZE = 20;
const RSS = 21;

/** Parses a /proc/<pid>/stat text into `out` (pure; allocates nothing); false when it is malformed. */
export function parseProcStat(bytes: Uint8Array, out: ProcStat): boolean {
  // The command name is in parentheses and may itself contain ')' or spaces: the fields start after the last ')'.
  let i = bytes.lastIndexOf(0x29) + 2;
  if (i < 2) return false;
  let field = 0;
  let minflt = 0;
  let majflt = 0;
  let vsize = 0;
  for (; field <= RSS && i < bytes.length; field++) {
    let value = 0;
    for (; i < bytes.length; i++) {
      const c = bytes[i] as number;
      if (c === 0x20 || c === 0x0a) break;
      value = value * 10 + (c - 0x30);
    }
    i++;
    if (field === MINFLT) minflt = value;
    else if (field === MAJFLT) majflt = value;
    else if (field === STARTTIME) out.startTime = value;
    else if (field === VSIZE) vsize = value;
    else if (field === RSS) out.rssPages = value;
  }
  if (field <= RSS) return false;
  out.faults = minflt + majflt;
  out.hasMemory = vsize > 0;
  return true;
}

/** Parses the value in kB of a `Label:   123 kB` line of /proc/<pid>/status bytes, in bytes; null when absent (pure). */
export function statusKbField(bytes: Buffer, label: string): number | null {
  const at = bytes.indexOf(label);
  if (at < 0) return null;
  let i = at + label.length;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  let value = 0;
  let digits = 0;
  for (; i < bytes.length && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39; i++, digits++)
    value = value * 10 + ((bytes[i] as number) - 0x30);
  return digits > 0 ? value * 1024 : null;
}

const AT_PAGESZ = 6;
let pageSize: number | undefined;

/** The kernel's page size in bytes (the unit of the rss field), from this process's auxiliary vector. */
export function pageSizeBytes(): number {
  if (pageSize !== undefined) return pageSize;
  pageSize = 4096;
  try {
    const auxv = readFileSync('/proc/self/auxv');
    // Pairs of native words (type, value), ended by type 0.
    const wide = process.arch !== 'ia32' && process.arch !== 'arm';
    const le = endianness() === 'LE';
    const word = (at: number): number =>
      wide
        ? Number(le ? auxv.readBigUInt64LE(at) : auxv.readBigUInt64BE(at))
        : le
          ? auxv.readUInt32LE(at)
          : auxv.readUInt32BE(at);
    const size = wide ? 8 : 4;
    for (let i = 0; i + 2 * size <= auxv.length; i += 2 * size) {
      if (word(i) === AT_PAGESZ) pageSize = word(i + size);
    }
  } catch {
    // No auxv (not Linux): keep 4096, the page size of every platform the harness runs on.
  }
  return pageSize;
}
