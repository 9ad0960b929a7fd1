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

/** A folder's files (relative path and bytes, in listFiles order), shared by the hashes of one moment. */
export type FolderCache = Map<string, Promise<{ file: string; bytes: Buffer }[]>>;

async function folderFiles(dir: string): Promise<{ file: string; bytes: Buffer }[]> {
  const files = await listFiles(dir);
  return Promise.all(files.map(async (file) => ({ file, bytes: await readFile(join(dir, file)) })));
}

/**
 * SHA-256 over named parts (strings) and folders (every file's relative path and bytes). `cache` lets the
 * hashes taken at one moment (`list` hashes the workload folder once per stack) read each folder once;
 * it must not outlive that moment, or an edited file would go unseen.
 */
export async function contentHash(
  parts: Record<string, string>,
  folders: Record<string, string>,
  cache?: FolderCache,
): Promise<string> {
  const h = createHash('sha256');
  for (const key of Object.keys(parts).sort()) h.update(`part:${key}\0${parts[key]}\0`);
  for (const key of Object.keys(folders).sort()) {
    const dir = folders[key] as string;
    let files = cache?.get(dir);
    if (!files) {
      files = folderFiles(dir);
      cache?.set(dir, files);
    }
    for (const { file, bytes } of await files) {
      h.update(`file:${key}/${file}\0`);
      h.update(bytes);
      h.update('\0');
    }
  }
  return h.digest('hex');
}
