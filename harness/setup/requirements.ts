// What a machine needs installed for deploybench (and, with `forTests`, for its test suite), each with the
// Debian package that provides it and a probe that answers without spawning a process where it can.
import { access } from 'node:fs/promises';
import { onPath } from '../core/on-path.ts';

/** One thing to have on the machine: what it is for, the Debian package that brings it, how to tell it is there. */
export interface Requirement {
  /** Name shown in checks (a command or a package). */
  name: string;
  /** The Debian/Ubuntu package that provides it. */
  pkg: string;
  /** What is lost without it. */
  missing: string;
  /** What is shown when present. */
  present: string;
  /** Only the test suite needs it. */
  forTests: boolean;
  /** Without it, a feature is unavailable (a warning) rather than deploybench failing. */
  optional?: boolean;
  probe: () => Promise<boolean>;
}

async function fileExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

// Python modules found by the system's /usr/bin/python3 (the one the host tests run; a pyenv or conda python3
// earlier on PATH does not count) without importing them: torch takes seconds to import.
async function pythonHas(modules: string[]): Promise<boolean> {
  if (!(await fileExists(SYSTEM_PYTHON))) return false;
  const code = `import importlib.util,sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in ${JSON.stringify(modules)}) else 1)`;
  const { execa } = await import('execa');
  return (await execa(SYSTEM_PYTHON, ['-c', code], { reject: false })).exitCode === 0;
}

/** The interpreter the host tests use (test/integration/cli/host.test.ts), which python3-torch installs into. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const cmd = (name: string) => () => onPath(name);

/** Every requirement, in the order checks are printed. */
export const REQUIREMENTS: readonly Requirement[] = [
  {
    name: 'debootstrap',
    pkg: 'debootstrap',
    missing: 'stack bases cannot be made',
    present: 'present',
    forTests: false,
    probe: cmd('debootstrap'),
  },
  {
    name: 'taskset',
    pkg: 'util-linux',
    missing: 'matrix `cpuset` cannot confine bare-metal jobs',
    present: 'present (matrix cpuset)',
    forTests: false,
    optional: true,
    probe: cmd('taskset'),
  },
  {
    name: 'chromium',
    pkg: 'chromium',
    missing: "the report's browser tests cannot run",
    present: 'present (browser tests)',
    forTests: true,
    probe: cmd('chromium'),
  },
  {
    name: 'busybox',
    pkg: 'busybox-static',
    missing: 'the FROM-scratch test image cannot be made',
    present: '/bin/busybox present (test image)',
    forTests: true,
    probe: () => fileExists('/bin/busybox'),
  },
  {
    name: 'cc',
    pkg: 'gcc',
    missing: 'the C fixture programs cannot be built',
    present: 'present (fixture programs)',
    forTests: true,
    probe: cmd('cc'),
  },
  {
    name: 'libc6-dev',
    pkg: 'libc6-dev',
    missing: 'the C fixture programs cannot be built (no C headers)',
    present: 'present (C headers)',
    forTests: true,
    probe: () => fileExists('/usr/include/stdio.h'),
  },
  {
    name: 'python3-torch',
    pkg: 'python3-torch python3-numpy',
    missing: "the host deployment's tests cannot import torch and numpy with /usr/bin/python3",
    present: 'torch and numpy importable by /usr/bin/python3',
    forTests: true,
    probe: () => pythonHas(['torch', 'numpy']),
  },
  {
    name: 'pyflakes3',
    pkg: 'pyflakes3',
    missing: '`npm run lint` cannot check the Python',
    present: 'present (lint)',
    forTests: true,
    probe: cmd('pyflakes3'),
  },
];

/** The requirements that apply: deploybench's own, plus the test suite's when `forTests`. */
export function requirementsFor(forTests: boolean): Requirement[] {
  return REQUIREMENTS.filter((r) => forTests || !r.forTests);
}

/** The requirements among `list` that are not on this machine, probed in parallel. */
export async function missingRequirements(list: readonly Requirement[]): Promise<Requirement[]> {
  const present = await Promise.all(list.map((r) => r.probe()));
  return list.filter((_, i) => !present[i]);
}

/** The apt-get line that installs `pkgs` (space-separated package names may appear in one entry). */
export function aptInstallCommand(pkgs: readonly string[]): string {
  return `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
}
