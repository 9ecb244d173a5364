import {
  Bullseye,
  Button,
  Card,
  CardBody,
  CardTitle,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  MastheadToggle,
  Modal,
  ModalBody,
  ModalHeader,
  Nav,
  NavItem,
  NavList,
  Page,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  Spinner,
} from '@patternfly/react-core';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Session } from './api/http.js';
import { whoami, type WhoAmI } from './api/resources.js';
import { watchChanges } from './api/watch.js';
import { ErrorAlert } from './components/error-alert.js';
import { Header } from './components/header.js';
import { LoginForm } from './components/login-form.js';
import { ClustersPage } from './pages/clusters.js';
import { ConnectPage } from './pages/connect.js';
import { TreePage } from './pages/tree.js';
import { useRoute, type Route } from './route.js';
import { Ctx } from './session-context.js';

// The object page (YAML editing) and the topology graph are the heavy parts: loaded on first use.
const ObjectPage = lazy(() => import('./pages/object.js').then((m) => ({ default: m.ObjectPage })));
const TopologyPage = lazy(() => import('./pages/topology.js').then((m) => ({ default: m.TopologyPage })));

const session = new Session();
const REFRESH_MS = 10_000;

/** The whole UI: the login page, or the management plane with its navigation. */
export function App() {
  const [me, setMe] = useState<WhoAmI | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [expired, setExpired] = useState(false);
  const [loggedIn, setLoggedIn] = useState(session.loggedIn);
  const [revision, setRevision] = useState(0);
  const route = useRoute();

  useEffect(() => session.onExpired(() => setExpired(true)), []);
  useEffect(() => {
    if (!loggedIn) return;
    whoami(session).then(setMe, setError);
    const stop = watchChanges(session, () => setRevision((r) => r + 1));
    // Grants (access bindings) and agents' reports change what a page shows but are not config
    // changes, so the watch does not carry them: a slow refresh covers them while the tab is visible.
    const t = setInterval(() => document.visibilityState === 'visible' && setRevision((r) => r + 1), REFRESH_MS);
    return () => {
      stop();
      clearInterval(t);
    };
  }, [loggedIn]);

  const relogged = useCallback(() => {
    setExpired(false);
    setLoggedIn(true);
    setRevision((r) => r + 1);
  }, []);
  const logout = useCallback(() => {
    session.logout();
    setMe(null);
    setLoggedIn(false);
  }, []);

  if (!loggedIn && !expired) {
    return (
      <Bullseye style={{ minHeight: '100vh', padding: 16 }}>
        <main style={{ width: 'min(420px, 100%)' }}>
          <Card>
            <CardTitle component="h1">Log in to meshbridge</CardTitle>
            <CardBody>
              <LoginForm session={session} onDone={() => setLoggedIn(true)} />
            </CardBody>
          </Card>
        </main>
      </Bullseye>
    );
  }
  if (!me) {
    return <Bullseye style={{ minHeight: '100vh' }}>{error ? <ErrorAlert error={error} /> : <Spinner aria-label="Loading" />}</Bullseye>;
  }
  return <Shell me={me} route={route} revision={revision} expired={expired} onRelogged={relogged} onLogout={logout} />;
}

function tenantOf(fqn: string | undefined): string | undefined {
  const m = fqn?.match(/^organizations\/[^/]+\/tenants\/([^/]+)/);
  return m?.[1];
}

function Shell(p: { me: WhoAmI; route: Route; revision: number; expired: boolean; onRelogged: () => void; onLogout: () => void }) {
  const tenant = tenantOf(p.route.fqn);
  const ctx = useMemo(() => ({ session, me: p.me, tenant, revision: p.revision }), [p.me, tenant, p.revision]);
  const nav = (
    <Nav aria-label="Main navigation">
      <NavList>
        <NavItem itemId="tree" isActive={p.route.page === 'tree' || p.route.page === 'object'} to="#/">
          Organization
        </NavItem>
        <NavItem itemId="clusters" isActive={p.route.page === 'clusters'} to="#/clusters">
          Clusters
        </NavItem>
        <NavItem itemId="topology" isActive={p.route.page === 'topology'} to="#/topology">
          Topology
        </NavItem>
        <NavItem itemId="connect" isActive={p.route.page === 'connect'} to="#/connect">
          Connect tctl
        </NavItem>
      </NavList>
    </Nav>
  );
  return (
    <Ctx.Provider value={ctx}>
      <Page
        masthead={
          <Masthead>
            <MastheadMain>
              <MastheadToggle>
                <PageToggleButton isHamburgerButton aria-label="Toggle navigation" />
              </MastheadToggle>
              <MastheadBrand>
                <a href="#/" style={{ color: 'inherit', fontWeight: 700, fontSize: '1.25rem', textDecoration: 'none' }}>
                  meshbridge
                </a>
              </MastheadBrand>
            </MastheadMain>
            <MastheadContent>
              <Header onLogout={p.onLogout} />
            </MastheadContent>
          </Masthead>
        }
        sidebar={
          <PageSidebar>
            <PageSidebarBody>{nav}</PageSidebarBody>
          </PageSidebar>
        }
        isManagedSidebar
      >
        <Suspense fallback={<Spinner aria-label="Loading page" />}>
          {p.route.page === 'tree' && <TreePage query={p.route.query} />}
          {p.route.page === 'clusters' && <ClustersPage />}
          {p.route.page === 'topology' && <TopologyPage />}
          {p.route.page === 'connect' && <ConnectPage />}
          {p.route.page === 'object' && p.route.fqn && <ObjectPage fqn={p.route.fqn} />}
        </Suspense>
      </Page>
      <Modal variant="small" isOpen={p.expired} aria-labelledby="expired-title" onClose={() => undefined}>
        <ModalHeader title="Your session has expired" labelId="expired-title" />
        <ModalBody>
          <p style={{ marginBottom: 12 }}>Log in again to continue; what you were editing is kept.</p>
          <LoginForm session={session} onDone={p.onRelogged} fixedUser={p.me.username} />
          <Button variant="link" onClick={p.onLogout}>
            Log out instead
          </Button>
        </ModalBody>
      </Modal>
    </Ctx.Provider>
  );
}
