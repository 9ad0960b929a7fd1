// `deploybench init --code DIR -- CMD`: writes a validated matrix for the user's own command.
import { HarnessError } from '../../core/errors.ts';
import { displayPath } from '../../core/paths.ts';
import { initMatrix } from '../../matrix/init.ts';
import { DEFAULT_STACKS, type InitArgs } from '../commands/init.ts';

/** Writes the matrix file, prints what to run next (stderr) and the file's path (stdout). */
export async function initAction(a: InitArgs): Promise<void> {
  const cmd = [
    ...(a.cmd ?? []),
    ...(((a as unknown as Record<string, unknown>)['--'] as string[] | undefined) ?? []),
  ].map(String);
  if (a.prepare !== undefined && a.prepare.trim() === '')
    throw new HarnessError('E_USAGE', '--prepare is empty', {
      fix: 'give a command, e.g. --prepare "python3 prepare.py", or leave it out',
    });
  const file = await initMatrix({
    code: a.code,
    data: a.data,
    command: cmd,
    job: a.job,
    name: a.name,
    stacks: a.stack && a.stack.length > 0 ? a.stack.map(String) : DEFAULT_STACKS,
    prepare: a.prepare?.trim().split(/\s+/),
    output: a.output,
    force: a.force,
  });
  const shown = displayPath(file);
  process.stderr.write(
    `wrote ${shown} (validated)\nNext:\n  deploybench run ${shown}          # build the stacks if needed, run, write the report\n  deploybench run ${shown} --reps 1 # a quick first try\nNeeds more Debian packages (pandas, ...)? deploybench stack add my-stack --from torch-2.6-debian13 --set packages+=python3-pandas, then name it under stacks: in ${shown}.\n`,
  );
  process.stdout.write(`${file}\n`);
}
