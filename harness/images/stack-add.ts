import { cp, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { HarnessError } from '../core/errors.ts';
import { paths } from '../core/paths.ts';
import { formatZodIssues, parseYaml } from '../core/yaml.ts';
import { writeFileAtomic } from '../core/atomic.ts';
import { STACK_NAME_RE, stackSchema, type StackSpec } from './stack.ts';
import { applySetting, localVersion, parseSetting } from './stack-add-settings.ts';
import { loadStack } from './stacks.ts';

/** What `deploybench stack add` is asked to do. */
export interface AddStackOptions {
  /** Name of the new stack (folder under images/). */
  name: string;
  /** Stack to copy. */
  from: string;
  /** `KEY=VALUE` settings, applied in order. */
  set?: readonly string[];
  /** images/ folder (default paths.images(), which DEPLOYBENCH_IMAGES_DIR overrides). */
  imagesDir?: string;
}

/** What `addStack` created. */
export interface AddedStack {
  spec: StackSpec;
  /** Absolute folder of the new stack. */
  dir: string;
  /** One line per change made to the copied stack.yaml. */
  changes: string[];
  /** Things to check by hand (e.g. a framework version that a new suite may not ship). */
  notes: string[];
}

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );
const rel = (p: string): string => relative(process.cwd(), p) || p;

/** Puts `line` as the first comment of the document, before the source's own comments (stack.yaml, matrix copies). */
export function noteOrigin(doc: Document, line: string): void {
  const first = isMap(doc.contents) ? doc.contents.items[0]?.key : undefined;
  if (!doc.commentBefore && isScalar(first))
    first.commentBefore = first.commentBefore ? ` ${line}\n${first.commentBefore}` : ` ${line}`;
  else doc.commentBefore = doc.commentBefore ? ` ${line}\n${doc.commentBefore}` : ` ${line}`;
}

/** Applies the settings to the source's stack.yaml text and validates the result; throws before anything is written. */
export function deriveStackYaml(
  sourceText: string,
  opts: { name: string; from: string; set: readonly string[]; file: string },
): { text: string; spec: StackSpec; changes: string[]; notes: string[] } {
  const settings = opts.set.map(parseSetting);
  const doc = parseDocument(sourceText);
  const oldName = doc.get('name');
  doc.set('name', opts.name);
  const changes = [`name: ${String(oldName)} -> ${opts.name}`];
  const ctx = { name: opts.name, from: opts.from };
  for (const s of settings) changes.push(...applySetting(doc, s, ctx));
  if (!settings.some((s) => s.key === 'description') && settings.length > 0) {
    const current: unknown = doc.get('description');
    const description = typeof current === 'string' ? current : '';
    const variant = `variant of ${opts.from} with ${settings.map((s) => s.text).join(', ')}`;
    doc.set('description', description ? `${description}; ${variant}` : variant);
  }
  noteOrigin(
    doc,
    `Made by \`deploybench stack add ${opts.name} --from ${opts.from}${settings.map((s) => ` --set ${s.text}`).join('')}\`; comments below are ${opts.from}'s.`,
  );
  const text = doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
  const fix = `fix the --set values (see images/README.md for the stack.yaml fields); nothing was created`;
  const parsed = parseYaml(text, opts.file, 'E_STACK_INVALID', fix);
  const result = stackSchema.safeParse(parsed.value);
  if (!result.success) {
    throw new HarnessError(
      'E_STACK_INVALID',
      `the new stack would not be valid:\n${formatZodIssues(parsed, result.error.issues).join('\n')}`,
      { fix },
    );
  }
  const notes: string[] = [];
  const keys = new Set(settings.map((s) => s.key));
  if ((keys.has('suite') || keys.has('base.suite')) && !keys.has('framework.version')) {
    notes.push(
      `framework.version is still ${result.data.framework.version}: if Debian ${result.data.base.kind === 'debootstrap' ? result.data.base.suite : ''} ships another python3-torch, set it with --set framework.version=<version> (or edit stack.yaml); the job's own fingerprint reports the real one`,
    );
  }
  return { text, spec: result.data, changes, notes };
}

/**
 * Creates `images/<name>/` as a copy of `images/<from>/` with `name` set and the settings applied.
 * Atomic: the copy is made and validated in a hidden temp folder, then renamed into place; on any
 * failure nothing is left behind.
 */
export async function addStack(opts: AddStackOptions): Promise<AddedStack> {
  const imagesDir = opts.imagesDir ?? paths.images();
  const { name, from } = opts;
  if (!STACK_NAME_RE.test(name)) {
    throw new HarnessError(
      'E_USAGE',
      `invalid stack name "${name}": expected lower-case letters, digits, dots and dashes (${STACK_NAME_RE.source})`,
      { fix: 'e.g. torch-2.7-debian-sid' },
    );
  }
  const target = join(imagesDir, name);
  if (await exists(target)) {
    throw new HarnessError('E_STACK_EXISTS', `stack "${name}" already exists: ${rel(target)}`, {
      fix: `choose another name, or edit ${rel(join(target, 'stack.yaml'))} directly`,
    });
  }
  const source = await loadStack(from, imagesDir);
  const sourceText = await readFile(join(source.dir, 'stack.yaml'), 'utf8');
  const derived = deriveStackYaml(sourceText, {
    name,
    from,
    set: opts.set ?? [],
    file: rel(join(target, 'stack.yaml')),
  });
  const tmp = join(imagesDir, `.${name}.tmp-${process.pid}-${Date.now()}`);
  try {
    await cp(source.dir, tmp, { recursive: true, errorOnExist: true, force: false });
    await writeFileAtomic(join(tmp, 'stack.yaml'), derived.text);
    await rename(tmp, target);
  } catch (cause) {
    await rm(tmp, { recursive: true, force: true });
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTEMPTY') {
      throw new HarnessError('E_STACK_EXISTS', `stack "${name}" already exists: ${rel(target)}`, {
        fix: 'another process created it meanwhile; choose another name',
        cause,
      });
    }
    throw cause;
  }
  const notes = [...derived.notes];
  const before = localVersion(source.spec.buildArgs.TORCH_VERSION);
  const after = localVersion(derived.spec.buildArgs.TORCH_VERSION);
  if (before !== after && after !== null && before !== null) {
    notes.push(
      `the wheel's CUDA build changed (${before} -> ${after}): check framework.cuda, base.image and buildArgs such as TORCH_FIND_LINKS (--set buildArgs.TORCH_FIND_LINKS=...)`,
    );
  }
  if (derived.changes.some((c) => c.startsWith('buildArgs.TORCH_VERSION'))) {
    const dockerfile = await readFile(join(target, 'Dockerfile'), 'utf8').catch(() => '');
    if (!dockerfile.includes('TORCH_VERSION'))
      notes.push(
        `${rel(join(target, 'Dockerfile'))} does not mention TORCH_VERSION: check that it installs the version set`,
      );
  }
  return { spec: (await loadStack(name, imagesDir)).spec, dir: target, changes: derived.changes, notes };
}
