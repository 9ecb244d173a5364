import { CoreErrors, MeshError } from './errors/index.js';
import { KINDS, kindForCollection, type KindInfo, type Level } from './kinds.js';

/** DNS-1123 label-ish names as TSB uses them (lowercase, digits, '-', '.', up to 253). */
export const NAME_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** A parsed FQN: the chain of (collection, name) segments and the kind at the end. */
export interface Fqn {
  readonly segments: readonly { collection: string; name: string }[];
  readonly kind: KindInfo;
  readonly text: string;
}

/** Validates a resource name; the message names `field`. */
export function checkName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new MeshError(
      CoreErrors.InvalidInput,
      `${field}: ${JSON.stringify(name)} is not a valid name: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (at most 253 characters)`,
      { field },
    );
  }
  return name;
}

/** Parses `organizations/o/tenants/t/...` into segments and the kind it names. */
export function parseFqn(text: string): Fqn {
  const parts = text.replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length < 2 || parts.length % 2 !== 0) {
    throw new MeshError(CoreErrors.InvalidFqn, `FQN ${JSON.stringify(text)} must be pairs of collection/name, starting with organizations/<name>`, {
      field: 'fqn',
    });
  }
  const segments: { collection: string; name: string }[] = [];
  let level: Level = 'root';
  let kind: KindInfo | undefined;
  for (let i = 0; i < parts.length; i += 2) {
    const collection = parts[i];
    const name = parts[i + 1];
    kind = kindForCollection(level, collection);
    if (!kind) {
      const options = KINDS.filter((k) => k.parent === level).map((k) => k.collection);
      throw new MeshError(
        CoreErrors.InvalidFqn,
        `FQN ${JSON.stringify(text)}: "${collection}" is not a collection under ${level === 'root' ? 'the root' : `a ${level}`}; expected one of ${[...new Set(options)].join(', ')}`,
        { field: 'fqn' },
      );
    }
    checkName(name, `fqn segment ${collection}`);
    segments.push({ collection, name });
    if (i + 2 < parts.length) {
      if (!kind.opens) {
        throw new MeshError(CoreErrors.InvalidFqn, `FQN ${JSON.stringify(text)}: ${kind.kind} ${name} has no children`, { field: 'fqn' });
      }
      level = kind.opens;
    }
  }
  return { segments, kind: kind as KindInfo, text: formatFqn(segments) };
}

/** Joins segments back into canonical FQN text. */
export function formatFqn(segments: readonly { collection: string; name: string }[]): string {
  return segments.map((s) => `${s.collection}/${s.name}`).join('/');
}

/** The parent FQN text of an FQN (empty string for an organization). */
export function parentFqn(fqn: string): string {
  const parts = fqn.split('/');
  return parts.slice(0, -2).join('/');
}

/** True when `fqn` equals `ancestor` or lies below it. */
export function isWithin(fqn: string, ancestor: string): boolean {
  return ancestor === '' || fqn === ancestor || fqn.startsWith(`${ancestor}/`);
}
