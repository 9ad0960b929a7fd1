// Up front, before any image is built: whether this host's Docker engine can give the matrix's container
// runs their GPUs. When it cannot, those runs are `unsupported` (with the reason and the fix), not failed;
// bare-metal runs of the same stacks go on (they get the host's driver libraries, see driver-inject.ts).
import { engineGpu, planGpu } from '../executors/engine-gpu.ts';
import type { Matrix } from '../matrix/schema.ts';

/** Scenario id -> why it cannot run here, for the container scenarios of a matrix that asks for GPUs. */
export async function containerGpuUnsupported(
  matrix: Matrix,
  used: readonly { id: string; stack: string; deployment: string }[],
  stackUnsupported: ReadonlyMap<string, string>,
  info: (line: string) => void,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const containers = used.filter((x) => x.deployment === 'container' && !stackUnsupported.has(x.stack));
  if (matrix.gpu === false || containers.length === 0) return out;
  const plan = planGpu(await engineGpu(), matrix.gpu);
  if ('request' in plan) {
    info(`containers get their GPUs through ${plan.via}`);
    return out;
  }
  const reason = `${plan.reason} (fix: ${plan.fix})`;
  info(`unsupported here: container runs: ${reason}`);
  for (const x of containers) out.set(x.id, reason);
  return out;
}
