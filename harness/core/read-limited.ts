import { open } from 'node:fs/promises';
import { HarnessError, type HarnessErrorCode } from './errors.ts';
import { displayPath } from './paths.ts';
import { formatBytes } from '../render/units.ts';

/**
 * Reads a text file of at most `maxBytes`, refusing a larger one before reading it (so a huge or
 * endless file costs neither memory nor time). Errors of the file system (ENOENT, EISDIR) propagate
 * unchanged for the caller to explain.
 */
export async function readTextLimited(
  file: string,
  maxBytes: number,
  opts: { what: string; code: HarnessErrorCode; fix: string },
): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const info = await handle.stat();
    if (info.isDirectory())
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${file}'`), { code: 'EISDIR' });
    const tooBig = (size: string): HarnessError =>
      new HarnessError(
        opts.code,
        `${displayPath(file)}: ${opts.what} too large (${size}; at most ${formatBytes(maxBytes)} is read)`,
        { fix: opts.fix },
      );
    if (info.isFile() && info.size > maxBytes) throw tooBig(formatBytes(info.size));
    // Read one byte more than allowed: a file that grows, or a device without a size, is caught too.
    const buffer = Buffer.alloc(Math.min(maxBytes, info.isFile() ? info.size : maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw tooBig(`more than ${formatBytes(maxBytes)}`);
    if (info.isFile() && length > info.size)
      throw new HarnessError(opts.code, `${displayPath(file)}: ${opts.what} grew while it was read`, {
        fix: 'wait until whatever writes it is done, then try again',
      });
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}
