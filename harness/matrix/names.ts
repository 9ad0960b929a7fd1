// Names the CLI offers as choices, apart from the schema so that building the CLI does not load zod.

/** Jobs the reference workload knows. */
export const JOBS = ['train', 'infer'] as const;

/** Workload presets (sizes), defined by the workload itself (images/workload). */
export const PRESETS = ['tiny', 'small', 'paper'] as const;

/** A fully qualified CDI device name: vendor/class=name, e.g. nvidia.com/gpu=0 or nvidia.com/gpu=all. */
export const CDI_NAME_RE = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/[a-z0-9]([a-z0-9_.-]*[a-z0-9])?=[A-Za-z0-9_.:-]+$/;
