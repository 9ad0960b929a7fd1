// `deploybench list`: what is there (stacks with their image state, matrix files, campaigns).
import { readdir, readFile } from 'node:fs/promises';
import { isFleetDir, loadFleet } from '../../fleet/store.ts';
import { join, relative } from 'node:path';
import { errorMessage } from '../../core/errors.ts';
import { paths } from '../../core/paths.ts';
import { localImageId } from '../../images/image-lookup.ts';
import { listStackNames, loadStack } from '../../images/stacks.ts';
import { stackTag } from '../../images/tags.ts';
import type { FolderCache } from '../../images/hash.ts';
import { loadMatrix } from '../../matrix/load.ts';
import type { ListArgs } from '../commands/list.ts';

// One line for a stack: framework, base, needs, and whether its image is built.
async function stackLine(name: string, cache: FolderCache): Promise<string> {
  try {
    const s = await loadStack(name);
    const base = s.spec.base.kind === 'debootstrap' ? `debootstrap ${s.spec.base.suite}` : `FROM ${s.spec.base.image}`;
    const needs = [s.spec.requires.gpu ? 'GPU' : '', s.spec.requires.registry ? 'registry' : '']
      .filter(Boolean)
      .join(', ');
    const tag = await stackTag(s, cache);
    const built = await localImageId(tag).then(
      (id) => (id ? 'built' : 'not built'),
      () => 'docker unavailable',
    );
    return `${name.padEnd(24)} ${s.spec.framework.name} ${s.spec.framework.version}${s.spec.framework.cuda ? ` cuda ${s.spec.framework.cuda}` : ''}  (${base}${needs ? `; needs ${needs}` : ''})  ${built}`;
  } catch (error) {
    return `${name.padEnd(24)} INVALID: ${errorMessage(error).split('\n')[0]}`;
  }
}

async function listStacks(): Promise<string[]> {
  const cache: FolderCache = new Map();
  return Promise.all((await listStackNames()).map((name) => stackLine(name, cache)));
}

async function listScenarios(): Promise<string[]> {
  const dir = paths.scenarios();
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const lines: string[] = [];
  for (const f of files) {
    try {
      const { matrix } = await loadMatrix(join(dir, f));
      const n = matrix.stacks.length * matrix.deployments.length;
      lines.push(
        `${relative(process.cwd(), join(dir, f)).padEnd(32)} ${n} scenarios x ${matrix.jobs.join('+')}, ${matrix.repetitions} reps, ${'preset' in matrix.workload ? `preset ${matrix.workload.preset}` : `workload ${matrix.workload.name}`}  ${matrix.description ?? ''}`,
      );
    } catch (error) {
      lines.push(`${f.padEnd(32)} INVALID: ${errorMessage(error).split('\n')[0]}`);
    }
  }
  return lines;
}

// A fleet folder (run --slurm): its state and each node's, or null when it is not one.
async function fleetLine(dir: string): Promise<string | null> {
  if (!(await isFleetDir(dir))) return null;
  const f = await loadFleet(dir).catch(() => null);
  if (!f) return `${relative(process.cwd(), dir)}: unreadable fleet.json`;
  return `${relative(process.cwd(), dir).padEnd(56)} fleet ${f.state.padEnd(11)} ${f.nodes.map((n) => `${n.name}=${n.state}`).join(' ')}`;
}

async function listCampaigns(): Promise<string[]> {
  const dir = paths.results();
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const lines: string[] = [];
  for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    try {
      const c = JSON.parse(await readFile(join(dir, e.name, 'campaign.json'), 'utf8')) as {
        state?: string;
        runs?: unknown[];
        matrixFile?: string;
      };
      lines.push(
        `${relative(process.cwd(), join(dir, e.name)).padEnd(56)} ${String(c.state).padEnd(11)} ${c.runs?.length ?? 0} runs  ${c.matrixFile ?? ''}`,
      );
    } catch {
      lines.push((await fleetLine(join(dir, e.name))) ?? `${e.name}: no readable campaign.json`);
    }
  }
  return lines;
}

/** Prints the lines of `deploybench list WHAT`. */
export async function listAction(a: ListArgs): Promise<void> {
  const lines =
    a.what === 'stacks' ? await listStacks() : a.what === 'scenarios' ? await listScenarios() : await listCampaigns();
  process.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : `no ${a.what}\n`);
}
