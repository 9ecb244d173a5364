import type { RenderContext } from './context.js';

// TSB components take many level spellings (zap, logrus, SkyWalking); meshbridge's server speaks
// pino's levels and the agent four. Map what has a meaning, report the rest.
const SERVER: Record<string, string> = {
  none: 'silent',
  off: 'silent',
  silent: 'silent',
  fatal: 'fatal',
  panic: 'fatal',
  dpanic: 'fatal',
  error: 'error',
  warn: 'warn',
  warning: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'trace',
  all: 'trace',
};
const AGENT: Record<string, string> = {
  none: 'error',
  off: 'error',
  fatal: 'error',
  panic: 'error',
  dpanic: 'error',
  error: 'error',
  warn: 'warn',
  warning: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'debug',
  all: 'debug',
};

/** `--log-level X` for a TSB defaultLogLevel, or nothing (with a warning) when it has no equivalent. */
export function logLevelArgs(level: string | undefined, target: 'server' | 'agent', field: string, ctx: RenderContext): string[] {
  if (level === undefined) return [];
  const mapped = (target === 'server' ? SERVER : AGENT)[level.toLowerCase()];
  if (!mapped) {
    ctx.warnings.push(
      `${field}: ignored: "${level}" is not a log level meshbridge ${target} knows (${[...new Set(Object.values(target === 'server' ? SERVER : AGENT))].join(', ')})`,
    );
    return [];
  }
  return ['--log-level', mapped];
}
