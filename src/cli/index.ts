// Public surface of src/cli: tctl's entry point and the shared command framework.
export { tctl, tctlRoutes } from './main.js';
export { runCli, reportError } from './framework/run.js';
export { defineCommand, type Command, type CommandContext, type Route, type OptionSpec } from './framework/command.js';
export { processIo, type Io } from './framework/io.js';
export { formatTable, formatYaml, formatJson, parseOutputFormat, UsageError, type OutputFormat } from './framework/output.js';
export { VERSION } from './version.js';
export { writeBootstrapProfile, type BootstrapProfileOptions } from './bootstrap-profile.js';
