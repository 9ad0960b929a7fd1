import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The content hash of a folder, as stored in campaign.json. */
export interface TreeHash {
  /** Hex sha256 over every entry's relative path, type, mode and content (symbolic links: their target). */
  sha256: string;
  files: number;
  bytes: number;
}

async function fileHash(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Hashes a folder tree: sorted relative paths, each with its kind, permission bits and content hash,
 * so the same bytes give the same hash on any machine (owners and times do not count).
 */
export async function hashTree(root: string): Promise<TreeHash> {
  const outer = createHash('sha256');
  let files = 0;
  let bytes = 0;
  const walk = async (dir: string, rel: string): Promise<void> => {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const path = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = await lstat(path);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) outer.update(`l ${r} ${await readlink(path)}\n`);
      else if (st.isDirectory()) {
        outer.update(`d ${r} ${mode}\n`);
        await walk(path, r);
      } else if (st.isFile()) {
        files++;
        bytes += st.size;
        outer.update(`f ${r} ${mode} ${st.size} ${await fileHash(path)}\n`);
      } else outer.update(`o ${r}\n`);
    }
  };
  await walk(root, '');
  return { sha256: outer.digest('hex'), files, bytes };
}
