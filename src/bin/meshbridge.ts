import { interceptProcessWarnings } from './process-warnings.js';
import { runCli, processIo } from '../command/index.js';
import { routes } from './routes.js';

interceptProcessWarnings();
process.exitCode = await runCli('meshbridge', process.argv.slice(2), processIo(), routes);
