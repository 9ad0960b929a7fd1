// `deploybench stack add`: a new stack from an existing one, and what to do next.
import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { paths } from '../../core/paths.ts';
import { addStack } from '../../images/stack-add.ts';
import { nextSteps, type StackAddArgs } from '../commands/stack.ts';

/** Creates images/<name>/ and prints what changed and the next steps. */
export async function stackAddAction(args: StackAddArgs): Promise<void> {
  const added = await addStack({ name: args.name, from: args.from, set: (args.set ?? []).map(String) });
  const shown = relative(process.cwd(), added.dir) || added.dir;
  const template = join(paths.scenarios(), added.spec.requires.gpu ? 'paper-gpu.yaml' : 'paper-cpu.yaml');
  const hasTemplate = await stat(template).then(
    () => true,
    () => false,
  );
  const out = [
    `created ${shown}/ from ${args.from} (stack.yaml validated, Dockerfile copied)`,
    ...added.changes.map((c) => `  ${c}`),
    ...added.notes.map((n) => `note: ${n}`),
    ...nextSteps(args.name, args.from, hasTemplate ? relative(process.cwd(), template) || template : null),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
