// Bare metal starts from the image's exact filesystem every run, as a container does; the job's
// environment is the same in both deployments (but Docker's HOSTNAME); measure binds any folder.
import { mkdir, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { runRootsDir } from '../../../harness/executors/pristine-root.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../harness/results/schema.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';
import { leftoverContainers, leftoverMounts, leftoverRunRoots } from '../../helpers/leftovers.ts';

const skip = await skipWithoutDocker();
const STACK = 'torch-2.6-debian13';

async function measure(
  deployment: string,
  args: string[],
): Promise<{ record: RunRecord; stderr: string; exitCode: number | undefined }> {
  const r = await cli(['measure', '--stack', STACK, '--deployment', deployment, '--json', ...args]);
  return { record: JSON.parse(r.stdout) as RunRecord, stderr: r.stderr, exitCode: r.exitCode };
}

describe.skipIf(skip)('pristine filesystems and identical environments', () => {
  for (const deployment of ['bare-metal', 'container']) {
    it(`${deployment}: a job that writes into /opt leaves no trace for the next run, and the write is recorded`, async () => {
      const first = await measure(deployment, [
        '--',
        'sh',
        '-c',
        'echo x > /opt/f && mkdir -p /root/.cache/x && touch /root/.cache/x/y && echo t > /tmp/scratch',
      ]);
      expect(first.record.status, first.stderr).toBe('ok');
      expect(first.record.filesystemWrites).toEqual({ count: 2, paths: ['/opt/f', '/root/.cache/x/y'] });
      const second = await measure(deployment, ['--', 'cat', '/opt/f']);
      expect(second.record.status).toBe('failed');
      expect(second.record.exitCode).toBe(1);
      expect(second.stderr).toContain('/opt/f: No such file or directory');
    });
  }

  it("gives the job the same environment in both deployments, apart from Docker's HOSTNAME", async () => {
    const envOf = async (d: string): Promise<string[]> =>
      (await measure(d, ['--env', 'A=1', '--', 'env'])).stderr
        .split('\n')
        .filter((l) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(l))
        .sort();
    const bare = await envOf('bare-metal');
    const cont = await envOf('container');
    expect(cont.filter((l) => !l.startsWith('HOSTNAME='))).toEqual(bare);
    expect(cont.some((l) => l.startsWith('HOSTNAME='))).toBe(true);
    expect(bare).toContain('A=1');
    expect(bare.some((l) => l.startsWith('PWD='))).toBe(false);
  });

  it('measure --mount HOST:PATH:ro --workdir runs a script in both deployments and as a host process; :ro is read-only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-src-'));
    await writeFile(join(dir, 's.py'), 'import os, sys\nprint("cwd", os.getcwd(), "args", sys.argv[1:])\n');
    for (const deployment of ['bare-metal', 'container']) {
      const r = await measure(deployment, [
        '--mount',
        `${dir}:/src:ro`,
        '--workdir',
        '/src',
        '--',
        'python3',
        's.py',
        '--data',
        '/src/x',
      ]);
      expect(r.record.status, r.stderr).toBe('ok');
      expect(r.stderr).toContain("cwd /src args ['--data', '/src/x']");
      const w = await measure(deployment, ['--mount', `${dir}:/src:ro`, '--', 'touch', '/src/new']);
      expect(w.record.status).toBe('failed');
      expect(w.stderr).toMatch(/Read-only file system/);
    }
    const host = await cli([
      'measure',
      '--json',
      '--mount',
      `${dir}:/src:ro`,
      '--workdir',
      '/src',
      '--',
      'python3',
      's.py',
      '--data=/src/x',
    ]);
    expect(host.exitCode, host.all).toBe(0);
    expect(host.stderr).toContain(`cwd ${dir} args ['--data=${dir}/x']`);
  });

  it('runs two bare-metal jobs of one image at once, each in its own root', async () => {
    const [a, b] = await Promise.all(
      ['a', 'b'].map((n) => measure('bare-metal', ['--', 'sh', '-c', `echo ${n} > /opt/who; sleep 2; cat /opt/who`])),
    );
    expect(a!.record.status).toBe('ok');
    expect(b!.record.status).toBe('ok');
    expect(a!.stderr.trim().split('\n')).toContain('a');
    expect(b!.stderr.trim().split('\n')).toContain('b');
  });

  it('refuses bad --mount, --env and --workdir values in one line', async () => {
    for (const [args, needle] of [
      [['--mount', '/nonexistent-dir:/src'], '--mount /nonexistent-dir:/src: /nonexistent-dir does not exist'],
      [['--mount', 'justone'], '--mount justone: expected HOST:PATH[:ro|rw]'],
      [['--mount', '/tmp:/'], 'cannot be a mount point'],
      [['--env', '1A=x'], '--env 1A=x: expected NAME=VALUE'],
      [['--workdir', 'src'], '--workdir src: expected an absolute path'],
    ] as const) {
      const r = await cli(['measure', '--stack', STACK, ...args, '--', 'true']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(needle);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('removes the mounted run root a killed harness left behind, and says so', async () => {
    // A root as a SIGKILLed harness (pid 2147483646: not alive) leaves it: a mount on it, files in its layer.
    const dir = join(runRootsDir(), 'measure-2147483646-abc123-1');
    await mkdir(join(dir, 'root'), { recursive: true });
    await mkdir(join(dir, 'upper', 'opt'), { recursive: true });
    await execa('mount', ['-t', 'tmpfs', 'tmpfs', join(dir, 'root')]);
    const r = await cli(['measure', '--stack', STACK, '--', 'true']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toContain(
      'removed leftovers of deploybench runs whose harness died: 1 bare-metal run root (measure-2147483646-abc123-1), mounts undone',
    );
    expect(
      await stat(dir).then(
        () => true,
        () => false,
      ),
    ).toBe(false);
  });

  it('leaves no container, mount or per-run root behind', async () => {
    expect(await leftoverContainers()).toEqual([]);
    expect(await leftoverMounts()).toEqual([]);
    expect(await leftoverRunRoots()).toEqual([]);
  });
});
