import { runCli, processIo } from '../cli/index.js';
import { routes } from './routes.js';

process.exitCode = await runCli('meshbridge', process.argv.slice(2), processIo(), routes);
