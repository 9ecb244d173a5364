import { Spinner } from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { getAudit, type AuditEntry } from '../api/resources.js';
import { useApp } from '../session-context.js';
import { ErrorAlert } from './error-alert.js';

/** The audit trail of one resource, newest first. */
export function AuditTab({ fqn }: { fqn: string }) {
  const { session, revision } = useApp();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    getAudit(session, fqn).then(
      (e) => live && setEntries(e),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [session, fqn, revision]);
  if (error) return <ErrorAlert error={error} />;
  if (!entries) return <Spinner aria-label="Loading audit entries" />;
  return (
    <table className="pf-v6-c-table pf-m-compact" aria-label="Audit entries" style={{ marginTop: 16 }}>
      <thead className="pf-v6-c-table__thead">
        <tr className="pf-v6-c-table__tr">
          <th className="pf-v6-c-table__th" scope="col">
            When
          </th>
          <th className="pf-v6-c-table__th" scope="col">
            Who
          </th>
          <th className="pf-v6-c-table__th" scope="col">
            Operation
          </th>
          <th className="pf-v6-c-table__th" scope="col">
            Revision
          </th>
        </tr>
      </thead>
      <tbody className="pf-v6-c-table__tbody">
        {entries.map((e) => (
          <tr className="pf-v6-c-table__tr" key={String(e.id)}>
            <td className="pf-v6-c-table__td">{e.at}</td>
            <td className="pf-v6-c-table__td">{e.actor}</td>
            <td className="pf-v6-c-table__td">{e.op}</td>
            <td className="pf-v6-c-table__td">{e.revision}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
