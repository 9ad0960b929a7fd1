import { mkdir, rename, writeFile, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { HarnessError } from './errors.ts';
import { displayPath } from './paths.ts';

let counter = 0;

/** Writes a file atomically: a temp file in the same folder, then rename over the target. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    // mkdir -p answers EEXIST when a part of the path is a file.
    throw explainWriteError(file, error.code === 'EEXIST' ? Object.assign(error, { code: 'ENOTDIR' }) : error);
  });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${++counter}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw explainWriteError(file, error);
  }
}

// Errors of the file system that are the user's to fix become one-line HarnessErrors; anything else stays as it is.
function explainWriteError(file: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const why: Record<string, [string, string]> = {
    EISDIR: ['is a folder, not a file', `give a file path, e.g. ${join(displayPath(file), 'out.html')}`],
    ENOTDIR: ['a part of the path is a file, not a folder', 'give a path whose folders are folders'],
    EACCES: ['permission denied', 'write somewhere you may write, or fix the permissions'],
    EROFS: ['the file system is read-only', 'write somewhere else'],
    ENOSPC: ['no space left on the device', 'free some space, or write somewhere else'],
  };
  const known = code ? why[code] : undefined;
  return known
    ? new HarnessError('E_USAGE', `${displayPath(file)}: cannot write (${known[0]})`, { fix: known[1], cause: error })
    : error;
}

/** Writes JSON (2-space indented, trailing newline) atomically. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
