import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
/** Plugin log levels (the entry's `log_level`). */
export type LogLevel = keyof typeof LEVELS;

/** The plugin's logger: JSON lines into a file, never stdout (stdout carries the CNI result only). */
export interface PluginLogger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
  /** Writes buffered lines; called once at exit so a call costs one append, not one per line. */
  flush(): void;
}

/** The log file is rotated to `<file>.1` past this size: the plugin runs for every pod, forever. */
export const MAX_LOG_BYTES = 10 * 1024 * 1024;

/** Buffers lines for one plugin invocation and appends them to `file` on flush; no file = discard. */
export function fileLogger(file: string | undefined, min: LogLevel, base: Record<string, unknown>, maxBytes = MAX_LOG_BYTES): PluginLogger {
  const lines: string[] = [];
  return {
    log(level, msg, fields) {
      if (LEVELS[level] < LEVELS[min]) return;
      lines.push(JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields }));
    },
    flush() {
      if (!file || lines.length === 0) return;
      try {
        mkdirSync(dirname(file), { recursive: true });
        if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) renameSync(file, `${file}.1`);
        appendFileSync(file, lines.join('\n') + '\n');
      } catch {
        // Logging must never fail a pod: a read-only or missing log dir only loses the log.
      }
      lines.length = 0;
    },
  };
}
