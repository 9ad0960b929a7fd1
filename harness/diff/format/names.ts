// The format names alone, so that the CLI can offer them without loading the formatters.

/** Output formats of `deploybench diff`. */
export const DIFF_FORMATS = ['text', 'markdown', 'json', 'html'] as const;

/** One of DIFF_FORMATS. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];
