// How the Docker engine can give a container GPUs, asked once per process, and the device request of a job.
// Two ways exist. The `nvidia` device driver of DeviceRequests (`docker run --gpus`), which the engine
// registers only when nvidia-container-runtime-hook (nvidia-container-toolkit) is on its PATH, or an `nvidia`
// runtime in `docker info`. And CDI (engine 25 or newer, `docker info` lists CDISpecDirs): the toolkit's
// `nvidia-ctk cdi generate` writes a spec naming devices `nvidia.com/gpu=0`, `=all`, ..., requested with the
// `cdi` driver and their names. Neither: a container cannot see a GPU, and its runs are `unsupported`.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onPath } from '../core/on-path.ts';
import type Docker from 'dockerode';
import { parse as parseYaml } from 'yaml';
import { docker } from '../images/docker.ts';

/** What the engine offers for GPUs. */
export interface EngineGpu {
  /** The engine's version, as `docker info` gives it. */
  version: string;
  /** The `nvidia` device driver (the hook) or the `nvidia` runtime is there. */
  nvidia: boolean;
  /** CDI is on (the engine lists spec folders). */
  cdi: boolean;
  /** Fully qualified CDI names of NVIDIA GPUs in those folders' specs, e.g. `nvidia.com/gpu=all`. */
  cdiDevices: string[];
}

/** The GPUs a job asks for (the matrix's `gpu`, `measure --gpus`). */
export interface GpuAsk {
  count: 'all' | number;
  /** CDI device names; absent: any way the engine offers. */
  devices?: string[];
}

/** A job's device request, or why the engine cannot serve it and how to fix that. */
export type GpuPlan = { request: Docker.DeviceRequest; via: string } | { reason: string; fix: string };

const HOOK = 'nvidia-container-runtime-hook';
const TOOLKIT_FIX =
  'install nvidia-container-toolkit on this host, then either `nvidia-ctk runtime configure --runtime=docker` or (engine 25 or newer) `nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml`, and restart dockerd; bare-metal runs need neither';

// dockerd's PATH may hold system folders this process's lacks.
const SYSTEM_BIN = ['/usr/bin', '/usr/local/bin', '/usr/sbin'];

/** NVIDIA GPU names (`kind=name`) in the CDI specs (JSON or YAML) of `dirs`; unreadable files are skipped. */
export async function cdiNvidiaDevices(dirs: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const dir of dirs) {
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const f of files.filter((x) => /\.(json|ya?ml)$/.test(x)).sort()) {
      const spec = await readFile(join(dir, f), 'utf8')
        .then((t) => parseYaml(t) as unknown)
        .catch(() => null);
      if (!spec || typeof spec !== 'object') continue;
      const { kind, devices } = spec as { kind?: unknown; devices?: unknown };
      if (kind !== 'nvidia.com/gpu' || !Array.isArray(devices)) continue;
      for (const d of devices as { name?: unknown }[]) if (typeof d?.name === 'string') out.add(`${kind}=${d.name}`);
    }
  }
  return [...out];
}

/** What `docker info` and the host say about GPUs for containers. */
export async function readEngineGpu(): Promise<EngineGpu> {
  const info = (await docker().info()) as {
    ServerVersion?: string;
    Runtimes?: Record<string, unknown>;
    CDISpecDirs?: string[] | null;
  };
  const specDirs = info.CDISpecDirs ?? [];
  return {
    version: info.ServerVersion ?? 'unknown',
    nvidia: Object.keys(info.Runtimes ?? {}).includes('nvidia') || (await onPath(HOOK, SYSTEM_BIN)),
    cdi: specDirs.length > 0,
    cdiDevices: specDirs.length > 0 ? await cdiNvidiaDevices(specDirs) : [],
  };
}

let cached: Promise<EngineGpu> | null = null;

/** `readEngineGpu`, once per process. */
export function engineGpu(): Promise<EngineGpu> {
  cached ??= readEngineGpu();
  return cached;
}

/**
 * The device request of a job that asks for GPUs. CDI names asked for must be in the engine's specs; without
 * names the `nvidia` driver is used when there, else CDI (`nvidia.com/gpu=all`, or the first `count` numbered
 * GPUs), else the reason it cannot be done.
 */
export function planGpu(engine: EngineGpu, ask: GpuAsk): GpuPlan {
  if (ask.devices && ask.devices.length > 0) {
    if (!engine.cdi)
      return {
        reason: `the matrix names CDI devices (${ask.devices.join(', ')}) but this Docker engine (${engine.version}) has CDI off or is older than 25`,
        fix: 'upgrade the engine to 25 or newer (CDI on by default from 28; on 25-27 set "features": {"cdi": true} in daemon.json), or drop gpu.devices to use the nvidia driver',
      };
    const missing = ask.devices.filter((d) => !engine.cdiDevices.includes(d));
    if (missing.length > 0)
      return {
        reason: `CDI device(s) ${missing.join(', ')} are in no CDI spec of this engine (it has ${engine.cdiDevices.join(', ') || 'none'})`,
        fix: 'run `nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml` and `nvidia-ctk cdi list`, and name devices it lists',
      };
    return { request: { Driver: 'cdi', DeviceIDs: ask.devices }, via: `CDI ${ask.devices.join(',')}` };
  }
  if (engine.nvidia)
    return {
      request: { Driver: 'nvidia', Count: ask.count === 'all' ? -1 : ask.count, Capabilities: [['gpu']] },
      via: 'the nvidia driver',
    };
  const ids = cdiIdsFor(engine.cdiDevices, ask.count);
  if (ids) return { request: { Driver: 'cdi', DeviceIDs: ids }, via: `CDI ${ids.join(',')}` };
  return {
    reason: `this Docker engine (${engine.version}) has no NVIDIA runtime and no NVIDIA CDI device, so a container cannot see a GPU`,
    fix: TOOLKIT_FIX,
  };
}

// CDI names for `count` GPUs: `=all` for all, else the first numbered ones; null when there are too few.
function cdiIdsFor(devices: readonly string[], count: 'all' | number): string[] | null {
  if (count === 'all') return devices.includes('nvidia.com/gpu=all') ? ['nvidia.com/gpu=all'] : null;
  const numbered = devices
    .filter((d) => /=\d+$/.test(d))
    .sort((a, b) => Number(a.split('=')[1]) - Number(b.split('=')[1]));
  return numbered.length >= count ? numbered.slice(0, count) : null;
}
