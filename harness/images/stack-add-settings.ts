import { isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { HarnessError } from '../core/errors.ts';
import { valueAt } from '../core/yaml.ts';
import { accepts, isList, itemSchemas, lookupPath } from './stack-add-keys.ts';
import { stackSchema } from './stack.ts';

/** One `--set KEY=VALUE` (or `KEY+=VALUE`, `KEY-=VALUE`) of `deploybench stack add`. */
export interface Setting {
  /** As written, for messages. */
  text: string;
  key: string;
  op: '=' | '+=' | '-=';
  /** The value as written; parsed as a YAML scalar when applied. */
  raw: string;
}

/** Shortcut keys and the stack.yaml paths they stand for. */
export const SHORTCUTS: Readonly<Record<string, readonly string[]>> = {
  suite: ['base', 'suite'],
  packages: ['base', 'packages'],
  image: ['base', 'image'],
};

const KEY_FORMS =
  'KEY=VALUE, KEY+=VALUE or KEY-=VALUE, e.g. suite=sid, packages+=python3-scipy, base.variant=buildd, torch=2.7.0';

/** Splits `KEY=VALUE` / `KEY+=VALUE` / `KEY-=VALUE`; refuses anything else. */
export function parseSetting(text: string): Setting {
  const m = /^([A-Za-z0-9_.-]+?)(\+=|-=|=)(.*)$/s.exec(text);
  if (!m)
    throw new HarnessError('E_USAGE', `Expected --set to be KEY=VALUE, got \`${text}\``, { fix: `use ${KEY_FORMS}` });
  return { text, key: m[1] ?? '', op: m[2] as Setting['op'], raw: m[3] ?? '' };
}

/** What the settings act on: the stack being created and the one it is copied from. */
export interface SettingContext {
  /** Name of the new stack. */
  name: string;
  /** Name of the source stack. */
  from: string;
}

const show = (v: unknown): string => (v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v));

function usage(s: Setting, message: string, fix: string): HarnessError {
  return new HarnessError('E_USAGE', `--set ${s.text}: ${message}`, { fix });
}

// A YAML scalar, unless the schema wants a string (`2.7` stays "2.7") or a list (`a,b` becomes [a, b]).
function parseValue(raw: string, schemas: Parameters<typeof accepts>[0]): unknown {
  const doc = parseDocument(raw);
  const parsed: unknown = raw.trim() === '' ? '' : doc.errors.length > 0 ? raw : doc.toJS();
  if (accepts(schemas, parsed)) return parsed;
  if (accepts(schemas, raw)) return raw;
  if (isList(schemas) && !raw.trim().startsWith('[')) {
    const list = raw
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    if (accepts(schemas, list)) return list;
  }
  return parsed;
}

function requireKind(doc: Document, s: Setting, ctx: SettingContext, kind: 'debootstrap' | 'image'): void {
  const actual = doc.getIn(['base', 'kind']);
  if (actual === kind) return;
  if (kind === 'debootstrap') {
    throw usage(
      s,
      `${ctx.from} starts FROM a registry image (base.kind: ${show(actual)}); "${s.key}" applies to stacks built from a Debian mirror`,
      'use image=<registry image> for this stack, or --from a debootstrap stack such as torch-2.6-debian13',
    );
  }
  throw usage(
    s,
    `${ctx.from} is built from a Debian mirror (base.kind: ${show(actual)}); "image" applies to stacks that start FROM a registry image`,
    'use suite=<debian suite> and packages+=<package> for this stack',
  );
}

function setTorch(doc: Document, s: Setting, ctx: SettingContext): string[] {
  const version = s.raw.trim();
  if (s.op !== '=' || !/^[0-9][0-9A-Za-z.+_-]*$/.test(version))
    throw usage(s, 'expected torch=<version>, e.g. torch=2.7.0', 'give the PyTorch version to pip install');
  const pinned = doc.getIn(['buildArgs', 'TORCH_VERSION']);
  if (pinned === undefined) {
    if (doc.getIn(['base', 'kind']) === 'debootstrap') {
      const suite = show(doc.getIn(['base', 'suite']));
      throw usage(
        s,
        `${ctx.from} installs Debian's python3-torch, so its torch version comes from the Debian suite (${suite}), not from a setting`,
        `choose the suite whose python3-torch you want, e.g. --set suite=sid --set framework.version=<its version> (\`apt-cache madison python3-torch\` or packages.debian.org lists them), or copy a pip stack (one with buildArgs.TORCH_VERSION)`,
      );
    }
    throw usage(
      s,
      `${ctx.from} takes torch from its base image ${show(doc.getIn(['base', 'image']))}, not from buildArgs.TORCH_VERSION`,
      `set image=<an image that ships torch ${version}> and framework.version=${version}`,
    );
  }
  // A wheel's local version (`+cu118`) names its CUDA build, and Dockerfiles check torch.__version__ against
  // TORCH_VERSION: keep the source's suffix unless the user gives one.
  const oldPin = show(pinned);
  const suffix = oldPin.includes('+') ? oldPin.slice(oldPin.indexOf('+')) : '';
  const pin = version.includes('+') ? version : `${version}${suffix}`;
  const publicVersion = pin.split('+')[0] ?? pin;
  const oldFramework = doc.getIn(['framework', 'version']);
  setScalar(doc, ['buildArgs', 'TORCH_VERSION'], pin);
  setScalar(doc, ['framework', 'version'], publicVersion);
  return [
    `buildArgs.TORCH_VERSION: ${oldPin} -> ${pin}`,
    `framework.version: ${show(oldFramework)} -> ${publicVersion}`,
  ];
}

/** The CUDA build a pin names (`2.6.0+cu118` -> `cu118`), or null. */
export function localVersion(pin: unknown): string | null {
  return typeof pin === 'string' && pin.includes('+') ? pin.slice(pin.indexOf('+') + 1) : null;
}

// Sets a scalar in place when there is one, so its comment stays.
function setScalar(doc: Document, path: readonly string[], value: unknown): void {
  const existing = doc.getIn(path, true);
  if (isScalar(existing) && (value === null || typeof value !== 'object')) existing.value = value;
  else
    doc.setIn(
      path,
      Array.isArray(value) ? Object.assign(doc.createNode(value), { flow: true }) : doc.createNode(value),
    );
}

function setList(doc: Document, s: Setting, path: string[], schemas: ReturnType<typeof itemSchemas>): string[] {
  const dotted = path.join('.');
  // A list absent from the file starts from its schema default (base.components is [main]).
  const parsed = stackSchema.safeParse(doc.toJS());
  const current = valueAt(parsed.success ? parsed.data : doc.toJS(), path);
  const list: unknown[] = Array.isArray(current) ? current : [];
  const items = s.raw
    .split(',')
    .map((x) => parseValue(x.trim(), schemas))
    .filter((x) => x !== '');
  if (items.length === 0)
    throw usage(s, `no value to ${s.op === '+=' ? 'add' : 'remove'}`, `e.g. ${s.key}${s.op}python3-scipy`);
  if (s.op === '+=') {
    const added = items.filter((x) => !list.includes(x));
    if (!isSeq(doc.getIn(path, true))) doc.setIn(path, Object.assign(doc.createNode(list), { flow: true }));
    for (const x of added) doc.addIn(path, x);
    const skipped = items.filter((x) => list.includes(x));
    return [
      `${dotted}: + ${added.map(show).join(', ') || '(nothing new)'}${skipped.length > 0 ? ` (already there: ${skipped.map(show).join(', ')})` : ''}`,
    ];
  }
  if (!isSeq(doc.getIn(path, true))) doc.setIn(path, Object.assign(doc.createNode(list), { flow: true }));
  for (const x of items) {
    const index = (valueAt(doc.toJS(), path) as unknown[] | undefined)?.indexOf(x) ?? -1;
    if (index < 0)
      throw usage(
        s,
        `${show(x)} is not in ${dotted} (${list.map(show).join(', ') || 'empty'})`,
        `remove one of the listed values`,
      );
    doc.deleteIn([...path, index]);
  }
  return [`${dotted}: - ${items.map(show).join(', ')}`];
}

/**
 * Applies one setting to the new stack's stack.yaml document (comments kept) and describes the change.
 * Refuses unknown keys, `name`, shortcuts that do not fit the stack's kind and `torch=` on Debian-packaged stacks.
 */
export function applySetting(doc: Document, s: Setting, ctx: SettingContext): string[] {
  if (s.key === 'torch') return setTorch(doc, s, ctx);
  if (s.key === 'name')
    throw usage(s, `the name is the one given on the command line (${ctx.name})`, 'drop this --set');
  if (s.key === 'suite' || s.key === 'packages') requireKind(doc, s, ctx, 'debootstrap');
  if (s.key === 'image') requireKind(doc, s, ctx, 'image');
  const path = [...(SHORTCUTS[s.key] ?? s.key.split('.'))];
  const found = lookupPath(path);
  if (!found.ok) {
    const where = found.at === '' ? 'stack.yaml' : found.at;
    throw usage(
      s,
      `unknown key "${s.key}" (no "${found.unknown}" in ${where})`,
      `keys of ${where}: ${found.known.join(', ')}; shortcuts: ${Object.keys(SHORTCUTS).join(', ')}, torch`,
    );
  }
  if (s.op !== '=') {
    if (!isList(found.schemas))
      throw usage(s, `"${s.key}" is not a list; ${s.op} applies to lists such as packages`, `use ${s.key}=VALUE`);
    return setList(doc, s, path, itemSchemas(found.schemas));
  }
  const old = valueAt(doc.toJS(), path);
  const value = parseValue(s.raw, found.schemas);
  setScalar(doc, path, value);
  return [`${path.join('.')}: ${show(old)} -> ${show(value)}`];
}
