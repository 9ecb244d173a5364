import { Button, Flex, FlexItem, Title } from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import type { KindInfo } from '../../../api/index.js';
import { ApiError } from '../api/http.js';
import { childKinds, listChildren, type Resource } from '../api/resources.js';
import { objectHref } from '../route.js';
import { useApp } from '../session-context.js';
import { CreateForm } from './create-form.js';
import { ErrorAlert } from './error-alert.js';

interface Section {
  readonly kind: KindInfo;
  readonly items: Resource[] | null;
  readonly error?: unknown;
}

/** Every child collection of a resource: a count, a table of names/display names/FQNs, a create form. */
export function Children({ parentFqn, parentKind, canCreate }: { parentFqn: string; parentKind: KindInfo | undefined; canCreate: boolean }) {
  const { session, revision } = useApp();
  const [sections, setSections] = useState<Section[]>([]);
  const [creating, setCreating] = useState<KindInfo | null>(null);
  useEffect(() => {
    let live = true;
    const kinds = uniqueCollections(childKinds(parentKind));
    void Promise.all(
      kinds.map(async (kind): Promise<Section> => {
        try {
          return { kind, items: await listChildren(session, parentFqn, kind.collection) };
        } catch (error) {
          // A parent the user may not read answers 404: to them there is nothing here.
          if (error instanceof ApiError && error.status === 404) return { kind, items: [] };
          return { kind, items: null, error };
        }
      }),
    ).then((s) => live && setSections(s));
    return () => {
      live = false;
    };
  }, [session, parentFqn, parentKind, revision]);
  return (
    <>
      <Flex gap={{ default: 'gapLg' }} style={{ marginBottom: 16 }} data-testid="counts">
        {sections.map((s) => (
          <FlexItem key={s.kind.collection}>
            <strong data-testid={`count-${s.kind.collection}`}>{s.items?.length ?? '–'}</strong> {s.kind.collection}
          </FlexItem>
        ))}
      </Flex>
      {sections
        .filter((s) => s.error || (s.items && s.items.length > 0) || (canCreate && isCreatable(s.kind)))
        .map((s) => (
          <section key={s.kind.collection} aria-labelledby={`sec-${s.kind.collection}`} style={{ marginBottom: 24 }}>
            <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }}>
              <Title headingLevel="h2" size="lg" id={`sec-${s.kind.collection}`}>
                {s.kind.collection} ({s.items?.length ?? 0})
              </Title>
              {canCreate && isCreatable(s.kind) && (
                <Button variant="secondary" size="sm" onClick={() => setCreating(s.kind)}>
                  Create {s.kind.kind}
                </Button>
              )}
            </Flex>
            {creating === s.kind && <CreateForm parentFqn={parentFqn} kind={s.kind} onClose={() => setCreating(null)} />}
            <ErrorAlert error={s.error} />
            {s.items && s.items.length > 0 && <ResourceTable items={s.items} caption={s.kind.collection} />}
          </section>
        ))}
    </>
  );
}

/** Name, display name and FQN of each resource, each name a link to its page. */
export function ResourceTable({ items, caption }: { items: readonly Resource[]; caption: string }) {
  return (
    <table className="pf-v6-c-table pf-m-compact pf-m-grid-md" aria-label={caption}>
      <thead className="pf-v6-c-table__thead">
        <tr className="pf-v6-c-table__tr">
          <th className="pf-v6-c-table__th" scope="col">
            Name
          </th>
          <th className="pf-v6-c-table__th" scope="col">
            Display name
          </th>
          <th className="pf-v6-c-table__th" scope="col">
            FQN
          </th>
        </tr>
      </thead>
      <tbody className="pf-v6-c-table__tbody">
        {items.map((r) => (
          <tr className="pf-v6-c-table__tr" key={r.fqn}>
            <td className="pf-v6-c-table__td" data-label="Name">
              <a href={objectHref(r.fqn)}>{r.name}</a>
            </td>
            <td className="pf-v6-c-table__td" data-label="Display name">
              {r.displayName}
            </td>
            <td className="pf-v6-c-table__td" data-label="FQN">
              <code style={{ overflowWrap: 'anywhere' }}>{r.fqn}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function uniqueCollections(kinds: KindInfo[]): KindInfo[] {
  const seen = new Set<string>();
  return kinds.filter((k) => (seen.has(k.collection) ? false : (seen.add(k.collection), true)));
}

function isCreatable(kind: KindInfo): boolean {
  return kind.apiVersion.includes('tsb.tetrate.io') && kind.collection !== 'organizations';
}
