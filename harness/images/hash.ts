import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Files of a folder (recursive, sorted, relative paths), skipping caches that do not go into images. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries) {
      if (e.name === '__pycache__' || e.name.endsWith('.pyc') || e.name === '.pytest_cache') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}

/** SHA-256 over named parts (strings) and folders (every file's relative path and bytes). */
export async function contentHash(parts: Record<string, string>, folders: Record<string, string>): Promise<string> {
  const h = createHash('sha256');
  for (const key of Object.keys(parts).sort()) h.update(`part:${key}\0${parts[key]}\0`);
  for (const key of Object.keys(folders).sort()) {
    const dir = folders[key] as string;
    for (const file of await listFiles(dir)) {
      h.update(`file:${key}/${file}\0`);
      h.update(await readFile(join(dir, file)));
      h.update('\0');
    }
  }
  return h.digest('hex');
}
