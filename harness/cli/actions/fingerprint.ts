// `deploybench fingerprint`: the host as a campaign records it.
import { formatFingerprint, hostFingerprint } from '../../sampling/fingerprint.ts';

/** Prints the host fingerprint, as text or JSON. */
export async function fingerprintAction(a: { json: boolean }): Promise<void> {
  const fp = await hostFingerprint();
  process.stdout.write(a.json ? `${JSON.stringify(fp, null, 2)}\n` : `${formatFingerprint(fp)}\n`);
}
