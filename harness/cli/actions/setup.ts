// `deploybench setup`: makes this machine ready (Debian packages, a running Docker engine) and says each
// step; where it cannot (not root, not Debian/Ubuntu), prints the exact commands and exits non-zero.
// `--check` only reports: the checks of `doctor`.
import { readFile } from 'node:fs/promises';
import { HarnessError } from '../../core/errors.ts';
import { engineSocket } from '../../images/image-lookup.ts';
import {
  engineAnswers,
  engineFacts,
  livePid,
  startDockerd,
  waitForEngine,
  type EngineOptions,
} from '../../setup/engine.ts';
import { nothingToDo, planSetup, type SetupPlan, type SetupState } from '../../setup/plan.ts';
import { onPath } from '../../core/on-path.ts';
import { missingRequirements, requirementsFor } from '../../setup/requirements.ts';
import type { SetupArgs } from '../commands/setup.ts';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function debianLike(): Promise<boolean> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const ids = /^(ID|ID_LIKE)=(.*)$/gm;
  const words = [...text.matchAll(ids)].flatMap((m) => (m[2] ?? '').replaceAll('"', '').split(/\s+/));
  return (words.includes('debian') || words.includes('ubuntu')) && (await onPath('apt-get'));
}

function engineOptions(a: SetupArgs, socket: string): EngineOptions {
  return {
    socket,
    pidfile: a.pidfile,
    log: a['dockerd-log'],
    dataRoot: a['data-root'],
    execRoot: a['exec-root'],
    extraArgs: (a['dockerd-arg'] ?? []).map(String),
    timeoutSeconds: a.timeout,
  };
}

async function findState(a: SetupArgs, socket: string | null): Promise<SetupState> {
  const [missing, answers, dockerdPresent, dockerdPid, apt] = await Promise.all([
    missingRequirements(requirementsFor(a['for-tests'])),
    socket === null ? true : engineAnswers(socket),
    onPath('dockerd'),
    livePid(a.pidfile),
    debianLike(),
  ]);
  return { missing, engineAnswers: answers, socket, dockerdPresent, dockerdPid, apt, root: process.getuid?.() === 0 };
}

function printState(state: SetupState, where: string): void {
  for (const r of state.missing) say(`MISSING  ${r.name.padEnd(14)} ${r.missing} (Debian package ${r.pkg})`);
  if (state.engineAnswers) say(`ok       ${'docker'.padEnd(14)} an engine answers on ${where}`);
  else if (state.dockerdPid !== null)
    say(`WAIT     ${'docker'.padEnd(14)} dockerd PID ${state.dockerdPid} runs but does not answer on ${where} yet`);
  else say(`MISSING  ${'docker'.padEnd(14)} no engine answers on ${where}`);
}

async function step(cmd: string, args: string[]): Promise<void> {
  say(`$ ${[cmd, ...args].join(' ')}`);
  const { execa } = await import('execa');
  const r = await execa(cmd, args, {
    stdio: 'inherit',
    reject: false,
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.exitCode !== 0)
    throw new HarnessError('E_USAGE', `\`${[cmd, ...args].join(' ')}\` exited with status ${r.exitCode}`, {
      fix: 'read its output above, fix the package source or the network, then run deploybench setup again',
    });
}

// apt-get update and install, then the probes again: a package that installed but did not bring its tool is a failure.
async function installPackages(plan: SetupPlan, forTests: boolean): Promise<void> {
  await step('apt-get', ['update', '-qq']);
  await step('apt-get', [
    'install',
    '-y',
    '-qq',
    '--no-install-recommends',
    ...plan.packages.flatMap((p) => p.split(' ')),
  ]);
  const still = await missingRequirements(requirementsFor(forTests));
  if (still.length > 0)
    throw new HarnessError(
      'E_USAGE',
      `still missing after apt-get install: ${still.map((r) => `${r.name} (${r.missing})`).join('; ')}`,
      { fix: 'install it by hand so that `deploybench setup --check` passes (e.g. on PATH, or for /usr/bin/python3)' },
    );
}

async function bringEngineUp(plan: SetupPlan, engine: EngineOptions): Promise<void> {
  // A package's install script may have started one (invoke-rc.d): never start a second on the same socket.
  if (await engineAnswers(engine.socket)) return say(`  an engine answers on ${engine.socket} now`);
  let pid = plan.waitForPid ?? (await livePid(engine.pidfile));
  if (pid !== null) say(`dockerd PID ${pid} is running (per ${engine.pidfile}): waiting for it, not starting another`);
  else {
    say(`$ ${plan.commands.at(-1) ?? 'dockerd'}`);
    pid = await startDockerd(engine);
    say(`  dockerd PID ${pid} started; log: ${engine.log}`);
  }
  const seconds = await waitForEngine(engine, pid, say);
  say(`  the engine answers on ${engine.socket} after ${seconds.toFixed(1)} s`);
}

// The engine answers: say what it is, and fail on the systemd cgroup driver (job cgroups are read under cgroupfs).
async function checkEngine(socket: string | null): Promise<void> {
  if (socket === null) return say('ok       docker         (remote DOCKER_HOST; `deploybench doctor` checks it)');
  const f = await engineFacts(socket);
  const line = `docker ${f.version}, ${f.storageDriver}, cgroup v${f.cgroupVersion} (${f.cgroupDriver})`;
  if (f.cgroupDriver === 'systemd') {
    say(`FAIL     ${'engine'.padEnd(14)} ${line}: the systemd cgroup driver is not supported`);
    say(`         fix: restart dockerd with --exec-opt native.cgroupdriver=cgroupfs`);
    process.exitCode = 1;
  } else say(`ok       ${'engine'.padEnd(14)} ${line}`);
}

function printBlocked(plan: SetupPlan): void {
  say(`setup cannot do this here: ${plan.blockers.join('; ')}. Run these${plan.blockers.length ? ' as root' : ''}:`);
  for (const c of plan.commands) say(`  ${c}`);
  if (plan.packages.length > 0)
    say(`(Debian/Ubuntu package names; elsewhere install the same with your package manager)`);
  say('then run `deploybench setup` again to check.');
  process.exitCode = 1;
}

/** Runs setup: a fast no-op when all is there; `--check` prints doctor's checks only. */
export async function setupAction(a: SetupArgs): Promise<void> {
  const t0 = performance.now();
  if (a['docker-socket'] !== undefined) process.env.DOCKER_HOST = `unix://${a['docker-socket']}`;
  if (a.check) {
    // Loaded only here: doctor's checks load dockerode and the GPU binding, slower than the whole no-op.
    const { printChecks, runChecks } = await import('./doctor.ts');
    return printChecks(await runChecks({ forTests: a['for-tests'] }));
  }
  const socket = engineSocket();
  const where = socket ?? process.env.DOCKER_HOST ?? '?';
  const engine = engineOptions(a, socket ?? '');
  const state = await findState(a, socket);
  const plan = planSetup(state, engine);
  if (nothingToDo(plan)) {
    say(
      `ok       ${'tools'.padEnd(14)} ${requirementsFor(a['for-tests'])
        .map((r) => r.name)
        .join(', ')} present`,
    );
    printState(state, where);
    await checkEngine(socket);
    return say(`setup: ready (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  }
  printState(state, where);
  if (plan.blockers.length > 0) return printBlocked(plan);
  if (plan.packages.length > 0) await installPackages(plan, a['for-tests']);
  if (plan.startEngine || plan.waitForPid !== null) await bringEngineUp(plan, engine);
  await checkEngine(socket);
  say(`setup: done (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
