/**
 * The host NVIDIA driver's user-space libraries (libcuda, libnvidia-ml, ...), found the way the NVIDIA
 * container toolkit finds them, so that a bare-metal job (chroot into a stack's filesystem) uses the host's
 * driver and never a copy the image brought along (Debian's `libcuda1`, say).
 *
 * Discovery: `nvidia-container-cli list --libraries` when it is installed; else the loader cache
 * (`ldconfig -p`) filtered by the driver's library names, keeping only files whose version suffix is the
 * running kernel module's version (first line of `/proc/driver/nvidia/version`). Two settings exist for
 * tests with stand-in libraries and for unusual hosts: DEPLOYBENCH_NVIDIA_VERSION_FILE (default
 * /proc/driver/nvidia/version) and DEPLOYBENCH_LDCONFIG_CACHE (an ld.so.cache to read instead of the host's).
 */
import { readFile, realpath } from 'node:fs/promises';
import { basename } from 'node:path';
import { execa } from 'execa';

/** Library names of the driver's compute and utility parts (libnvidia-container's list), without the .so suffix. */
export const DRIVER_LIBRARY_NAMES = [
  'libcuda',
  'libcudadebugger',
  'libnvidia-ml',
  'libnvidia-cfg',
  'libnvidia-ptxjitcompiler',
  'libnvidia-nvvm',
  'libnvidia-gpucomp',
  'libnvidia-opencl',
  'libnvidia-allocator',
  'libnvidia-fatbinaryloader',
  'libnvidia-compiler',
  'libnvidia-pkcs11',
  'libnvidia-pkcs11-openssl3',
] as const;

/** One host driver library. */
export interface DriverLibrary {
  /** The name the loader looks for (the soname from the loader cache, e.g. libcuda.so.1). */
  soname: string;
  /** The host file it resolves to (e.g. /usr/lib/x86_64-linux-gnu/libcuda.so.550.54.14). */
  hostPath: string;
}

/** What the host's driver offers a job. */
export interface HostDriver {
  /** The kernel module's version (e.g. "550.54.14"); null without an NVIDIA driver. */
  version: string | null;
  /** The user-space libraries of that version. */
  libraries: DriverLibrary[];
  /** How they were found, or why none were. */
  source: 'nvidia-container-cli' | 'ldconfig' | null;
  /** Why nothing can be injected, or null. */
  reason: string | null;
}

/** Parses the kernel module's version from /proc/driver/nvidia/version ("NVRM version: ... Kernel Module  550.54.14  ..."). */
export function parseModuleVersion(text: string): string | null {
  const m = /Kernel Module(?:\s+for\s+\S+)?\s+(\d+\.\d+(?:\.\d+)?)/.exec(text);
  return m ? m[1]! : null;
}

/**
 * Driver libraries from `ldconfig -p` output: entries of the 64-bit loader named after a driver library,
 * resolved to their real file, kept when that file's name ends in `.so.<version>`.
 */
export async function librariesFromLdconfig(output: string, version: string): Promise<DriverLibrary[]> {
  const found = new Map<string, DriverLibrary>();
  for (const line of output.split('\n')) {
    const m = /^\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)\s*$/.exec(line);
    if (!m) continue;
    const [, soname, flags, path] = m as unknown as [string, string, string, string];
    if (!flags.includes('x86-64') && !flags.includes('AArch64') && !flags.includes('64bit')) continue;
    const stem = soname.replace(/\.so(\.\d+)*$/, '');
    if (!(DRIVER_LIBRARY_NAMES as readonly string[]).includes(stem) || !/\.so\.\d+$/.test(soname)) continue;
    const real = await realpath(path).catch(() => null);
    if (!real || !basename(real).endsWith(`.so.${version}`) || found.has(soname)) continue;
    found.set(soname, { soname, hostPath: real });
  }
  return [...found.values()].sort((a, b) => a.soname.localeCompare(b.soname));
}

let cached: Promise<HostDriver> | null = null;

/** The host's driver libraries (looked up once per process). */
export function hostDriver(): Promise<HostDriver> {
  cached ??= findHostDriver();
  return cached;
}

/** Forgets the cached lookup (tests change the settings between cases). */
export function forgetHostDriver(): void {
  cached = null;
}

async function findHostDriver(): Promise<HostDriver> {
  const versionFile = process.env.DEPLOYBENCH_NVIDIA_VERSION_FILE ?? '/proc/driver/nvidia/version';
  const text = await readFile(versionFile, 'utf8').catch(() => null);
  if (text === null)
    return { version: null, libraries: [], source: null, reason: `no NVIDIA kernel driver (${versionFile} is absent)` };
  const version = parseModuleVersion(text);
  if (!version)
    return { version: null, libraries: [], source: null, reason: `cannot read the driver version in ${versionFile}` };
  const cli = await fromContainerCli(version);
  if (cli) return cli;
  const cache = process.env.DEPLOYBENCH_LDCONFIG_CACHE;
  const ld = await execa('ldconfig', cache ? ['-p', '-C', cache] : ['-p'], { reject: false });
  const libraries = ld.exitCode === 0 ? await librariesFromLdconfig(ld.stdout, version) : [];
  return {
    version,
    libraries,
    source: 'ldconfig',
    reason: libraries.length ? null : `no driver library of version ${version} in the loader cache (ldconfig -p)`,
  };
}

async function fromContainerCli(version: string): Promise<HostDriver | null> {
  if (process.env.DEPLOYBENCH_LDCONFIG_CACHE) return null;
  const r = await execa('nvidia-container-cli', ['list', '--libraries'], { reject: false }).catch(() => null);
  if (!r || r.exitCode !== 0) return null;
  const libraries: DriverLibrary[] = [];
  for (const path of r.stdout.split('\n').map((l) => l.trim())) {
    const m = /^(.*\/)?(lib[\w-]+)\.so\.[\d.]+$/.exec(path);
    if (!m) continue;
    // The loader looks up the major soname: libcuda.so.1, libnvidia-ml.so.1 (libnvidia-nvvm.so.4).
    const soname = await sonameOf(path, m[2]!);
    libraries.push({ soname, hostPath: path });
  }
  return { version, libraries, source: 'nvidia-container-cli', reason: libraries.length ? null : 'the list is empty' };
}

// The soname of a library file (objdump-free: the loader cache names it; fall back to NAME.so.1).
async function sonameOf(path: string, stem: string): Promise<string> {
  const ld = await execa('ldconfig', ['-p'], { reject: false });
  for (const line of ld.stdout.split('\n')) {
    const m = /^\s*(\S+)\s+\([^)]*\)\s+=>\s+(\S+)\s*$/.exec(line);
    if (m && m[1]!.startsWith(`${stem}.so.`) && (await realpath(m[2]!).catch(() => '')) === path) return m[1]!;
  }
  return `${stem}.so.1`;
}

/** Folder inside a bare-metal job's filesystem that holds the host's driver libraries, first on LD_LIBRARY_PATH. */
export const DRIVER_DIR = '/usr/lib/deploybench-host-driver';

/** What a run record says about the host driver libraries given to the job (bare metal with GPUs asked). */
export interface DriverInjection {
  /** The host kernel module's version, or null without a driver. */
  version: string | null;
  /** The libraries bound read-only into the job's filesystem (under DRIVER_DIR), by soname. */
  injected: DriverLibrary[];
  /** Why nothing was injected, or null. */
  note: string | null;
}
