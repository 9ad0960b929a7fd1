import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import type { BindMount } from '../executors/types.ts';
import type { GpuAsk } from '../executors/engine-gpu.ts';
import { CDI_NAME_RE } from '../matrix/names.ts';

/** Parses `--mount HOST:PATH[:ro|rw]` values (read-only unless `:rw`); the host folder must exist. */
export async function parseMounts(values: readonly string[]): Promise<BindMount[]> {
  const out: BindMount[] = [];
  for (const v of values) {
    const m = /^([^:]+):(\/[^:]*)(?::(ro|rw))?$/.exec(v);
    if (!m)
      throw new HarnessError('E_USAGE', `--mount ${v}: expected HOST:PATH[:ro|rw], e.g. --mount $PWD/src:/src:ro`, {
        fix: 'PATH is absolute inside the deployment; HOST is a folder or file on this machine',
      });
    const host = resolve(m[1]!);
    if (
      !(await stat(host).then(
        () => true,
        () => false,
      ))
    )
      throw new HarnessError('E_NOT_FOUND', `--mount ${v}: ${host} does not exist`, {
        fix: 'give an existing host folder (relative paths are resolved against the working directory)',
      });
    const path = m[2]!.replace(/\/+$/, '') || '/';
    if (path === '/' || path.split('/').includes('..'))
      throw new HarnessError('E_USAGE', `--mount ${v}: ${m[2]} cannot be a mount point`, {
        fix: 'mount at a folder such as /src',
      });
    out.push({ host, path, readOnly: m[3] !== 'rw' });
  }
  return out;
}

/** Parses `--env K=V` values. */
export function parseEnv(values: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    const key = i > 0 ? v.slice(0, i) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new HarnessError(
        'E_USAGE',
        `--env ${v}: expected NAME=VALUE with a variable name of letters, digits and _`,
        { fix: 'e.g. --env OMP_NUM_THREADS=2' },
      );
    env[key] = v.slice(i + 1);
  }
  return env;
}

/** Checks `--workdir`: an absolute path inside the deployment. */
export function parseWorkdir(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!value.startsWith('/'))
    throw new HarnessError('E_USAGE', `--workdir ${value}: expected an absolute path inside the deployment`, {
      fix: 'e.g. --workdir /src',
    });
  return value;
}

/** Parses `--gpus all|N` (N a whole number from 1 to 64); no flag: no GPU. */
export function parseGpus(value: string | undefined): false | GpuAsk {
  if (value === undefined) return false;
  if (value === 'all') return { count: 'all' };
  if (value.includes('=')) {
    const devices = value.split(',');
    const bad = devices.find((d) => !CDI_NAME_RE.test(d));
    if (bad !== undefined)
      throw new HarnessError('E_USAGE', `--gpus ${value}: ${JSON.stringify(bad)} is not a CDI device name`, {
        fix: 'e.g. --gpus nvidia.com/gpu=0,nvidia.com/gpu=1 (names from `nvidia-ctk cdi list`)',
      });
    return { count: 'all', devices };
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new HarnessError('E_USAGE', `--gpus ${value}: expected 'all' or a whole number of GPUs from 1 to 64`, {
      fix: 'e.g. --gpus all or --gpus 1',
    });
  return { count: n };
}
