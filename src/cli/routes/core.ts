import type { Command, Route } from '../../command/index.js';

type Loader = () => Promise<{ default: Command }>;

// TSB spells the group `x` or `experimental`, and service-account or sa: every spelling routes.
const SA_COMMANDS: readonly (readonly [string, Loader, string])[] = [
  ['create', () => import('../commands/x/service-account/create.js'), 'Create a service account and print its first private key'],
  ['get', () => import('../commands/x/service-account/get.js'), 'List service accounts with their key ids'],
  ['delete', () => import('../commands/x/service-account/delete.js'), 'Delete a service account and its keys'],
  ['gen-key', () => import('../commands/x/service-account/gen-key.js'), 'Add (or --rotate) a service-account key'],
  ['revoke-key', () => import('../commands/x/service-account/revoke-key.js'), 'Revoke a service-account key (--id)'],
  ['token', () => import('../commands/x/service-account/token.js'), 'Sign a token with a service-account key (--key-path)'],
];
const saRoutes: Route[] = ['x', 'experimental'].flatMap((x) =>
  ['service-account', 'sa'].flatMap((group) => SA_COMMANDS.map(([word, load, summary]) => ({ path: [x, group, word], summary, load }))),
);
const setPassword: Loader = () => import('../commands/x/set-password.js');

/** tctl's core commands (config, login, get, apply, ...); each loads its module only when run. */
export const routes: readonly Route[] = [
  { path: ['version'], summary: 'Print the client (and server) version', load: () => import('../commands/version.js') },
  { path: ['config', 'clusters', 'set'], summary: 'Create or update a cluster entry', load: () => import('../commands/config/clusters/set.js') },
  { path: ['config', 'clusters', 'list'], summary: 'List cluster entries', load: () => import('../commands/config/clusters/list.js') },
  { path: ['config', 'clusters', 'delete'], summary: 'Delete a cluster entry', load: () => import('../commands/config/clusters/delete.js') },
  { path: ['config', 'clusters', 'rename'], summary: 'Rename a cluster entry', load: () => import('../commands/config/clusters/rename.js') },
  { path: ['config', 'users', 'set'], summary: 'Create or update a user entry', load: () => import('../commands/config/users/set.js') },
  { path: ['config', 'users', 'list'], summary: 'List user entries', load: () => import('../commands/config/users/list.js') },
  { path: ['config', 'users', 'delete'], summary: 'Delete a user entry', load: () => import('../commands/config/users/delete.js') },
  { path: ['config', 'users', 'rename'], summary: 'Rename a user entry', load: () => import('../commands/config/users/rename.js') },
  { path: ['config', 'profiles', 'set'], summary: 'Create or update a profile', load: () => import('../commands/config/profiles/set.js') },
  { path: ['config', 'profiles', 'set-current'], summary: 'Make a profile current', load: () => import('../commands/config/profiles/set-current.js') },
  { path: ['config', 'profiles', 'get-current'], summary: 'Print the current profile', load: () => import('../commands/config/profiles/get-current.js') },
  { path: ['config', 'profiles', 'list'], summary: 'List profiles', load: () => import('../commands/config/profiles/list.js') },
  { path: ['config', 'profiles', 'delete'], summary: 'Delete a profile', load: () => import('../commands/config/profiles/delete.js') },
  { path: ['config', 'profiles', 'rename'], summary: 'Rename a profile', load: () => import('../commands/config/profiles/rename.js') },
  { path: ['config', 'profiles', 'import'], summary: 'Import profiles from a file', load: () => import('../commands/config/profiles/import.js') },
  { path: ['config', 'profiles', 'export'], summary: 'Export profiles to a file', load: () => import('../commands/config/profiles/export.js') },
  { path: ['config', 'view'], summary: 'Print the whole config file', load: () => import('../commands/config/view.js') },
  { path: ['login'], summary: 'Log in and store tokens in the current profile', load: () => import('../commands/login.js') },
  { path: ['whoami'], summary: 'Show who the current profile is logged in as', load: () => import('../commands/whoami.js') },
  { path: ['get'], summary: 'Get one or many resources', load: () => import('../commands/get.js') },
  { path: ['apply'], summary: 'Create or update resources from YAML files', load: () => import('../commands/apply.js') },
  { path: ['delete'], summary: 'Delete resources (and their children)', load: () => import('../commands/delete.js') },
  { path: ['edit'], summary: 'Edit resources in $EDITOR and apply the result', load: () => import('../commands/edit.js') },
  { path: ['status'], summary: 'Show the configuration status of a resource', load: () => import('../commands/status.js') },
  { path: ['x', 'status'], summary: 'Show the configuration status of a resource (older TSB spelling)', load: () => import('../commands/status.js') },
  {
    path: ['experimental', 'status'],
    summary: 'Show the configuration status of a resource (older TSB spelling)',
    load: () => import('../commands/status.js'),
  },
  { path: ['validate'], summary: 'Validate resource files offline', load: () => import('../commands/validate.js') },
  { path: ['x', 'audit'], summary: 'Show the audit log', load: () => import('../commands/x/audit.js') },
  { path: ['experimental', 'audit'], summary: 'Show the audit log', load: () => import('../commands/x/audit.js') },
  ...saRoutes,
  { path: ['x', 'user', 'set-password'], summary: "Set a user's password (prompted on a terminal, else read from stdin)", load: setPassword },
  { path: ['experimental', 'user', 'set-password'], summary: "Set a user's password (prompted on a terminal, else read from stdin)", load: setPassword },
  { path: ['completion'], summary: 'Print a bash or zsh completion script', load: () => import('../commands/completion.js') },
  {
    path: ['__complete'],
    summary: 'Candidates for the completion scripts (profiles, resource names)',
    hidden: true,
    load: () => import('../commands/complete.js'),
  },
];
