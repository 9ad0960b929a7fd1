// `deploybench stack add`: a new stack from an existing one, optionally a matrix comparing the two, and what to do next.
import { rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { displayPath as shown, paths } from '../../core/paths.ts';
import { addStack } from '../../images/stack-add.ts';
import { checkComparisonMatrix, writeComparisonMatrix } from '../../images/stack-add-matrix.ts';
import { loadStack } from '../../images/stacks.ts';
import { nextSteps, type StackAddArgs } from '../commands/stack.ts';

// The matrix the comparison starts from: --base-matrix, else the paper's CPU (or GPU, for a GPU stack) matrix.
async function defaultBase(args: StackAddArgs): Promise<string> {
  if (args['base-matrix'] !== undefined) return resolve(args['base-matrix']);
  const gpu = (await loadStack(args.from)).spec.requires.gpu;
  return join(paths.scenarios(), gpu ? 'paper-gpu.yaml' : 'paper-cpu.yaml');
}

function commandLine(args: StackAddArgs): string {
  const set = (args.set ?? []).map((s) => ` --set ${String(s)}`).join('');
  const base = args['base-matrix'] === undefined ? '' : ` --base-matrix ${args['base-matrix']}`;
  return `deploybench stack add ${args.name} --from ${args.from}${set} --matrix ${args.matrix ?? ''}${base}`;
}

/** Creates images/<name>/ (and with --matrix the comparison matrix) and prints what changed and the next steps. */
export async function stackAddAction(args: StackAddArgs): Promise<void> {
  const base = await defaultBase(args);
  const matrix = args.matrix === undefined ? undefined : resolve(args.matrix);
  // Checked before the stack is made, so a matrix problem leaves nothing behind.
  if (matrix) await checkComparisonMatrix({ file: matrix, baseFile: base });
  const added = await addStack({ name: args.name, from: args.from, set: (args.set ?? []).map(String) });
  if (matrix) {
    const o = { from: args.from, name: args.name, file: matrix, baseFile: base, command: commandLine(args) };
    await writeComparisonMatrix(o).catch(async (error: unknown) => {
      await rm(added.dir, { recursive: true, force: true });
      throw error;
    });
  }
  const hasBase = await stat(base).then(
    () => true,
    () => false,
  );
  const out = [
    `created ${shown(added.dir)}/ from ${args.from} (stack.yaml validated, Dockerfile copied)`,
    ...added.changes.map((c) => `  ${c}`),
    ...(matrix ? [`created ${shown(matrix)}: stacks [${args.from}, ${args.name}], the rest as in ${shown(base)}`] : []),
    ...added.notes.map((n) => `note: ${n}`),
    ...nextSteps(args.name, args.from, { matrix: matrix && shown(matrix), template: hasBase ? shown(base) : null }),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
