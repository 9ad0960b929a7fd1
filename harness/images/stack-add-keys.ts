import { z } from 'zod';
import { stackSchema } from './stack.ts';

// Which dotted paths of stack.yaml `--set` may touch, read from stackSchema itself so new fields work without edits here.

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable)
    s = s.unwrap() as z.ZodType;
  return s;
}

/** Key names (without `*` for free-form records) allowed below the given schemas. */
function keysOf(schemas: readonly z.ZodType[]): string[] {
  const keys = new Set<string>();
  for (const s of schemas.map(unwrap)) {
    if (s instanceof z.ZodObject) for (const k of Object.keys(s.shape)) keys.add(k);
    else if (s instanceof z.ZodDiscriminatedUnion) for (const k of keysOf(s.options as z.ZodType[])) keys.add(k);
    else if (s instanceof z.ZodRecord) keys.add('<any name>');
  }
  return [...keys].sort();
}

function childrenOf(schemas: readonly z.ZodType[], key: string): z.ZodType[] {
  const out: z.ZodType[] = [];
  for (const s of schemas.map(unwrap)) {
    if (s instanceof z.ZodObject) {
      const child = (s.shape as Record<string, z.ZodType | undefined>)[key];
      if (child) out.push(child);
    } else if (s instanceof z.ZodDiscriminatedUnion) {
      out.push(...childrenOf(s.options as z.ZodType[], key));
    } else if (s instanceof z.ZodRecord) {
      out.push(s._zod.def.valueType as z.ZodType);
    }
  }
  return out;
}

/** Where a dotted path leads in stackSchema: the schemas it may denote, or the first unknown segment with the keys known there. */
export type PathLookup =
  { ok: true; schemas: z.ZodType[] } | { ok: false; unknown: string; at: string; known: string[] };

/** Looks a dotted path (`base.suite`, `buildArgs.TORCH_VERSION`) up in stackSchema. */
export function lookupPath(path: readonly string[]): PathLookup {
  let schemas: z.ZodType[] = [stackSchema];
  for (let i = 0; i < path.length; i++) {
    const key = path[i] ?? '';
    const next = childrenOf(schemas, key);
    if (next.length === 0) return { ok: false, unknown: key, at: path.slice(0, i).join('.'), known: keysOf(schemas) };
    schemas = next;
  }
  return { ok: true, schemas };
}

/** Whether one of the schemas accepts the value. */
export function accepts(schemas: readonly z.ZodType[], value: unknown): boolean {
  return schemas.some((s) => s.safeParse(value).success);
}

/** Whether one of the schemas is a list (so `+=`/`-=` apply). */
export function isList(schemas: readonly z.ZodType[]): boolean {
  return schemas.some((s) => unwrap(s) instanceof z.ZodArray);
}

/** Schemas of the items of the list schemas among `schemas`. */
export function itemSchemas(schemas: readonly z.ZodType[]): z.ZodType[] {
  return schemas.map(unwrap).flatMap((s) => (s instanceof z.ZodArray ? [s.element as z.ZodType] : []));
}
