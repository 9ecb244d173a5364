import { Counter, Gauge, Histogram, register } from 'prom-client';

function once<T>(name: string, make: () => T): T {
  // Several servers may run in one process (tests): metrics live once in the default registry.
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** Distribution metrics on the default prom-client registry (served by the server's /metrics). */
export const metrics = {
  convergence: once(
    'meshbridge_config_convergence_seconds',
    () =>
      new Histogram({
        name: 'meshbridge_config_convergence_seconds',
        help: 'Time from the server seeing a configuration change to a cluster agent acknowledging it',
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30],
      }),
  ),
  agents: once(
    'meshbridge_agents_connected',
    () => new Gauge({ name: 'meshbridge_agents_connected', help: 'Cluster agents with an open stream to this replica' }),
  ),
  syncing: once(
    'meshbridge_agent_initial_syncs',
    () => new Gauge({ name: 'meshbridge_agent_initial_syncs', help: 'Initial snapshot syncs in progress (capped)' }),
  ),
  nacks: once(
    'meshbridge_agent_nacks_total',
    () => new Counter({ name: 'meshbridge_agent_nacks_total', help: 'Snapshot versions cluster agents rejected (NACK)' }),
  ),
  pushes: once(
    'meshbridge_agent_snapshots_sent_total',
    () => new Counter({ name: 'meshbridge_agent_snapshots_sent_total', help: 'Snapshot versions sent to cluster agents', labelNames: ['kind'] as const }),
  ),
};
