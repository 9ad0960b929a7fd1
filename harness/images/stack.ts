import { z } from 'zod';

/** Stack names: lower-case letters, digits, dots and dashes, as in `torch-2.6-debian13`. */
export const STACK_NAME_RE = /^[a-z0-9][a-z0-9.-]{0,62}$/;

const debootstrapBaseSchema = z.strictObject({
  /** Base made from a Debian mirror with debootstrap and `docker import`. */
  kind: z.literal('debootstrap'),
  /** Debian suite, e.g. bookworm, trixie, sid. */
  suite: z.string().regex(/^[a-z0-9-]+$/, 'a Debian suite name such as bookworm'),
  /** debootstrap variant. */
  variant: z.enum(['minbase', 'buildd', 'default']).default('minbase'),
  /** Packages installed by debootstrap (--include). */
  packages: z.array(z.string().regex(/^[a-z0-9][a-z0-9+.-]*(=[^\s]+)?$/, 'a Debian package name')).default([]),
  /** Debian components. */
  components: z.array(z.string()).default(['main']),
});

const imageBaseSchema = z.strictObject({
  /** Base pulled from a registry (needs one, or a mirror of one). */
  kind: z.literal('image'),
  image: z.string().min(1),
});

export const stackSchema = z.strictObject({
  /** Must equal the folder name. */
  name: z.string().regex(STACK_NAME_RE, 'lower-case letters, digits, dots and dashes'),
  description: z.string().default(''),
  /** The framework as pinned, e.g. { name: torch, version: 2.6.0 }. */
  framework: z.strictObject({ name: z.string(), version: z.string(), cuda: z.string().nullable().default(null) }),
  base: z.discriminatedUnion('kind', [debootstrapBaseSchema, imageBaseSchema]),
  /** Build arguments passed to the Dockerfile (e.g. pinned pip versions). */
  buildArgs: z.record(z.string(), z.string()).default({}),
  /** Interpreter inside the image that runs the workload. */
  python: z.string().default('/usr/bin/python3'),
  /** What the stack needs from the host to run. */
  requires: z
    .strictObject({ gpu: z.boolean().default(false), registry: z.boolean().default(false) })
    .default({ gpu: false, registry: false }),
  /** Lowest CUDA compute capability the framework build supports (GPU stacks), e.g. "3.7". */
  minComputeCapability: z.string().nullable().default(null),
  /** Highest CUDA compute capability the framework build has kernels for, e.g. "7.5". */
  maxComputeCapability: z.string().nullable().default(null),
  /**
   * Files the site must provide in the stack's folder before it can be built offline (e.g. a vendor
   * archive an installer package would otherwise download): path relative to the folder, and why.
   */
  siteFiles: z
    .array(z.strictObject({ path: z.string().regex(/^[\w.-]+(\/[\w.-]+)*$/, 'a relative path'), why: z.string() }))
    .default([]),
});
/** `images/<stack>/stack.yaml`, validated. */
export type StackSpec = z.infer<typeof stackSchema>;
