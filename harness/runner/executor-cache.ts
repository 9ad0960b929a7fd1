import type { Executor } from '../executors/types.ts';
import type { StackImage } from '../images/build.ts';
import type { ExecutorFactory } from './run.ts';

/** What the run loop asks for: the executor of one scenario. */
export type ExecutorFor = (x: { id: string; stack: string; deployment: Executor['deployment'] }) => Promise<Executor>;

/** The executors of a campaign: one per scenario, prepared on first use, all disposed at the end. */
export interface ExecutorCache {
  executorFor: ExecutorFor;
  /** Disposes every executor made so far; never throws. */
  disposeAll(): Promise<void>;
}

/** An executor cache over `factory`, with the image of each stack (none for the host deployment). */
export function executorCache(
  factory: ExecutorFactory,
  images: ReadonlyMap<string, StackImage>,
  onInfo: (line: string) => void,
): ExecutorCache {
  const executors = new Map<string, Executor>();
  return {
    executorFor: async (x) => {
      let ex = executors.get(x.id);
      if (!ex) {
        ex = factory(x.deployment, images.get(x.stack), onInfo);
        await ex.prepare();
        executors.set(x.id, ex);
      }
      return ex;
    },
    disposeAll: async () => {
      for (const ex of executors.values()) await ex.dispose().catch(() => undefined);
    },
  };
}
