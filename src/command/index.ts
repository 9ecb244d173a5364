// The command layer: typed option declarations, lazy routes, argv parsing, help and the one place
// that prints errors. It knows nothing of tctl or meshbridge; each binary passes its routes in.
export { runCli, parse, GLOBAL_OPTIONS } from './run.js';
export { reportError, type ReportOptions } from './report-error.js';
export {
  defineCommand,
  FRAMEWORK_OPTIONS,
  type Command,
  type CommandContext,
  type Route,
  type OptionSpec,
  type Options,
  type OptionValues,
} from './command.js';
export { processIo, type Io } from './io.js';
export { formatTable, formatYaml, formatJson, parseOutputFormat, UsageError, type OutputFormat } from './output.js';
