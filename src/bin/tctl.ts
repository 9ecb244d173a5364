import { interceptProcessWarnings } from './process-warnings.js';
import { processIo } from '../command/index.js';
import { tctl } from '../cli/index.js';

interceptProcessWarnings();
process.exitCode = await tctl(process.argv.slice(2), processIo());
