// `deploybench setup` through the real binary. The shared Docker engine is never stopped: starting an
// engine is tested with a second dockerd on a socket of its own (own data root, exec root and pidfile under
// a temp folder), which setup starts, waits for and checks, and which the test stops afterwards.
import { chmod, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';

const skip = await skipWithoutDocker();

// A PATH like this machine's, but without debootstrap: /usr/sbin and /sbin replaced by a folder of links.
async function pathWithoutDebootstrap(dir: string): Promise<string> {
  const sbin = join(dir, 'sbin');
  await execa('mkdir', ['-p', sbin]);
  for (const from of ['/usr/sbin', '/sbin']) {
    for (const name of await readdir(from).catch(() => [])) {
      if (name === 'debootstrap') continue;
      await symlink(join(from, name), join(sbin, name)).catch(() => undefined);
    }
  }
  return ['/usr/local/bin', '/usr/bin', '/bin', sbin].join(':');
}

// Stops the dockerd named by `pidfile` (SIGTERM, then waits up to 30 s for it to exit).
async function stopDockerd(pidfile: string): Promise<void> {
  const pid = Number((await readFile(pidfile, 'utf8').catch(() => '')).trim());
  if (!pid) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 300; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dockerd ${pid} did not exit within 30 s of SIGTERM`);
}

let dir = '';
const TEST_BRIDGE = 'dbtest0';

beforeAll(async () => {
  // Short: dockerd puts containerd's socket under the exec root, and unix socket paths end at 107 bytes.
  dir = await mkdtemp(join(tmpdir(), 'dbs-'));
  // The second engine gets a bridge of its own: with --bridge=none dockerd deletes the host's docker0 at
  // start, which breaks every container of the first engine that needs a network (e.g. RUN in a build).
  await execa('ip', ['link', 'del', TEST_BRIDGE], { reject: false });
  await execa('ip', ['link', 'add', TEST_BRIDGE, 'type', 'bridge']);
  await execa('ip', ['addr', 'add', '10.213.77.1/24', 'dev', TEST_BRIDGE]);
  await execa('ip', ['link', 'set', TEST_BRIDGE, 'up']);
});

afterAll(async () => {
  await stopDockerd(join(dir, 'd.pid'));
  await rm(dir, { recursive: true, force: true });
  await execa('ip', ['link', 'del', TEST_BRIDGE], { reject: false });
});

describe.skipIf(skip)('deploybench setup with no engine on its socket', () => {
  it('starts a second engine where none answers, waits for it, checks it; run again it is a no-op', async () => {
    const flags = ['--docker-socket', join(dir, 'd.sock'), '--pidfile', join(dir, 'd.pid')];
    const r = await cli([
      'setup',
      ...flags,
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'x'),
      '--dockerd-log',
      join(dir, 'd.log'),
      `--dockerd-arg=--bridge=${TEST_BRIDGE}`,
      '--dockerd-arg=--iptables=false',
      '--dockerd-arg=--storage-driver=vfs',
    ]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain(`MISSING  docker         no engine answers on ${dir}/d.sock`);
    expect(r.stdout).toContain(
      `$ (dockerd --exec-opt native.cgroupdriver=cgroupfs -H unix://${dir}/d.sock --pidfile ${dir}/d.pid`,
    );
    expect(r.stdout).toMatch(/dockerd PID \d+ started; log: .*d\.log\n/);
    expect(r.stdout).toMatch(/the engine answers on .*d\.sock after \d+\.\d s\n/);
    expect(r.stdout).toMatch(/ok {7}engine {9}docker [^,]+, vfs, cgroup v\d \(cgroupfs\)\n/);
    expect(await readFile(join(dir, 'd.log'), 'utf8')).toContain('API listen on');
    // The harness connects the same way: DOCKER_HOST at that socket reaches the new engine.
    const info = await execa('docker', ['-H', `unix://${dir}/d.sock`, 'info', '--format', '{{.Driver}}']);
    expect(info.stdout).toBe('vfs');

    const again = await cli(['setup', ...flags]);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.stdout).toContain(`ok       docker         an engine answers on ${dir}/d.sock`);
    expect(again.stdout).not.toContain('dockerd PID');
    expect(again.stdout).toMatch(/\nsetup: ready \(\d+\.\d\d s\)$/);
  });
});

describe.skipIf(skip)('deploybench setup with something missing', () => {
  it('--check on a PATH without debootstrap prints the apt-get fix and exits non-zero', async () => {
    const r = await cli(['setup', '--check'], { PATH: await pathWithoutDebootstrap(join(dir, 'p1')) });
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toContain('FAIL  debootstrap  missing: stack bases cannot be made\n');
    expect(r.stdout).toContain('fix: apt-get install -y --no-install-recommends debootstrap\n');
    expect(r.stdout).toContain('ok    docker ');
  });

  it('without root prints the exact commands and exits non-zero, changing nothing', async () => {
    // nobody must see the folder of links (mkdtemp makes it 0700).
    await chmod(dir, 0o755);
    const path = await pathWithoutDebootstrap(join(dir, 'p2'));
    const sock = join(dir, 'none.sock');
    const pidfile = join(dir, 'none.pid');
    const r = await execa(
      'setpriv',
      [
        '--reuid=nobody',
        '--regid=nogroup',
        '--clear-groups',
        'node',
        BIN,
        'setup',
        '--docker-socket',
        sock,
        '--pidfile',
        pidfile,
      ],
      { reject: false, all: true, env: { PATH: path, HOME: '/tmp' }, extendEnv: false },
    );
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toContain('MISSING  debootstrap    stack bases cannot be made (Debian package debootstrap)\n');
    expect(r.stdout).toContain(`MISSING  docker         no engine answers on ${sock}\n`);
    expect(r.stdout).toContain('setup cannot do this here: not running as root. Run these as root:\n');
    expect(r.stdout).toContain('\n  apt-get update\n  apt-get install -y --no-install-recommends debootstrap\n');
    expect(r.stdout).toContain(
      `\n  (dockerd --exec-opt native.cgroupdriver=cgroupfs -H unix://${sock} --pidfile ${pidfile} >>/var/log/deploybench-dockerd.log 2>&1 &)\n`,
    );
    expect(r.stdout).not.toContain('$ ');
    await expect(readFile(pidfile)).rejects.toThrow(/ENOENT/);
  });
});
