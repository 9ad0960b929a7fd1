/**
 * True when tests needing root (cgroups) must be skipped: only outside CI. With CI=true they always run,
 * so a missing prerequisite fails them (test/global-setup.ts also checks root and Docker then).
 */
export function skipWithoutRoot(): boolean {
  if (process.env.CI === 'true') return false;
  return process.getuid?.() !== 0;
}
