import type { Io } from './io.js';

/** One option a command accepts (parsed by node:util parseArgs). */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string | boolean;
  readonly description: string;
  /** Placeholder shown in help, e.g. `FILE`. */
  readonly value?: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What `run` receives: parsed options and positionals plus the injected I/O. */
export interface CommandContext {
  readonly io: Io;
  readonly options: OptionValues;
  readonly positionals: readonly string[];
  /** The full command path as typed, e.g. `tctl x certs verify`. */
  readonly commandPath: string;
  /** The binary's route table, injected so a command (completion, help) never imports the app. */
  readonly routes: readonly Route[];
}

/** A command module's default export. */
export interface Command {
  readonly summary: string;
  /** Usage line after the command path, e.g. `CHAIN.pem [--roots FILE]`. */
  readonly usage?: string;
  readonly description?: string;
  readonly examples?: readonly string[];
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Returns the exit code (0 when omitted). */
  run(ctx: CommandContext): Promise<number | void>;
}

/** A lazily loaded command: the path and summary are known without importing the module. */
export interface Route {
  /** Words after the binary name, e.g. `['x', 'certs', 'verify']`. */
  readonly path: readonly string[];
  readonly summary: string;
  readonly load: () => Promise<{ default: Command }>;
}

/** Helper so command files are typed without ceremony. */
export function defineCommand(c: Command): Command {
  return c;
}
