/**
 * An AbortSignal that fires on the first Ctrl-C (SIGINT) or SIGTERM, so the running job is stopped
 * and recorded as interrupted and everything is cleaned up; a second Ctrl-C exits at once.
 */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let count = 0;
  const onSignal = (name: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      process.stderr.write(
        `\n${name}: stopping the current job and cleaning up (press Ctrl-C again to exit at once)\n`,
      );
      controller.abort();
    } else {
      process.stderr.write('exiting without cleanup; the next run removes leftovers\n');
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
