// `deploybench doctor`: each prerequisite checked, with its fix.
import { mkdir, stat, statfs } from 'node:fs/promises';
import { execa } from 'execa';
import { errorMessage } from '../../core/errors.ts';
import { paths } from '../../core/paths.ts';
import { ensureDocker } from '../../images/docker.ts';
import { createJobCgroup, detectCgroupVersion } from '../../sampling/cgroup.ts';
import { nvmlStatus } from '../../sampling/nvml/status.ts';
import { aptInstallCommand, requirementsFor } from '../../setup/requirements.ts';

/** One prerequisite: ok, a warning (some features unavailable) or a failure, with how to fix it. */
export interface Check {
  name: string;
  level: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

const MIN_FREE_GIB = 10;

// Free space where the caches grow: the cache dir's filesystem and Docker's root (images), each once.
async function diskChecks(): Promise<Check[]> {
  const places: { what: string; dir: string }[] = [];
  try {
    await mkdir(paths.cache(), { recursive: true });
    places.push({ what: 'cache dir', dir: paths.cache() });
  } catch (error) {
    return [{ name: 'disk', level: 'warn', detail: errorMessage(error) }];
  }
  const dockerRoot = await ensureDocker().then(
    (d) => d.info() as Promise<{ DockerRootDir?: string }>,
    () => null,
  );
  if (dockerRoot?.DockerRootDir) places.push({ what: 'Docker root', dir: dockerRoot.DockerRootDir });
  const seen = new Set<number>();
  const checks: Check[] = [];
  for (const p of places) {
    const [fs, st] = await Promise.all([statfs(p.dir).catch(() => null), stat(p.dir).catch(() => null)]);
    if (!fs || !st || seen.has(st.dev)) continue;
    seen.add(st.dev);
    const freeGib = (fs.bavail * fs.bsize) / 1024 ** 3;
    checks.push({
      name: 'disk',
      level: freeGib >= MIN_FREE_GIB ? 'ok' : 'warn',
      detail: `${freeGib.toFixed(1)} GiB free on the filesystem of the ${p.what} ${p.dir}${freeGib >= MIN_FREE_GIB ? '' : ` (under ${MIN_FREE_GIB} GiB: builds and exports may fail)`}`,
      fix: '`deploybench cache` shows what the caches hold and `deploybench cache prune` removes what nothing uses; each stack needs about 2 GB for its image; or set DEPLOYBENCH_CACHE_DIR elsewhere',
    });
  }
  return checks;
}

function nodeCheck(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  return {
    name: 'node',
    level: major >= 20 ? 'ok' : 'fail',
    detail: process.version,
    fix: 'install Node.js 20 or newer',
  };
}

function rootCheck(): Check {
  const root = process.getuid?.() === 0;
  return {
    name: 'root',
    level: root ? 'ok' : 'fail',
    detail: root ? 'running as root' : 'not root',
    fix: 'bare metal (chroot, mounts) and job cgroups need root: sudo -E npx deploybench ...',
  };
}

async function dockerCheck(): Promise<Check> {
  try {
    const d = await ensureDocker();
    const v = await d.version();
    return { name: 'docker', level: 'ok', detail: `engine ${v.Version} (API ${v.ApiVersion})` };
  } catch (error) {
    return {
      name: 'docker',
      level: 'fail',
      detail: errorMessage(error),
      fix: 'deploybench setup (as root) installs docker.io and starts dockerd; or set DOCKER_HOST',
    };
  }
}

async function cgroupCheck(): Promise<Check> {
  try {
    const version = await detectCgroupVersion();
    const cg = await createJobCgroup(`doctor-${process.pid}`);
    await cg.remove();
    return { name: 'cgroups', level: 'ok', detail: `v${version}, job cgroups can be created` };
  } catch (error) {
    return {
      name: 'cgroups',
      level: 'fail',
      detail: errorMessage(error),
      fix: 'run as root on a host with cgroup v1 (cpuacct, memory) or v2 mounted at /sys/fs/cgroup',
    };
  }
}

/** One check per requirement (debootstrap, taskset; with `forTests` the test suite's too), each with its apt-get fix. */
export async function requirementChecks(forTests: boolean): Promise<Check[]> {
  const list = requirementsFor(forTests);
  const present = await Promise.all(list.map((r) => r.probe()));
  return list.map((r, i) =>
    present[i]
      ? { name: r.name, level: 'ok', detail: r.present }
      : {
          name: r.name,
          level: r.optional ? 'warn' : 'fail',
          detail: `missing: ${r.missing}`,
          fix: aptInstallCommand([r.pkg]),
        },
  );
}

async function chrootCheck(): Promise<Check> {
  const chroot = await execa('chroot', ['/', 'true'], { reject: false });
  return chroot.exitCode === 0
    ? { name: 'chroot', level: 'ok', detail: 'works' }
    : {
        name: 'chroot',
        level: 'fail',
        detail: chroot.stderr || 'chroot / true failed',
        fix: 'bare metal needs chroot(8) (coreutils) and root',
      };
}

async function gpuCheck(): Promise<Check> {
  const nvml = await nvmlStatus();
  return nvml.available
    ? { name: 'gpu', level: 'ok', detail: nvml.reason }
    : {
        name: 'gpu',
        level: 'warn',
        detail: `no GPU measurement: ${nvml.reason}; gpu fields will be null`,
        fix: 'on a GPU node install the NVIDIA driver (libnvidia-ml.so.1) and the NVIDIA container toolkit',
      };
}

/** Runs every prerequisite check (the one list `doctor` and `setup --check` print); `forTests` adds the test suite's tools. */
export async function runChecks(opts: { forTests?: boolean } = {}): Promise<Check[]> {
  const [docker, cgroups, tools, chroot, disk, gpu] = await Promise.all([
    dockerCheck(),
    cgroupCheck(),
    requirementChecks(opts.forTests ?? false),
    chrootCheck(),
    diskChecks(),
    gpuCheck(),
  ]);
  const taskset = tools.filter((c) => c.name === 'taskset');
  const others = tools.filter((c) => c.name !== 'taskset');
  return [nodeCheck(), rootCheck(), docker, cgroups, ...others, chroot, ...disk, gpu, ...taskset];
}

/** Prints one line per check (with its fix when not ok); exit status 1 on a failure. */
export function printChecks(checks: readonly Check[]): void {
  for (const c of checks) {
    process.stdout.write(
      `${c.level === 'ok' ? 'ok  ' : c.level === 'warn' ? 'WARN' : 'FAIL'}  ${c.name.padEnd(12)} ${c.detail}\n`,
    );
    if (c.level !== 'ok' && c.fix) process.stdout.write(`      ${''.padEnd(12)} fix: ${c.fix}\n`);
  }
  if (checks.some((c) => c.level === 'fail')) process.exitCode = 1;
}

/** `deploybench doctor`: runs the checks and prints them; exit status 1 on a failure. */
export async function doctorAction(): Promise<void> {
  printChecks(await runChecks());
}
