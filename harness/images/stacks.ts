import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { displayPath, paths } from '../core/paths.ts';
import { formatZodIssues, parseYaml } from '../core/yaml.ts';
import { stackSchema, type StackSpec } from './stack.ts';

/** A stack as found on disk. */
export interface Stack {
  spec: StackSpec;
  /** Absolute folder `images/<name>`. */
  dir: string;
}

/** Folders under images/ that are not stacks. */
const NOT_STACKS = new Set(['workload']);

/** Names of every folder under images/ holding a stack.yaml, sorted. */
export async function listStackNames(imagesDir = paths.images()): Promise<string[]> {
  const entries = await readdir(imagesDir, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || NOT_STACKS.has(entry.name) || entry.name.startsWith('.')) continue;
    const exists = await stat(join(imagesDir, entry.name, 'stack.yaml')).then(
      () => true,
      () => false,
    );
    if (exists) names.push(entry.name);
  }
  return names.sort();
}

/** Loads and validates `images/<name>/stack.yaml` and checks its Dockerfile exists. */
export async function loadStack(name: string, imagesDir = paths.images()): Promise<Stack> {
  const dir = join(imagesDir, name);
  const file = join(dir, 'stack.yaml');
  const shown = displayPath(file);
  const text = await readFile(file, 'utf8').catch(async (cause: unknown) => {
    const known = await listStackNames(imagesDir).catch(() => []);
    throw new HarnessError('E_NOT_FOUND', `unknown stack "${name}": ${shown} not found`, {
      fix: `known stacks: ${known.join(', ') || '(none)'}; see \`deploybench list stacks\``,
      cause,
    });
  });
  const fix = `edit ${shown} (see images/README.md for the stack.yaml fields)`;
  const parsed = parseYaml(text, shown, 'E_STACK_INVALID', fix);
  const result = stackSchema.safeParse(parsed.value);
  if (!result.success) {
    throw new HarnessError('E_STACK_INVALID', formatZodIssues(parsed, result.error.issues).join('\n'), { fix });
  }
  if (result.data.name !== name) {
    throw new HarnessError(
      'E_STACK_INVALID',
      `${shown}:1 name: "${result.data.name}" differs from its folder "${name}"`,
      { fix },
    );
  }
  const dockerfile = await stat(join(dir, 'Dockerfile')).then(
    () => true,
    () => false,
  );
  if (!dockerfile) {
    throw new HarnessError('E_STACK_INVALID', `${join(displayPath(dir), 'Dockerfile')}: missing`, {
      fix: 'every stack folder needs a Dockerfile; copy one from images/torch-2.6-debian13/',
    });
  }
  return { spec: result.data, dir };
}
