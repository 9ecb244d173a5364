import { interceptProcessWarnings } from './process-warnings.js';
import { tctl, processIo } from '../cli/index.js';

interceptProcessWarnings();
process.exitCode = await tctl(process.argv.slice(2), processIo());
