import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** Where long work reports what it is doing: a one-line status on stderr and the full text in a log file. */
export interface Progress {
  /** A line worth showing the user (also logged). */
  info(line: string): void;
  /** Raw output of a tool: logged in full, shown condensed. */
  log(chunk: string): void;
  /** The last lines logged, for error messages. */
  tail(lines?: number): string;
  /** Path of the full log, if any. */
  readonly logFile: string | null;
  close(): Promise<void>;
}

/** Creates a progress sink writing the full log to `logFile` and condensed lines to stderr. */
export function createProgress(logFile: string | null, opts: { quiet?: boolean; prefix?: string } = {}): Progress {
  let stream: WriteStream | null = null;
  if (logFile) {
    mkdirSync(dirname(logFile), { recursive: true });
    stream = createWriteStream(logFile, { flags: 'a' });
  }
  const recent: string[] = [];
  const prefix = opts.prefix ?? '';
  const remember = (text: string): void => {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      recent.push(line);
      if (recent.length > 200) recent.shift();
    }
  };
  let lastShown = 0;
  return {
    logFile,
    info(line) {
      stream?.write(`${line}\n`);
      remember(line);
      if (!opts.quiet) process.stderr.write(`${prefix}${line}\n`);
    },
    log(chunk) {
      stream?.write(chunk);
      remember(chunk);
      // Condensed: at most one raw line every 2 s, so long builds show they are alive without flooding.
      const now = Date.now();
      const last = chunk
        .split('\n')
        .filter((l) => l.trim() !== '')
        .pop();
      if (!opts.quiet && last && now - lastShown > 2000) {
        lastShown = now;
        process.stderr.write(`${prefix}  ${last.slice(0, 150)}\n`);
      }
    },
    tail(lines = 20) {
      return recent.slice(-lines).join('\n');
    },
    close() {
      return new Promise((resolve) => (stream ? stream.end(resolve) : resolve()));
    },
  };
}
