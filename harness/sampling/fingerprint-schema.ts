import { z } from 'zod';

// Pure schema of the host fingerprint (no systeminformation, Docker or NVML here): campaign.json, diff
// and report import it without loading the code that reads a live host.

// Fields are nullable where a host may not expose them, and where a campaign written by an older
// deploybench did not record them (see results/campaign-migrate.ts).
const text = z.string().nullable();
const count = z.number().nonnegative('expected a count >= 0').nullable();

/** One GPU of the host. */
export const gpuSchema = z.object({
  /** Model name, e.g. "NVIDIA H200". */
  name: z.string(),
  /** NVML UUID; null when it came from systeminformation. */
  uuid: z.string().nullable(),
  /** Device memory, in bytes. */
  memoryTotalBytes: z.number().nullable(),
  /** NVIDIA driver version, e.g. "550.54.15". */
  driverVersion: z.string().nullable(),
  /** CUDA compute capability, e.g. "9.0" (NVML); null when unknown. */
  computeCapability: z.string().nullable().default(null),
  /** 'nvml', 'systeminformation', or 'unknown' (migrated from an older campaign). */
  source: z.string(),
});

/** Schema of the host fingerprint stored in campaign.json `host` (one shape for runner, diff and report). */
export const hostFingerprintSchema = z.object({
  /** ISO time it was read. */
  collectedAt: z.string(),
  hostname: text,
  cpu: z.object({
    model: text,
    vendor: text,
    physicalCores: count,
    /** Logical CPUs (hardware threads). */
    logicalCpus: count,
    /** Base frequency in GHz; null when the host does not expose it (VMs). */
    baseGhz: z.number().nullable(),
    /** Maximum frequency in GHz; null when the host does not expose it. */
    maxGhz: z.number().nullable(),
  }),
  /** Physical memory, in bytes. */
  memoryTotalBytes: count,
  os: z.object({ distro: text, release: text, codename: text, kernel: text, arch: text }),
  /** cgroup hierarchy: 1 or 2; null when unknown. */
  cgroupVersion: z.union([z.literal(1), z.literal(2)]).nullable(),
  /** Docker engine; null when unreachable (with the reason in `dockerError`) or not recorded. */
  docker: z
    .object({
      version: z.string(),
      apiVersion: text,
      cgroupDriver: text,
      storageDriver: text,
    })
    .nullable(),
  dockerError: text,
  gpus: z.array(gpuSchema),
  /** Whether NVML could be loaded, and why; null when not recorded (older campaigns). */
  nvml: z.object({ available: z.boolean(), reason: z.string() }).nullable(),
});
/** What the host is, read once per campaign (never in the sampling loop). */
export type HostFingerprint = z.infer<typeof hostFingerprintSchema>;
/** One GPU of a host fingerprint. */
export type GpuFingerprint = HostFingerprint['gpus'][number];
