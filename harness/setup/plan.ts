// What `deploybench setup` has to do on this machine, decided from what it found (pure): the packages to
// install, whether to start an engine, and why it cannot do it itself (then the user gets the commands).
import { dockerdCommandLine, type EngineOptions } from './engine.ts';
import { aptInstallCommand, type Requirement } from './requirements.ts';

/** What setup found on the machine. */
export interface SetupState {
  /** Requirements not present. */
  missing: Requirement[];
  /** Whether an engine answers where the harness connects. */
  engineAnswers: boolean;
  /** The engine's unix socket, null when DOCKER_HOST is not unix:// (setup cannot start such an engine). */
  socket: string | null;
  /** Whether `dockerd` is on PATH. */
  dockerdPresent: boolean;
  /** PID of a running dockerd named by the pidfile (starting, or hung), else null. */
  dockerdPid: number | null;
  root: boolean;
  /** Debian or Ubuntu with apt-get on PATH. */
  apt: boolean;
}

/** What setup will do, or the reasons it cannot and the commands to run instead. */
export interface SetupPlan {
  /** Debian packages to install (none when nothing is missing). */
  packages: string[];
  /** Start dockerd (no engine answers and none is running per the pidfile). */
  startEngine: boolean;
  /** Wait for the dockerd that is already running instead of starting one. */
  waitForPid: number | null;
  /** Why setup cannot act here (not root, not Debian/Ubuntu, a remote DOCKER_HOST); empty when it can. */
  blockers: string[];
  /** The exact commands that do what is needed, for the user when there are blockers. */
  commands: string[];
}

/** Decides the steps from the state; nothing to do gives an empty plan. */
export function planSetup(state: SetupState, engine: EngineOptions): SetupPlan {
  const local = state.socket !== null;
  const needEngine = !state.engineAnswers && local;
  const packages = [...(needEngine && !state.dockerdPresent ? ['docker.io'] : []), ...state.missing.map((r) => r.pkg)];
  const startEngine = needEngine && state.dockerdPid === null;
  const waitForPid = needEngine ? state.dockerdPid : null;
  const blockers: string[] = [];
  if (!state.engineAnswers && !local)
    blockers.push(
      `DOCKER_HOST=${process.env.DOCKER_HOST ?? ''} is not a local unix socket: start the engine where it runs`,
    );
  if ((packages.length > 0 || startEngine) && !state.root) blockers.push('not running as root');
  if (packages.length > 0 && !state.apt) blockers.push('not Debian or Ubuntu with apt-get');
  const commands = [
    ...(packages.length > 0 ? ['apt-get update', aptInstallCommand(packages)] : []),
    ...(startEngine ? [dockerdCommandLine(engine)] : []),
  ];
  return { packages, startEngine, waitForPid, blockers, commands };
}

/** Whether the plan does nothing (the machine is ready). */
export function nothingToDo(plan: SetupPlan): boolean {
  return plan.packages.length === 0 && !plan.startEngine && plan.waitForPid === null && plan.blockers.length === 0;
}
