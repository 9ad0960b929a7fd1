import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { HarnessError } from '../core/errors.ts';
import { readingFromSnapshots, type DeviceSnapshot, type GpuProbe } from './gpu-types.ts';
import { parseSmiAppRow, parseSmiGpuRow, type SmiAppRow, type SmiGpuRow } from './smi-parse.ts';

/** Absolute path of `nvidia-smi` on $PATH (or of `name` if it has a slash), found without spawning; null if absent. */
export async function findNvidiaSmi(name = 'nvidia-smi'): Promise<string | null> {
  const candidates = name.includes('/')
    ? [name]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, name));
  for (const file of candidates) {
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // Not there; try the next directory.
    }
  }
  return null;
}

// Starts one long-running `nvidia-smi ... -lms N` and calls onLine for each row; never awaited by the sampler.
function stream(smi: string, query: string, periodMs: number, onLine: (line: string) => void): ChildProcess {
  const child = spawn(smi, [query, '--format=csv,noheader,nounits', '-lms', String(periodMs)], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  child.on('error', () => undefined);
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', onLine);
  return child;
}

// Once running, the children must not keep the harness alive (they are killed at exit).
function detach(child: ChildProcess): void {
  child.unref();
  (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
}

/**
 * A probe fed by two long-running nvidia-smi children (device rows and compute-app rows every `periodMs`),
 * started once here, outside the sampling loop; a reading is the latest rows, an app counting while it was
 * seen within three periods. Waits up to `startTimeoutMs` for the first device rows; throws E_NVML if none come.
 */
export async function openSmiProbe(smiPath: string, periodMs = 100, startTimeoutMs = 10_000): Promise<GpuProbe> {
  const gpus = new Map<string, SmiGpuRow>();
  const apps = new Map<string, SmiAppRow & { at: number }>();
  let firstRows!: () => void;
  const ready = new Promise<void>((resolve) => (firstRows = resolve));
  const children = [
    stream(smiPath, '--query-gpu=uuid,memory.used,utilization.gpu', periodMs, (line) => {
      const row = parseSmiGpuRow(line);
      if (row) {
        gpus.set(row.uuid, row);
        firstRows();
      }
    }),
    stream(smiPath, '--query-compute-apps=gpu_uuid,pid,used_memory', periodMs, (line) => {
      const row = parseSmiAppRow(line);
      if (row) apps.set(`${row.uuid}/${row.pid}`, { ...row, at: performance.now() });
    }),
  ];
  const kill = (): void => children.forEach((c) => c.kill('SIGKILL'));
  process.once('exit', kill);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), startTimeoutMs)));
  const exited = new Promise<'exited'>((resolve) => children[0]?.once('exit', () => resolve('exited')));
  const first = await Promise.race([ready.then(() => 'ready' as const), timeout, exited]);
  clearTimeout(timer);
  children.forEach(detach);
  if (first !== 'ready') {
    kill();
    throw new HarnessError(
      'E_NVML',
      `${smiPath} ${first === 'exited' ? 'exited' : `printed no GPU rows within ${startTimeoutMs} ms`} before listing any GPU.`,
      {
        fix: 'Run `nvidia-smi` by hand to see what is wrong with the driver.',
      },
    );
  }
  const snapshots = (): DeviceSnapshot[] => {
    const fresh = performance.now() - 3 * periodMs - 200;
    return [...gpus.values()].map((g) => ({
      usedBytes: g.usedBytes,
      utilPercent: g.utilPercent,
      processes: [...apps.values()]
        .filter((a) => a.uuid === g.uuid && a.at >= fresh)
        .map((a) => ({ pid: a.pid, usedBytes: a.usedBytes })),
    }));
  };
  return {
    source: 'nvidia-smi',
    devices: [...gpus.keys()],
    deviceUsedBytes: () => Promise.resolve(readingFromSnapshots(snapshots(), []).deviceUsedBytes),
    read: (pids) => Promise.resolve(readingFromSnapshots(snapshots(), pids)),
    close() {
      process.removeListener('exit', kill);
      kill();
      return Promise.resolve();
    },
  };
}
