import { join } from 'node:path';
import { BareMetalExecutor } from '../executors/bare-metal.ts';
import { ContainerExecutor } from '../executors/container.ts';
import { HostExecutor } from '../executors/host.ts';
import type { Executor } from '../executors/types.ts';
import { paths } from '../core/paths.ts';
import type { Matrix } from '../matrix/schema.ts';
import type { Deployment } from '../results/schema.ts';
import type { StackImage } from '../images/build.ts';

/** Interpreter of the host deployment for a stack (matrix `host.python`, one for all or per stack). */
export function hostPython(matrix: Matrix, stack: string): string {
  const p = matrix.host?.python;
  if (typeof p === 'string') return p;
  return p?.[stack] ?? 'python3';
}

/** Creates (not yet prepared) executors per scenario, sharing nothing between scenarios. */
export function makeExecutor(
  deployment: Deployment,
  image: StackImage | undefined,
  onInfo: (line: string) => void,
): Executor {
  switch (deployment) {
    case 'container':
      return new ContainerExecutor(image!.tag);
    case 'bare-metal':
      return new BareMetalExecutor(image!.tag, onInfo);
    case 'host':
      return new HostExecutor({
        deployment: 'host',
        env: { PYTHONPATH: join(paths.images(), 'workload'), PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
      });
  }
}
