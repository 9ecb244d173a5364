import { Alert, Button, Flex, FlexItem, FormSelect, FormSelectOption, TextInput } from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/http.js';
import { getBindings, putBindings, type AccessBindings } from '../api/resources.js';
import { useApp } from '../session-context.js';
import { ErrorAlert } from './error-alert.js';

const ROLES = ['rbac/admin', 'rbac/editor', 'rbac/creator', 'rbac/writer', 'rbac/reader'];

interface Row {
  role: string;
  type: 'user' | 'team' | 'serviceAccount';
  name: string;
}

function toRows(b: AccessBindings): Row[] {
  return b.allow.flatMap((a) =>
    a.subjects.map((s) => {
      const [type, fqn] = Object.entries(s)[0] ?? ['user', ''];
      return { role: a.role, type: type as Row['type'], name: fqn };
    }),
  );
}

function toBindings(rows: Row[], etag: string | undefined): AccessBindings {
  const byRole = new Map<string, Record<string, string>[]>();
  for (const r of rows) {
    byRole.set(r.role, [...(byRole.get(r.role) ?? []), { [r.type]: r.name.trim() }]);
  }
  return { allow: [...byRole].map(([role, subjects]) => ({ role, subjects })), ...(etag ? { etag } : {}) };
}

/** Who holds which role here: one row per subject, a role picker, and save (needs SET_POLICY). */
export function PermissionsTab({ fqn, canSet }: { fqn: string; canSet: boolean }) {
  const { session, me } = useApp();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [etag, setEtag] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const load = (): void => {
    getBindings(session, fqn).then((b) => {
      setRows(toRows(b));
      setEtag(b.etag);
    }, setError);
  };
  useEffect(load, [session, fqn]);
  const save = async (): Promise<void> => {
    if (!rows) return;
    setError(null);
    setSaved(false);
    // A row without a subject is an error, not something to drop: the user added it on purpose.
    const empty = rows.findIndex((r) => !r.name.trim());
    if (empty >= 0) {
      setError(
        new ApiError(
          400,
          'INPUT',
          `row ${empty + 1}: the subject FQN is empty; fill it in (e.g. organizations/${me.organization}/users/alice) or remove the row`,
          `allow[${empty}].subjects`,
        ),
      );
      return;
    }
    try {
      const b = await putBindings(session, fqn, toBindings(rows, etag));
      setRows(toRows(b));
      setEtag(b.etag);
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };
  const set = (i: number, patch: Partial<Row>): void => setRows((rs) => (rs ?? []).map((r, j) => (j === i ? { ...r, ...patch } : r)));
  if (!rows) return <ErrorAlert error={error} />;
  return (
    <div style={{ paddingTop: 16 }}>
      <ErrorAlert error={error} />
      {saved && <Alert variant="success" isInline title="Permissions saved" />}
      <table className="pf-v6-c-table pf-m-compact" aria-label="Access bindings">
        <thead className="pf-v6-c-table__thead">
          <tr className="pf-v6-c-table__tr">
            <th className="pf-v6-c-table__th" scope="col">
              Subject type
            </th>
            <th className="pf-v6-c-table__th" scope="col">
              Subject FQN
            </th>
            <th className="pf-v6-c-table__th" scope="col">
              Role
            </th>
            <th className="pf-v6-c-table__th" scope="col">
              <span className="pf-v6-screen-reader">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="pf-v6-c-table__tbody">
          {rows.map((r, i) => (
            <tr className="pf-v6-c-table__tr" key={i}>
              <td className="pf-v6-c-table__td">
                <FormSelect
                  aria-label={`Subject type of row ${i + 1}`}
                  value={r.type}
                  isDisabled={!canSet}
                  onChange={(_e, v) => set(i, { type: v as Row['type'] })}
                >
                  <FormSelectOption value="user" label="User" />
                  <FormSelectOption value="team" label="Team" />
                  <FormSelectOption value="serviceAccount" label="Service account" />
                </FormSelect>
              </td>
              <td className="pf-v6-c-table__td">
                <TextInput
                  aria-label={`Subject of row ${i + 1}`}
                  value={r.name}
                  isDisabled={!canSet}
                  onChange={(_e, v) => set(i, { name: v })}
                  placeholder={`organizations/${me.organization}/users/alice`}
                />
              </td>
              <td className="pf-v6-c-table__td">
                <FormSelect aria-label={`Role of row ${i + 1}`} value={r.role} isDisabled={!canSet} onChange={(_e, v) => set(i, { role: v })}>
                  {ROLES.map((role) => (
                    <FormSelectOption key={role} value={role} label={role.replace('rbac/', '')} />
                  ))}
                </FormSelect>
              </td>
              <td className="pf-v6-c-table__td">
                {canSet && (
                  <Button variant="link" isDanger onClick={() => setRows(rows.filter((_r, j) => j !== i))}>
                    Remove
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p>No bindings on this resource; roles are inherited from its ancestors.</p>}
      {canSet && (
        <Flex style={{ marginTop: 8 }}>
          <FlexItem>
            <Button variant="secondary" onClick={() => setRows([...rows, { role: 'rbac/reader', type: 'user', name: '' }])}>
              Add binding
            </Button>
          </FlexItem>
          <FlexItem>
            <Button variant="primary" onClick={() => void save()}>
              Save permissions
            </Button>
          </FlexItem>
        </Flex>
      )}
    </div>
  );
}
