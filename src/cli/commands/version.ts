import { defineCommand } from '../framework/command.js';
import { VERSION } from '../version.js';

export default defineCommand({
  summary: 'Print the client (and server) version',
  usage: '[--local-only]',
  options: { 'local-only': { type: 'boolean', description: 'print only the client version, without contacting the server' } },
  async run({ io }) {
    io.stdout.write(`TCTL version: v${VERSION}\n`);
  },
});
