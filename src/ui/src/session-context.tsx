import { createContext, useContext } from 'react';
import type { Session } from './api/http.js';
import type { WhoAmI } from './api/resources.js';

export interface AppContext {
  readonly session: Session;
  readonly me: WhoAmI;
  /** The tenant the user is looking at (from the page's FQN), if any. */
  readonly tenant: string | undefined;
  /** Bumped on every change the watch reports, so lists reload without a page reload. */
  readonly revision: number;
}

export const Ctx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useApp outside the app');
  return c;
}
