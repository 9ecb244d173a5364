import { defineCommand } from '../../../command/index.js';
import { serverOptions, untilSignal } from './_flags.js';
import { startFromOptions } from './_run.js';

export default defineCommand({
  summary: 'Run the management plane (REST API on :8443, agent stream on :9443)',
  usage: '[--data-dir DIR] [--listen HOST:PORT] [--database URL] [--tls-cert FILE --tls-key FILE | --insecure-http]',
  description:
    'Serves the TSB-shaped REST API over HTTPS. Without --tls-cert/--tls-key it generates a CA and a server certificate in the data directory and reuses them. Every flag can also be set with a MESHBRIDGE_* variable (--data-dir → MESHBRIDGE_DATA_DIR). SIGTERM/SIGINT finish in-flight requests and close the store.',
  examples: [
    'meshbridge server',
    'meshbridge server --database postgres://meshbridge:secret@db:5432/meshbridge --hostname mp.example.com',
    'MESHBRIDGE_ADMIN_PASSWORD=change-me meshbridge server --data-dir /var/lib/meshbridge',
  ],
  options: serverOptions(),
  async run({ io, options }) {
    const { server } = await startFromOptions(io, options);
    const signal = await untilSignal();
    server.log.info({ signal }, 'shutting down');
    await server.close();
    io.stdout.write(`meshbridge server stopped (${signal})\n`);
    return 0;
  },
});
