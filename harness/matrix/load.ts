import { HarnessError } from '../core/errors.ts';
import { MAX_MATRIX_BYTES } from '../core/limits.ts';
import { readTextLimited } from '../core/read-limited.ts';
import { displayPath } from '../core/paths.ts';
import { formatZodIssues, lineOf, parseYaml } from '../core/yaml.ts';
import { listStackNames } from '../images/stacks.ts';
import { checkWorkload } from './load-workload.ts';
import { matrixSchema, type Matrix } from './schema.ts';

/** A matrix file as loaded. */
export interface LoadedMatrix {
  /** Path as given (for messages and campaign.json). */
  file: string;
  matrix: Matrix;
}

const FIX = 'fix the file; scenarios/matrix.schema.json describes every field (editors with YAML support use it)';

/** Loads, parses and validates a matrix file; every problem is reported with file, line and field. */
export async function loadMatrix(file: string, opts: { imagesDir?: string } = {}): Promise<LoadedMatrix> {
  const shown = displayPath(file);
  const text = await readTextLimited(file, MAX_MATRIX_BYTES, {
    what: 'matrix file',
    code: 'E_MATRIX_INVALID',
    fix: 'a matrix names stacks, deployments and jobs in a few lines; give the right file',
  }).catch((cause: unknown) => {
    if (cause instanceof HarnessError) throw cause;
    const folder = (cause as NodeJS.ErrnoException).code === 'EISDIR';
    throw new HarnessError(
      'E_NOT_FOUND',
      `${shown}: ${folder ? 'is a folder, not a matrix file' : 'matrix file not found'}`,
      {
        fix: 'give a path to a YAML file, e.g. scenarios/paper-cpu.yaml; `deploybench list scenarios` lists them',
        cause,
      },
    );
  });
  const parsed = parseYaml(text, shown, 'E_MATRIX_INVALID', FIX);
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    throw new HarnessError(
      'E_MATRIX_INVALID',
      `${shown}:1 (top level): expected a mapping with stacks, deployments, jobs, ...`,
      { fix: FIX },
    );
  }
  const result = matrixSchema.safeParse(parsed.value);
  const problems = result.success ? [] : formatZodIssues(parsed, result.error.issues);
  if (result.success) {
    const known = await listStackNames(opts.imagesDir);
    result.data.stacks.forEach((name, i) => {
      if (!known.includes(name)) {
        problems.push(
          `${shown}:${lineOf(parsed, ['stacks', i])} stacks[${i}]: unknown stack "${name}" (known: ${known.join(', ')})`,
        );
      }
    });
    for (const list of ['stacks', 'deployments', 'jobs'] as const) {
      const seen = new Set<string>();
      result.data[list].forEach((v, i) => {
        if (seen.has(v)) problems.push(`${shown}:${lineOf(parsed, [list, i])} ${list}[${i}]: "${v}" is listed twice`);
        seen.add(v);
      });
    }
    if (result.data.deployments.includes('host') && !result.data.host && !('code' in result.data.workload)) {
      problems.push(
        `${shown}:${lineOf(parsed, ['deployments'])} host: the host deployment needs host.python (the interpreter to run the workload with)`,
      );
    }
    problems.push(...(await checkWorkload(result.data, parsed, file)));
  }
  if (problems.length > 0) {
    throw new HarnessError('E_MATRIX_INVALID', problems.join('\n'), { fix: FIX });
  }
  return { file: shown, matrix: (result as { data: Matrix }).data };
}
