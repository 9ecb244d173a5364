import { tctl, processIo } from '../cli/index.js';

process.exitCode = await tctl(process.argv.slice(2), processIo());
