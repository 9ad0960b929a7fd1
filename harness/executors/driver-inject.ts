/**
 * Gives a bare-metal job the host's NVIDIA driver libraries: each library file is bound read-only onto a
 * file of the same soname in DRIVER_DIR inside the run's own root (the per-run overlay, discarded after the
 * run), and DRIVER_DIR goes first on LD_LIBRARY_PATH, so the loader finds the host's copies before any the
 * image carries (LD_LIBRARY_PATH is searched before the loader cache and the default folders).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../core/errors.ts';
import { DRIVER_DIR, hostDriver, type DriverInjection, type DriverLibrary } from './driver-libs.ts';
import { makeMountPoint, type RunRoot } from './pristine-root.ts';

/** The environment a job needs to find the injected libraries, and what the record says. */
export interface InjectedDriver {
  env: Record<string, string>;
  record: DriverInjection;
}

/** Binds the host's driver libraries into the run's root; nothing (with the reason) when the host has none. */
export async function injectHostDriver(run: RunRoot, jobEnv: Record<string, string>): Promise<InjectedDriver> {
  const driver = await hostDriver();
  if (driver.libraries.length === 0)
    return { env: {}, record: { version: driver.version, injected: [], note: `nothing injected: ${driver.reason}` } };
  await makeMountPoint(run.root, DRIVER_DIR, run.created);
  const injected: DriverLibrary[] = [];
  for (const lib of driver.libraries) {
    for (const name of aliases(lib.soname)) {
      const target = join(run.root, DRIVER_DIR, name);
      await writeFile(target, '');
      run.created.add(`${DRIVER_DIR}/${name}`);
      await bindReadOnly(lib.hostPath, target);
    }
    injected.push(lib);
  }
  const previous = jobEnv.LD_LIBRARY_PATH;
  return {
    env: { LD_LIBRARY_PATH: previous ? `${DRIVER_DIR}:${previous}` : DRIVER_DIR },
    record: { version: driver.version, injected, note: null },
  };
}

// libcuda is also opened by its development name (libcuda.so) by some loaders, as the toolkit provides it.
function aliases(soname: string): string[] {
  return soname.startsWith('libcuda.so.') ? [soname, 'libcuda.so'] : [soname];
}

async function bindReadOnly(source: string, target: string): Promise<void> {
  for (const args of [
    ['--bind', source, target],
    ['-o', 'remount,bind,ro', target],
  ]) {
    const r = await execa('mount', args, { reject: false, all: true });
    if (r.exitCode !== 0)
      throw new HarnessError('E_PREPARE_FAILED', `mount ${args.join(' ')} failed: ${r.all ?? ''}`, {
        fix: 'bare metal needs root and mount(8); run as root',
      });
  }
}
