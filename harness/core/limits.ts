/**
 * Upper bounds of every number a user can give (matrix fields and CLI flags), and of the files the
 * harness reads. Each is far above any real use and far below what would exhaust memory, overflow
 * Node's timers or make a run last forever by accident.
 */

/** Node's timers overflow above 2^31-1 ms (about 24.8 days) and then fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Per-job timeout: as many whole seconds as a Node timer can wait. */
export const MAX_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** Measured repetitions of one job of one scenario (also dynamicRepetitions.maxRepetitions). */
export const MAX_REPETITIONS = 1000;

/** Unrecorded warmup runs per scenario and job. */
export const MAX_WARMUP = 100;

/** Seeds are passed to numpy and torch, which take unsigned 32-bit seeds. */
export const MAX_SEED = 2 ** 32 - 1;

/** Framework threads per job. */
export const MAX_THREADS = 4096;

/** GPUs per container job. */
export const MAX_GPUS = 1024;

/** Relative standard deviation target of dynamic repetitions, in percent. */
export const MAX_RSD_PERCENT = 1000;

/** Sampling interval bounds, in milliseconds. */
export const MIN_INTERVAL_MS = 10;
export const MAX_INTERVAL_MS = 10_000;

/** A matrix file is a few hundred bytes; anything above this is refused before it is read. */
export const MAX_MATRIX_BYTES = 1024 * 1024;

/** YAML aliases a matrix or stack file may expand (a few are handy; billions are an attack). */
export const MAX_YAML_ALIASES = 100;

/** A run record is a few kB; its job report may add some. Larger ones are refused before parsing. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** campaign.json holds the run index (about 200 bytes a run). */
export const MAX_CAMPAIGN_BYTES = 64 * 1024 * 1024;

/** A run's time series (10 ms for many hours is about 100 MiB); larger files are left out with a warning. */
export const MAX_SAMPLES_BYTES = 256 * 1024 * 1024;

/** Characters of an `--only` glob. */
export const MAX_GLOB_CHARS = 1000;

/** Memory limit of `measure --memory-limit`, in MiB: Docker's minimum is 6 MiB; the top is 1 PiB. */
export const MIN_MEMORY_LIMIT_MB = 6;
export const MAX_MEMORY_LIMIT_MB = 1024 ** 3;

/** Largest equivalence margin of a matrix's `decision`, in percent. */
export const MAX_MARGIN_PERCENT = 50;
