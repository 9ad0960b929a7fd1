// `stack add --matrix FILE`: a matrix comparing the new stack with the one it was copied from, made from a
// base matrix (its deployments, jobs, workload and settings kept, its comments too), validated before it
// is written, and never written over an existing file.
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { HarnessError } from '../core/errors.ts';
import { displayPath } from '../core/paths.ts';
import { loadMatrix } from '../matrix/load.ts';
import { writeFileAtomic } from '../core/atomic.ts';
import { noteOrigin } from './stack-add.ts';

/** What goes into the comparison matrix. */
export interface ComparisonMatrixOptions {
  /** The stack copied from, and the new one: the matrix's stacks, in this order. */
  from: string;
  name: string;
  /** The matrix file to write. */
  file: string;
  /** The matrix whose deployments, jobs, workload and settings are kept. */
  baseFile: string;
  /** The command that made it, for the header comment. */
  command: string;
}

/** The matrix name for a file: its basename without .yaml/.yml, as a matrix `name` (letters, digits, . _ -). */
export function matrixNameFor(file: string): string {
  return basename(file, extname(file)).replace(/[^A-Za-z0-9._-]/g, '-') || 'comparison';
}

/** The base matrix's text with `name`, `description` and `stacks` replaced (pure; comments kept). */
export function deriveComparisonMatrix(baseText: string, o: ComparisonMatrixOptions): string {
  const doc = parseDocument(baseText);
  doc.set('name', matrixNameFor(o.file));
  doc.set('description', `${o.from} vs ${o.name}, settings of ${basename(o.baseFile)}`);
  const stacks = doc.createNode([o.from, o.name], { flow: true });
  doc.set('stacks', stacks);
  noteOrigin(doc, `Made by \`${o.command}\` from ${basename(o.baseFile)}; comments below are its.`);
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

/** Refuses before anything is made: an existing matrix FILE, or a base matrix that is not valid as it stands. */
export async function checkComparisonMatrix(o: Pick<ComparisonMatrixOptions, 'file' | 'baseFile'>): Promise<void> {
  if (await exists(o.file))
    throw new HarnessError('E_USAGE', `--matrix ${displayPath(o.file)}: the file already exists`, {
      fix: 'give a new file name, or run the existing matrix with --stacks FROM,NAME',
    });
  await loadMatrix(o.baseFile);
}

/** Writes the comparison matrix: a temp file beside FILE, validated as a matrix (the new stack exists by now), then renamed. */
export async function writeComparisonMatrix(o: ComparisonMatrixOptions): Promise<void> {
  const text = deriveComparisonMatrix(await readFile(o.baseFile, 'utf8'), o);
  // Same folder as FILE: a user workload's relative code and data paths are read from there.
  const tmp = join(dirname(o.file), `.${basename(o.file)}.${process.pid}.tmp.yaml`);
  await writeFileAtomic(tmp, text);
  try {
    await loadMatrix(tmp);
    if (await exists(o.file))
      throw new HarnessError('E_USAGE', `--matrix ${displayPath(o.file)}: the file already exists`, {
        fix: 'another process wrote it meanwhile; give a new file name',
      });
    await rename(tmp, o.file);
  } finally {
    await rm(tmp, { force: true });
  }
}
