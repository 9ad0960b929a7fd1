import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { HarnessError, type HarnessErrorCode } from './errors.ts';
import { MAX_YAML_ALIASES } from './limits.ts';

/** A YAML text parsed with positions, so validation errors can name the line. */
export interface ParsedYaml {
  file: string;
  value: unknown;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** Parses YAML text; a syntax error becomes a HarnessError naming file and line. */
export function parseYaml(text: string, file: string, code: HarnessErrorCode, fix: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? lines.linePos(first.pos[0]).line;
    const where = `${file}:${line}`;
    throw new HarnessError(code, `${where}: invalid YAML: ${first.message.split('\n')[0]}`, { fix });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (cause) {
    // The yaml package throws a ReferenceError when aliases expand too far (a "billion laughs" file).
    throw new HarnessError(
      code,
      `${file}: invalid YAML: ${(cause as Error).message.split('\n')[0]} (at most ${MAX_YAML_ALIASES} alias expansions are allowed)`,
      { fix, cause },
    );
  }
  return { file, value, doc, lines };
}

/** Line (1-based) of the node at `path`, or of its closest existing parent. */
export function lineOf(parsed: ParsedYaml, path: readonly PropertyKey[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = parsed.doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return parsed.lines.linePos(node.range[0]).line;
    // A key whose value is null has no node: find the pair's key instead.
    if (depth > 0) {
      const parent = parsed.doc.getIn(path.slice(0, depth - 1) as unknown[], true) as
        { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined;
      const key = path[depth - 1];
      const pair = parent?.items?.find((it) => it.key?.value === key);
      if (pair?.key?.range) return parsed.lines.linePos(pair.key.range[0]).line;
    }
  }
  return 1;
}

/** Formats a path the way users write it: `stacks[0].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** Describes a value found in a file, briefly: `"abc" (string)`, `-1 (number)`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const shown =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : typeof value;
  return `${shown.length > 40 ? `${shown.slice(0, 40)}...` : shown} (${typeof value})`;
}

/** Value at `path` inside a plain JS value. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** One line per zod issue: `file:line field: expected ..., found ...`. */
export function formatZodIssues(parsed: ParsedYaml, issues: readonly z.core.$ZodIssue[]): string[] {
  return flattenUnions(issues).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const path = [...issue.path, issue.keys[0] ?? ''];
      return `${parsed.file}:${lineOf(parsed, path)} ${formatPath(issue.path)}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    if (issue.code === 'invalid_key') {
      const key = issue.path[issue.path.length - 1];
      return `${parsed.file}:${lineOf(parsed, issue.path)} ${formatPath(issue.path.slice(0, -1))}: ${issue.issues[0]?.message ?? issue.message}, found the key ${JSON.stringify(String(key))}`;
    }
    const found = describeValue(valueAt(parsed.value, issue.path));
    return `${parsed.file}:${lineOf(parsed, issue.path)} ${formatPath(issue.path)}: ${issue.message}, found ${found}`;
  });
}

// A union (e.g. the reference workload or the user's own) reports every branch's problems; the branch
// with the fewest problems is the one the user meant, so only its issues are shown, at their full path.
function flattenUnions(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
    if (best.length === 0) return [issue];
    return flattenUnions(best.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}
