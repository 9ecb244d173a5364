// The command layer: typed option declarations, lazy routes, argv parsing, help and the one place
// that prints errors. It knows nothing of tctl or meshbridge; each binary passes its routes in.
export { runCli, GLOBAL_OPTIONS } from './run.js';
export { defineCommand, type Command, type CommandContext, type Route, type OptionSpec } from './command.js';
export { processIo, type Io } from './io.js';
export { formatTable, formatYaml, formatJson, parseOutputFormat, UsageError, type OutputFormat } from './output.js';
