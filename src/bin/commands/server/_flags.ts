import type { OptionSpec } from '../../../command/index.js';
import { SERVER_FLAGS } from '../../../server/index.js';

/** The server's flags as command options (one definition: src/server/config.ts). */
export function serverOptions(): Record<string, OptionSpec> {
  const out: Record<string, OptionSpec> = {};
  for (const f of SERVER_FLAGS) {
    out[f.flag] = {
      type: f.kind === 'boolean' ? 'boolean' : 'string',
      ...(f.kind === 'list' ? { multiple: true } : {}),
      ...(f.value ? { value: f.value } : {}),
      description: f.description,
    };
  }
  return out;
}

/** Resolves when SIGTERM or SIGINT arrives (the first one wins). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(s);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}
