import { z } from 'zod';
import { matrixSchema } from './schema.ts';

/** The JSON Schema of matrix files (for editors), generated from the zod schema. */
export function matrixJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(matrixSchema, { io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    title: 'deploybench matrix file',
    description:
      'A deploybench matrix: stacks x deployments x jobs, with repetitions and sampling. Generated from harness/matrix/schema.ts; regenerate with `npm run schema`.',
  };
}

/** The schema as written to scenarios/matrix.schema.json. */
export function matrixJsonSchemaText(): string {
  return `${JSON.stringify(matrixJsonSchema(), null, 2)}\n`;
}
