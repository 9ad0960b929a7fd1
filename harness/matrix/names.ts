// Names the CLI offers as choices, apart from the schema so that building the CLI does not load zod.

/** Jobs the reference workload knows. */
export const JOBS = ['train', 'infer'] as const;

/** Workload presets (sizes), defined by the workload itself (images/workload). */
export const PRESETS = ['tiny', 'small', 'paper'] as const;
