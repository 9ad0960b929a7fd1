import type { StackSpec } from '../images/stack.ts';

/** A GPU as the host fingerprint lists it (only what support checks need). */
export interface GpuInfo {
  name: string;
  /** e.g. "9.0"; null when unknown. */
  computeCapability: string | null;
}

function cc(v: string): number {
  const [maj, min] = v.split('.').map(Number);
  return (maj ?? 0) * 10 + (min ?? 0);
}

/**
 * Why this host cannot run a stack, or null when it can: a GPU stack on a host without GPU, or a
 * GPU whose architecture the framework build has no kernels for (e.g. CUDA 10.2 wheels on Hopper).
 */
export function unsupportedReason(spec: StackSpec, gpus: readonly GpuInfo[]): string | null {
  if (!spec.requires.gpu) return null;
  if (gpus.length === 0) return `${spec.name} needs an NVIDIA GPU and this host has none (NVML found no device)`;
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
