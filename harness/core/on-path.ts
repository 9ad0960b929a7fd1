import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Whether an executable `cmd` is on PATH, or in one of `alsoIn` (no process spawned). */
export async function onPath(cmd: string, alsoIn: readonly string[] = []): Promise<boolean> {
  for (const dir of new Set([...(process.env.PATH ?? '').split(delimiter), ...alsoIn])) {
    if (!dir) continue;
    try {
      await access(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      // Not in this folder: try the next one.
    }
  }
  return false;
}
