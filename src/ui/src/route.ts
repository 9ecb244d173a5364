import { useEffect, useState } from 'react';

/** Where the user is: a page name and, for the object page, the FQN it shows. */
export interface Route {
  readonly page: 'tree' | 'clusters' | 'topology' | 'connect' | 'object';
  readonly fqn?: string;
  readonly query?: string;
}

/** Parses `#/object/organizations/o/tenants/t`, `#/clusters`, `#/tree?q=shop`, … */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  const [page, ...rest] = path.split('/');
  const q = new URLSearchParams(query ?? '').get('q') ?? undefined;
  switch (page) {
    case 'clusters':
    case 'topology':
    case 'connect':
      return { page };
    case 'object':
      return { page: 'object', fqn: rest.join('/') };
    default:
      return { page: 'tree', ...(q ? { query: q } : {}) };
  }
}

/** The link to an object's page. */
export function objectHref(fqn: string): string {
  return `#/object/${fqn}`;
}

/** The current route, following hash changes (so back/forward and links work without a router). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = (): void => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
