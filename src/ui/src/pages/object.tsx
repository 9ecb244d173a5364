import { Breadcrumb, BreadcrumbItem, PageSection, Spinner, Tab, Tabs, TabTitleText, Title } from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { getPermissions, getResource, kindOfFqn, type Resource } from '../api/resources.js';
import { Children } from '../components/children.js';
import { ErrorAlert } from '../components/error-alert.js';
import { AuditTab } from '../components/audit-tab.js';
import { PermissionsTab } from '../components/permissions-tab.js';
import { StatusTab } from '../components/status-tab.js';
import { YamlTab } from '../components/yaml-tab.js';
import { objectHref } from '../route.js';
import { useApp } from '../session-context.js';

/** Breadcrumb links for every ancestor of an FQN. */
function Crumbs({ fqn }: { fqn: string }) {
  const parts = fqn.split('/');
  const items = [];
  for (let i = 2; i <= parts.length; i += 2) items.push({ fqn: parts.slice(0, i).join('/'), label: parts[i - 1] });
  return (
    <Breadcrumb>
      {items.map((it, i) => (
        <BreadcrumbItem key={it.fqn} to={i === 0 ? '#/' : objectHref(it.fqn)} isActive={i === items.length - 1}>
          {it.label}
        </BreadcrumbItem>
      ))}
    </Breadcrumb>
  );
}

/** One resource: its children, YAML (view and edit), status, permissions and audit entries. */
export function ObjectPage({ fqn }: { fqn: string }) {
  const { session, revision } = useApp();
  const [res, setRes] = useState<Resource | null>(null);
  const [perms, setPerms] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [tab, setTab] = useState<string | number>('overview');
  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all([getResource(session, fqn), getPermissions(session, fqn).catch(() => [] as string[])]).then(
      ([r, p]) => {
        if (!live) return;
        setRes(r);
        setPerms(p);
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [session, fqn, revision]);
  const kind = kindOfFqn(fqn)?.kind;
  return (
    <PageSection>
      <Crumbs fqn={fqn} />
      <Title headingLevel="h1" style={{ marginTop: 8 }}>
        {kind?.kind ?? 'Object'} {res?.name ?? fqn.split('/').pop()}
      </Title>
      {res?.displayName && <p data-testid="display-name">{res.displayName}</p>}
      <p>
        <code data-testid="object-fqn">{fqn}</code>
      </p>
      <ErrorAlert error={error} />
      {!res && !error && <Spinner aria-label="Loading object" />}
      {res && (
        <Tabs activeKey={tab} onSelect={(_e, k) => setTab(k)} aria-label="Object views" mountOnEnter unmountOnExit style={{ marginTop: 12 }}>
          <Tab eventKey="overview" title={<TabTitleText>Overview</TabTitleText>}>
            <div style={{ paddingTop: 16 }}>
              {res.description && <p>{res.description}</p>}
              {kind?.opens ? <Children parentFqn={fqn} parentKind={kind} canCreate={perms.includes('CREATE')} /> : <p>This kind has no children.</p>}
            </div>
          </Tab>
          <Tab eventKey="yaml" title={<TabTitleText>YAML</TabTitleText>}>
            <YamlTab resource={res} canWrite={perms.includes('WRITE')} onSaved={setRes} />
          </Tab>
          <Tab eventKey="status" title={<TabTitleText>Status</TabTitleText>}>
            <StatusTab fqn={fqn} />
          </Tab>
          {perms.includes('GET_POLICY') && (
            <Tab eventKey="permissions" title={<TabTitleText>Permissions</TabTitleText>}>
              <PermissionsTab fqn={fqn} canSet={perms.includes('SET_POLICY')} />
            </Tab>
          )}
          <Tab eventKey="audit" title={<TabTitleText>Audit</TabTitleText>}>
            <AuditTab fqn={fqn} />
          </Tab>
        </Tabs>
      )}
    </PageSection>
  );
}
