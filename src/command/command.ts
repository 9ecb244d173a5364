import type { Io } from './io.js';

/** A flag that takes a value (`--name VALUE`, `-n VALUE`, `--name=VALUE`). */
export interface StringOption {
  readonly type: 'string';
  readonly short?: string;
  /** Repeatable; the value is then a list (empty when the flag is not given). */
  readonly multiple?: boolean;
  /** The value when the flag is not given; help prints it, and the command receives it. */
  readonly default?: string;
  readonly description: string;
  /** Placeholder shown in help, e.g. `FILE`. */
  readonly value?: string;
}

/** A flag without a value (`--force`); `--force=true|false` is accepted by tctl. */
export interface BooleanOption {
  readonly type: 'boolean';
  readonly short?: string;
  readonly default?: boolean;
  readonly description: string;
}

/** One option a command accepts (parsed by node:util parseArgs). */
export type OptionSpec = StringOption | BooleanOption;

/** A command's option declarations, by long name. */
export type Options = Readonly<Record<string, OptionSpec>>;

/** The value a declared option has in `run`: its type follows from the declaration. */
export type OptionValue<O> = O extends { readonly type: 'boolean' }
  ? O extends { readonly default: boolean }
    ? boolean
    : boolean | undefined
  : O extends { readonly multiple: true }
    ? string[]
    : O extends { readonly default: string }
      ? string
      : string | undefined;

/** The parsed values of a set of declarations. */
export type OptionValues<S> = { readonly [K in keyof S]: OptionValue<S[K]> };

/** Options every command of every binary accepts (the framework handles both). */
export const FRAMEWORK_OPTIONS = {
  debug: { type: 'boolean', description: 'print stack traces and request details' },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
} as const satisfies Options;

/** What `run` receives: typed options and positionals plus the injected I/O and routes. */
export interface CommandContext<S extends Options = Options> {
  readonly io: Io;
  readonly options: OptionValues<S & typeof FRAMEWORK_OPTIONS>;
  readonly positionals: readonly string[];
  /** The full command path as typed, e.g. `tctl x certs verify`. */
  readonly commandPath: string;
  /** The binary's route table, injected so a command (completion, help) never imports the app. */
  readonly routes: readonly Route[];
}

/**
 * A command module's default export. `S` are the command's own options, `G` the binary's global
 * options (tctl's --profile, --org, ...): `run` sees both, typed.
 */
export interface Command<S extends Options = Options, G extends Options = Options> {
  readonly summary: string;
  /** Usage line after the command path, e.g. `CHAIN.pem [--roots FILE]`. */
  readonly usage?: string;
  readonly description?: string;
  readonly examples?: readonly string[];
  readonly options?: S;
  /** Returns the exit code (0 when omitted). A method, so any command fits a `Route`. */
  run(ctx: CommandContext<S & G>): Promise<number | void>;
}

/** A lazily loaded command: the path and summary are known without importing the module. */
export interface Route {
  /** Words after the binary name, e.g. `['x', 'certs', 'verify']`. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Left out of help, completion and suggestions (e.g. `tctl __complete`, called by completion scripts). */
  readonly hidden?: boolean;
  readonly load: () => Promise<{ default: Command }>;
}

/**
 * Declares a command; its options' types flow into `run` (`--file` with `multiple: true` is a
 * `string[]`, a flag with a string `default` is a `string`).
 */
export function defineCommand<const S extends Options = Record<never, never>>(c: Command<S, Record<never, never>>): Command<S, Record<never, never>> {
  return c;
}
