import { PageSection, SearchInput, Title } from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { KINDS } from '../../../api/index.js';
import type { Resource } from '../api/resources.js';
import { searchTree } from '../api/search.js';
import { Children, ResourceTable } from '../components/children.js';
import { ErrorAlert } from '../components/error-alert.js';
import { useApp } from '../session-context.js';

const ORG_KIND = KINDS.find((k) => k.collection === 'organizations');

/** The organization with its tenants, clusters, users, …, and a search over the whole tree. */
export function TreePage({ query }: { query?: string }) {
  const { session, me } = useApp();
  const orgFqn = `organizations/${me.organization}`;
  const [text, setText] = useState(query ?? '');
  const [results, setResults] = useState<Resource[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!query) return setResults(null);
    let live = true;
    setError(null);
    searchTree(session, orgFqn, query).then(
      (r) => live && setResults(r),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [session, orgFqn, query]);
  return (
    <PageSection>
      <Title headingLevel="h1">Organization {me.organization}</Title>
      <p style={{ margin: '4px 0 16px' }}>
        <code>{orgFqn}</code>
      </p>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          location.hash = text ? `#/tree?q=${encodeURIComponent(text)}` : '#/';
        }}
        style={{ maxWidth: 480, marginBottom: 16 }}
      >
        <SearchInput
          aria-label="Search by name or FQN"
          placeholder="Search by name or FQN"
          value={text}
          onChange={(_e, v) => setText(v)}
          onSearch={(_e, v) => (location.hash = v ? `#/tree?q=${encodeURIComponent(v)}` : '#/')}
          onClear={() => {
            setText('');
            location.hash = '#/';
          }}
        />
      </form>
      <ErrorAlert error={error} />
      {results ? (
        <section aria-label="Search results">
          <Title headingLevel="h2" size="lg">
            {results.length} result(s) for “{query}”
          </Title>
          <ResourceTable items={results} caption="Search results" />
        </section>
      ) : (
        <Children parentFqn={orgFqn} parentKind={ORG_KIND} canCreate />
      )}
    </PageSection>
  );
}
