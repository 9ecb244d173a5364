import { processIo } from '../command/index.js';
import { tctl } from '../cli/index.js';

process.exitCode = await tctl(process.argv.slice(2), processIo());
