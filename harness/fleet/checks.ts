/**
 * What a fleet needs, checked before any job is queued: Slurm's commands, a controller that answers,
 * the partition and nodes, and on every node root, Docker, the same harness path and a results folder
 * the submitter sees (each node writes a marker through a short `srun -w NODE`).
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { displayPath } from '../core/paths.ts';
import { parseSinfo, slurm, type SinfoNode } from './slurm.ts';

/** Which nodes to use, as given on the command line. */
export interface NodeSelection {
  partition?: string;
  /** `--nodelist A,B`. */
  nodelist?: string[];
  /** `--nodes N`: the first N usable nodes of the partition. */
  count?: number;
}

const UNUSABLE = /^(down|drain|drng|fail|failg|maint|boot|futr|inval|unk|npc|plnd|pow_dn|resv)/;

/** Root, sbatch on PATH and a controller that answers. */
export async function checkSubmitter(): Promise<void> {
  if (process.getuid?.() !== 0)
    throw new HarnessError(
      'E_NOT_ROOT',
      'run --slurm: fleet jobs run as root (cgroups, chroot, Docker), so they must be submitted as root',
      {
        fix: 'run it with sudo, or as root on the submitting host',
      },
    );
  await slurm('sbatch', ['--version']);
  const ping = await slurm('scontrol', ['ping'], 15_000);
  if (ping.exitCode !== 0 || !/\bUP\b/.test(ping.stdout))
    throw new HarnessError(
      'E_SLURM',
      `the Slurm controller does not answer (scontrol ping: ${(ping.stdout + ping.stderr).trim().split('\n')[0] || `exit ${ping.exitCode}`})`,
      {
        fix: "start slurmctld (and munged), or point SLURM_CONF at the cluster's slurm.conf",
      },
    );
}

/** The nodes to run on: every named node must exist (in the partition, if given) and be usable. */
export async function selectNodes(sel: NodeSelection): Promise<string[]> {
  const r = await slurm('sinfo', ['-h', '-N', '-o', '%N %P %t']);
  if (r.exitCode !== 0)
    throw new HarnessError('E_SLURM', `sinfo: ${r.stderr.trim()}`, { fix: 'check `sinfo` by hand' });
  const all = parseSinfo(r.stdout);
  const partitions = [...new Set(all.map((n) => n.partition))];
  if (sel.partition !== undefined && !partitions.includes(sel.partition))
    throw new HarnessError('E_SLURM', `--partition ${sel.partition}: no such partition`, {
      fix: `partitions of this cluster: ${partitions.join(', ') || '(none)'}`,
    });
  const inPart = all.filter((n) =>
    sel.partition === undefined ? n.isDefault || partitions.length === 1 : n.partition === sel.partition,
  );
  if (sel.nodelist) return namedNodes(sel.nodelist, inPart, all, sel.partition);
  const usable = [...new Set(inPart.filter((n) => !UNUSABLE.test(n.state)).map((n) => n.name))].sort();
  const want = sel.count ?? usable.length;
  if (usable.length < want || want === 0)
    throw new HarnessError(
      'E_SLURM',
      `--nodes ${want}: the partition has ${usable.length} usable node(s) (${usable.join(', ') || 'none'})`,
      {
        fix: 'ask for fewer nodes, or resume the down or drained ones (`scontrol update NodeName=... State=RESUME`)',
      },
    );
  return usable.slice(0, want);
}

function namedNodes(names: string[], inPart: SinfoNode[], all: SinfoNode[], partition: string | undefined): string[] {
  for (const name of names) {
    const node = inPart.find((n) => n.name === name);
    if (!node) {
      const known = [...new Set(all.map((n) => n.name))];
      throw new HarnessError('E_SLURM', `--nodelist: no node ${name}${partition ? ` in partition ${partition}` : ''}`, {
        fix: `nodes of this cluster: ${known.join(', ')}`,
      });
    }
    if (UNUSABLE.test(node.state))
      throw new HarnessError('E_SLURM', `--nodelist: node ${name} is ${node.state}`, {
        fix: `bring it back (\`scontrol update NodeName=${name} State=RESUME\`) or leave it out`,
      });
  }
  if (new Set(names).size !== names.length)
    throw new HarnessError('E_USAGE', `--nodelist ${names.join(',')}: a node is named twice`, {
      fix: 'name each node once',
    });
  return names;
}

// What one node says about itself: uid, the marker it wrote, Docker, the harness and node binaries.
function probeScript(marker: string, token: string, binPath: string, nodeBinary: string, docker: boolean): string {
  return [
    'echo "uid=$(id -u)"',
    `echo ${token} > '${marker}' && echo marker=ok || echo marker=fail`,
    `test -f '${binPath}' && echo harness=ok || echo harness=missing`,
    `test -x '${nodeBinary}' && echo node=ok || echo node=missing`,
    docker ? 'docker info --format "docker={{.ServerVersion}}" 2>/dev/null || echo docker=none' : 'echo docker=skip',
  ].join('; ');
}

/** Checks every node with one short `srun -w NODE` each, in parallel; throws the first problem with its fix. */
export async function checkNodes(
  nodes: readonly string[],
  o: { fleetDir: string; binPath: string; nodeBinary: string; docker: boolean; partition?: string },
): Promise<void> {
  await Promise.all(nodes.map((n) => checkNode(n, o)));
}

async function checkNode(
  node: string,
  o: { fleetDir: string; binPath: string; nodeBinary: string; docker: boolean; partition?: string },
): Promise<void> {
  const token = randomBytes(8).toString('hex');
  const marker = join(o.fleetDir, `.probe-${node}`);
  const args = ['-w', node, '-N1', '-n1', '--immediate=60', '--quiet', ...(o.partition ? ['-p', o.partition] : [])];
  const r = await slurm(
    'srun',
    [...args, 'sh', '-c', probeScript(marker, token, o.binPath, o.nodeBinary, o.docker)],
    90_000,
  );
  const said = new Map(r.stdout.split('\n').map((l) => l.trim().split('=', 2) as [string, string]));
  const fail = (what: string, fix: string): never => {
    throw new HarnessError('E_SLURM', `node ${node}: ${what}`, { fix });
  };
  if (r.exitCode !== 0 && !said.has('uid'))
    fail(
      `srun -w ${node} failed (${r.stderr.trim().split('\n').pop() ?? `exit ${r.exitCode}`})`,
      'check the node with `srun -w NODE hostname`; a busy node answers within 60 s or not at all',
    );
  if (said.get('uid') !== '0')
    fail(`jobs run as uid ${said.get('uid') ?? '?'}, not root`, 'submit as root; fleet jobs need root on the nodes');
  const seen = await readFile(marker, 'utf8').then(
    (t) => t.trim(),
    () => '',
  );
  await rm(marker, { force: true });
  if (said.get('marker') !== 'ok' || seen !== token)
    fail(
      `the results folder ${displayPath(o.fleetDir)} is not shared with this host (the node's marker did not appear here)`,
      'put results/ (or DEPLOYBENCH_RESULTS_DIR) on a filesystem every node mounts at the same path',
    );
  if (said.get('harness') !== 'ok')
    fail(`no deploybench at ${o.binPath}`, 'check out deploybench at the same path on every node');
  if (said.get('node') !== 'ok')
    fail(`no Node.js at ${o.nodeBinary}`, 'install Node.js 20 at the same path on every node');
  if (said.get('docker') === 'none')
    fail('Docker does not answer (`docker info` failed)', 'install and start the Docker engine on the node');
}
