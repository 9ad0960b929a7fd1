import type { StackSpec } from '../images/stack.ts';

/** A GPU as the host fingerprint lists it (only what support checks need). */
export interface GpuInfo {
  name: string;
  /** e.g. "9.0"; null when unknown. */
  computeCapability: string | null;
  /** The NVIDIA driver's version (e.g. "550.54.14"); null or absent when unknown. */
  driverVersion?: string | null;
}

/**
 * The oldest Linux driver that runs a CUDA release, with CUDA's minor-version compatibility (NVIDIA's
 * CUDA toolkit release notes, table "CUDA Toolkit and Minimum Required Driver Version"): any 12.x needs
 * 525.60.13, any 11.x 450.80.02, 10.2 needs 440.33.
 */
export function minimumDriverFor(cuda: string): string | null {
  const major = Number(cuda.split('.')[0]);
  if (major >= 12) return '525.60.13';
  if (major === 11) return '450.80.02';
  if (cuda === '10.2') return '440.33';
  return null;
}

// Compares dotted versions numerically: -1, 0 or 1.
function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function cc(v: string): number {
  const [maj, min] = v.split('.').map(Number);
  return (maj ?? 0) * 10 + (min ?? 0);
}

/**
 * Why this host cannot run a stack, or null when it can: a GPU stack (or a matrix that asks for GPUs) on a
 * host without GPU, a driver older than the stack's CUDA needs, or a GPU whose architecture the framework
 * build has no kernels for (e.g. CUDA 10.2 wheels on Hopper).
 */
export function unsupportedReason(
  spec: StackSpec,
  gpus: readonly GpuInfo[],
  opts: { matrixWantsGpu?: boolean } = {},
): string | null {
  if (!spec.requires.gpu && !opts.matrixWantsGpu) return null;
  if (gpus.length === 0)
    return spec.requires.gpu
      ? `${spec.name} needs an NVIDIA GPU and this host has none (NVML found no device)`
      : `${spec.name} runs on CPU too, but this matrix needs an NVIDIA GPU (gpu, device: cuda) and this host has none (NVML found no device)`;
  const tooOld = driverTooOld(spec, gpus);
  if (tooOld) return tooOld;
  const known = gpus.filter((g) => g.computeCapability);
  if (known.length === 0) return null;
  const fits = known.filter(
    (g) =>
      (!spec.minComputeCapability || cc(g.computeCapability!) >= cc(spec.minComputeCapability)) &&
      (!spec.maxComputeCapability || cc(g.computeCapability!) <= cc(spec.maxComputeCapability)),
  );
  if (fits.length > 0) return null;
  const g = known[0]!;
  return `${spec.name} (torch ${spec.framework.version}${spec.framework.cuda ? ` + CUDA ${spec.framework.cuda}` : ''}) has kernels for compute capability ${spec.minComputeCapability ?? '?'} to ${spec.maxComputeCapability ?? '?'}; this host's ${g.name} is ${g.computeCapability}`;
}

function driverTooOld(spec: StackSpec, gpus: readonly GpuInfo[]): string | null {
  const cuda = spec.framework.cuda;
  const driver = gpus.find((g) => g.driverVersion)?.driverVersion;
  const needed = cuda ? minimumDriverFor(cuda) : null;
  if (!cuda || !driver || !needed || compareVersions(driver, needed) >= 0) return null;
  return `${spec.name} is built for CUDA ${cuda}, which needs NVIDIA driver ${needed} or newer; this host's driver is ${driver} (update the driver, or use a stack built for an older CUDA)`;
}
