import { PageSection, Spinner, Title } from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { ago, listClusters, type AgentReport, type ClusterView } from '../api/clusters.js';
import { ErrorAlert } from '../components/error-alert.js';
import { StatusLabel } from '../components/status-label.js';
import { objectHref } from '../route.js';
import { useApp } from '../session-context.js';

/** Every cluster the user may read, with its agent's connection, versions and inventory. */
export function ClustersPage() {
  const { session, me, revision } = useApp();
  const [clusters, setClusters] = useState<ClusterView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    let live = true;
    const load = (): void => {
      listClusters(session, me.organization).then(
        (c) => {
          if (!live) return;
          setClusters(c);
          setNow(Date.now());
        },
        (e) => live && setError(e),
      );
    };
    load();
    // Statuses are written as agents report; the watch covers config changes, a poll the rest.
    const t = setInterval(load, 3000);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [session, me.organization, revision]);
  return (
    <PageSection>
      <Title headingLevel="h1">Clusters</Title>
      <ErrorAlert error={error} />
      {!clusters && !error && <Spinner aria-label="Loading clusters" />}
      {clusters && clusters.length === 0 && (
        <p>
          No cluster is onboarded yet: <code>tctl apply -f cluster.yaml</code>, then run its agent.
        </p>
      )}
      {clusters && clusters.length > 0 && (
        <table className="pf-v6-c-table pf-m-compact pf-m-grid-lg" aria-label="Clusters" style={{ marginTop: 16 }}>
          <thead className="pf-v6-c-table__thead">
            <tr className="pf-v6-c-table__tr">
              {['Name', 'Status', 'Last seen', 'Agent version', 'Config version', 'Namespaces', 'Services', 'Sidecars ready'].map((h) => (
                <th className="pf-v6-c-table__th" scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="pf-v6-c-table__tbody">
            {clusters.map(({ resource, status }) => {
              const r = (status ?? {}) as AgentReport;
              const synced = status?.status === 'READY';
              return (
                <tr className="pf-v6-c-table__tr" key={resource.fqn} data-testid={`cluster-${resource.name}`}>
                  <td className="pf-v6-c-table__td" data-label="Name">
                    <a href={objectHref(resource.fqn)}>{resource.name}</a>
                  </td>
                  <td className="pf-v6-c-table__td" data-label="Status">
                    <StatusLabel status={status?.status} /> {!synced && <span>not synced</span>} {r.connected === false && <span>(agent disconnected)</span>}
                  </td>
                  <td className="pf-v6-c-table__td" data-label="Last seen">
                    {ago(r.lastSeen, now)}
                  </td>
                  <td className="pf-v6-c-table__td" data-label="Agent version">
                    {r.agentVersion ?? '—'}
                  </td>
                  <td className="pf-v6-c-table__td" data-label="Config version">
                    <code>{r.version || '—'}</code>
                  </td>
                  <td className="pf-v6-c-table__td" data-label="Namespaces">
                    {r.namespaces?.length ?? 0}
                  </td>
                  <td className="pf-v6-c-table__td" data-label="Services">
                    {r.services?.length ?? 0}
                  </td>
                  <td className="pf-v6-c-table__td" data-label="Sidecars ready">
                    {r.sidecars ? `${r.sidecars.ready}/${r.sidecars.total}` : 'not reported'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </PageSection>
  );
}
