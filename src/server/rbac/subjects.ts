import { CoreErrors, MeshError, parseFqn } from '../../api/index.js';
import type { Reader } from '../../store/index.js';

/** Subject keys of TSB's AccessBindings and the kind each must name. */
const SUBJECT_KINDS: Readonly<Record<string, string>> = { user: 'User', team: 'Team', serviceAccount: 'ServiceAccount' };
// Accepted spellings on input; written back canonically.
const ALIASES: Readonly<Record<string, string>> = {
  user: 'user',
  team: 'team',
  serviceAccount: 'serviceAccount',
  serviceaccount: 'serviceAccount',
  service_account: 'serviceAccount',
};

/** One access-binding entry as stored: a canonical role and its subjects. */
export interface Binding {
  readonly role: string;
  readonly subjects: readonly Record<string, string>[];
}

/** The FQN a stored subject names, whatever its key (`user`, `team`, `serviceAccount`). */
export function subjectFqn(subject: Readonly<Record<string, string>>): string | undefined {
  for (const [k, v] of Object.entries(subject)) if (ALIASES[k] && typeof v === 'string') return v;
  return undefined;
}

/**
 * Validates one subject: exactly one of user/team/serviceAccount naming an existing resource of
 * that kind. Returns it in canonical form; throws InvalidInput naming `field`.
 */
export async function checkSubject(reader: Reader, subject: unknown, field: string): Promise<Record<string, string>> {
  const entries = subject !== null && typeof subject === 'object' && !Array.isArray(subject) ? Object.entries(subject) : [];
  if (entries.length !== 1 || !ALIASES[entries[0][0]] || typeof entries[0][1] !== 'string') {
    throw new MeshError(
      CoreErrors.InvalidInput,
      `${field}: a subject is an object with exactly one of "user", "team" or "serviceAccount" set to an FQN, e.g. {"user":"organizations/tetrate/users/alice"}; got ${JSON.stringify(subject)}`,
      { field },
    );
  }
  const key = ALIASES[entries[0][0]];
  const value = entries[0][1] as string;
  const want = SUBJECT_KINDS[key];
  const keyField = `${field}.${entries[0][0]}`;
  let kind: string;
  try {
    kind = parseFqn(value).kind.kind;
  } catch (e) {
    throw new MeshError(CoreErrors.InvalidInput, `${keyField}: ${(e as Error).message}`, { field: keyField, cause: e });
  }
  if (kind !== want) {
    throw new MeshError(CoreErrors.InvalidInput, `${keyField}: ${value} is a ${kind}, not a ${want}`, { field: keyField });
  }
  const found = await reader.get(value);
  if (!found || found.kind !== want) {
    throw new MeshError(CoreErrors.InvalidInput, `${keyField}: ${want} ${value} does not exist; create it first or correct the FQN`, {
      field: keyField,
      fix: `Create the ${want} first (tctl apply -f), or correct the FQN.`,
    });
  }
  return { [key]: value };
}
