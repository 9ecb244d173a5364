import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, Spinner } from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { getStatus, type StatusView } from '../api/resources.js';
import { useApp } from '../session-context.js';
import { ErrorAlert } from './error-alert.js';
import { StatusLabel } from './status-label.js';

/** Aggregated status with its last event, and what each cluster reported. */
export function StatusTab({ fqn }: { fqn: string }) {
  const { session, revision } = useApp();
  const [st, setSt] = useState<StatusView | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    getStatus(session, fqn).then(
      (s) => live && setSt(s),
      (e) => live && setError(e),
    );
    const t = setInterval(
      () =>
        getStatus(session, fqn).then(
          (s) => live && setSt(s),
          () => undefined,
        ),
      3000,
    );
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [session, fqn, revision]);
  if (error) return <ErrorAlert error={error} />;
  if (!st) return <Spinner aria-label="Loading status" />;
  const clusters = Object.entries(st.clusters ?? {});
  return (
    <div style={{ paddingTop: 16 }}>
      <DescriptionList isHorizontal>
        <DescriptionListGroup>
          <DescriptionListTerm>Status</DescriptionListTerm>
          <DescriptionListDescription data-testid="status-value">
            <StatusLabel status={st.status} />
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Last event</DescriptionListTerm>
          <DescriptionListDescription>{st.lastEvent ?? '—'}</DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Message</DescriptionListTerm>
          <DescriptionListDescription>{st.message || '—'}</DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
      {clusters.length > 0 && (
        <table className="pf-v6-c-table pf-m-compact" aria-label="Per-cluster status" style={{ marginTop: 16 }}>
          <thead className="pf-v6-c-table__thead">
            <tr className="pf-v6-c-table__tr">
              <th className="pf-v6-c-table__th" scope="col">
                Cluster
              </th>
              <th className="pf-v6-c-table__th" scope="col">
                Status
              </th>
              <th className="pf-v6-c-table__th" scope="col">
                Last event
              </th>
              <th className="pf-v6-c-table__th" scope="col">
                Message
              </th>
            </tr>
          </thead>
          <tbody className="pf-v6-c-table__tbody">
            {clusters.map(([name, c]) => (
              <tr className="pf-v6-c-table__tr" key={name}>
                <td className="pf-v6-c-table__td">{name}</td>
                <td className="pf-v6-c-table__td">
                  <StatusLabel status={c.status} />
                </td>
                <td className="pf-v6-c-table__td">{c.lastEvent ?? ''}</td>
                <td className="pf-v6-c-table__td">{c.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
