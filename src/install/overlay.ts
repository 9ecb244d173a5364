import { MeshError, InstallErrors } from '../api/index.js';
import type { KubeObject } from './canonical.js';

/** One patch of an Istio-operator K8sObjectOverlay: set `value` at `path`, or remove the path when value is absent/null. */
export interface OverlayPatch {
  path: string;
  value?: unknown;
}

/** An overlay on one rendered object, selected by kind and name (and apiVersion when given). */
export interface Overlay {
  apiVersion?: string;
  kind: string;
  name: string;
  patches?: OverlayPatch[];
}

/** A parsed path segment: a map key, a list index (-1 = append), or a list item selected by key/value. */
export type PathSegment = { key: string } | { index: number } | { match: string; value: string };

function invalid(path: string, why: string, field?: string): MeshError {
  return new MeshError(InstallErrors.InstallOverlayPathInvalid, `${field ? `${field}: ` : ''}overlay path "${path}" ${why}`, { field });
}

/** Parses the Istio operator path grammar: `a.b`, `a.[key:value].b`, `list[2]`, `list[-1]`, `[:scalar]`, `\.` escapes a dot. */
export function parseOverlayPath(path: string, field?: string): PathSegment[] {
  const segs: PathSegment[] = [];
  let key = '';
  let i = 0;
  const flushKey = (): void => {
    if (key !== '') segs.push({ key });
    key = '';
  };
  while (i < path.length) {
    const c = path[i];
    if (c === '\\' && path[i + 1] === '.') {
      key += '.';
      i += 2;
    } else if (c === '.') {
      if (key === '' && segs.length === 0) throw invalid(path, 'starts with "."', field);
      if (key === '' && path[i - 1] === '.') throw invalid(path, `has an empty segment at character ${i + 1}`, field);
      flushKey();
      i++;
    } else if (c === '[') {
      flushKey();
      const end = path.indexOf(']', i);
      if (end === -1) throw invalid(path, `has an unclosed "[" at character ${i + 1}`, field);
      segs.push(parseBracket(path.slice(i + 1, end), path, field));
      i = end + 1;
      if (i < path.length && path[i] !== '.' && path[i] !== '[') throw invalid(path, `needs "." after "]" at character ${i + 1}`, field);
    } else if (c === ']') {
      throw invalid(path, `has an unmatched "]" at character ${i + 1}`, field);
    } else {
      key += c;
      i++;
    }
  }
  if (path.endsWith('.') && !path.endsWith('\\.')) throw invalid(path, 'ends with "."', field);
  flushKey();
  if (segs.length === 0) throw invalid(path, 'is empty', field);
  return segs;
}

function parseBracket(inner: string, path: string, field?: string): PathSegment {
  const colon = inner.indexOf(':');
  if (colon === -1) {
    if (!/^(-1|[0-9]+)$/.test(inner)) throw invalid(path, `has "[${inner}]": use [N], [-1] or [key:value]`, field);
    return { index: Number(inner) };
  }
  return { match: inner.slice(0, colon).trim(), value: inner.slice(colon + 1).trim() };
}

function describe(seg: PathSegment): string {
  if ('key' in seg) return seg.key;
  if ('index' in seg) return `[${seg.index}]`;
  return `[${seg.match}:${seg.value}]`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function findIndex(list: unknown[], seg: PathSegment): number {
  if ('index' in seg) return seg.index < list.length ? seg.index : -1;
  if ('match' in seg) {
    return list.findIndex((item) =>
      seg.match === '' ? String(item) === seg.value : isRecord(item) && item[seg.match] !== undefined && String(item[seg.match]) === seg.value,
    );
  }
  return -1;
}

/** Applies one patch to `obj` in place; a segment that matches nothing throws MB6006 naming the path and the object. */
export function applyPatch(obj: KubeObject, patch: OverlayPatch, field?: string): void {
  const segs = parseOverlayPath(patch.path, field);
  const remove = patch.value === undefined || patch.value === null;
  const objName = `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
  const noMatch = (upto: number, why: string): MeshError =>
    new MeshError(
      InstallErrors.InstallOverlayNoMatch,
      `${field ? `${field}: ` : ''}overlay path "${patch.path}" matches nothing in ${objName}: ${why} at "${segs
        .slice(0, upto + 1)
        .map(describe)
        .join('.')}"`,
      { field },
    );
  let cur: unknown = obj;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const last = i === segs.length - 1;
    if ('key' in seg) {
      if (!isRecord(cur)) throw noMatch(i, 'not a map');
      if (last) {
        if (remove) {
          if (!(seg.key in cur)) throw noMatch(i, 'no such key');
          delete cur[seg.key];
        } else cur[seg.key] = structuredClone(patch.value);
        return;
      }
      if (cur[seg.key] === undefined) throw noMatch(i, 'no such key');
      cur = cur[seg.key];
      continue;
    }
    if (!Array.isArray(cur)) throw noMatch(i, 'not a list');
    if ('index' in seg && seg.index === -1) {
      if (!last || remove) throw noMatch(i, '[-1] (append) must be the last segment of a patch that sets a value');
      cur.push(structuredClone(patch.value));
      return;
    }
    const at = findIndex(cur, seg);
    if (at === -1) throw noMatch(i, 'no list item matches');
    if (last) {
      if (remove) cur.splice(at, 1);
      else cur[at] = structuredClone(patch.value);
      return;
    }
    cur = cur[at];
  }
}

// Objects TSB's operators render that meshbridge has no counterpart for (tsb.md §3.2–3.3): an
// overlay aimed at one comes from a TSB user's CR and is reported as ignored, not refused.
const TSB_ONLY_NAMES = new Set([
  'tsb',
  'iam',
  'envoy',
  'mpc',
  'oap',
  'web',
  'otel-collector',
  'central',
  'xcp-operator-central',
  'ldap',
  'tsb-operator-management-plane',
  'edge',
  'xcp-operator-edge',
  'istio-operator',
  'istiod',
  'oap-deployment',
  'wasmfetcher',
  'onboarding-operator',
  'vmgateway',
  'tsb-operator-control-plane',
  'istio-system-custom-metrics-apiserver',
]);

function tsbOnlyTarget(ov: Overlay): boolean {
  const group = ov.apiVersion?.includes('/') ? ov.apiVersion.split('/')[0] : '';
  return group.endsWith('tetrate.io') || group.endsWith('istio.io') || TSB_ONLY_NAMES.has(ov.name) || /^istiod?-|^istio-operator-/.test(ov.name);
}

/**
 * Applies overlays to the rendered objects (in place); `field` prefixes each overlay's CR path in
 * errors. Returns notes for overlays aimed at TSB-only objects, which are skipped; `touched`
 * collects each patched object with the overlay that last patched it.
 */
export function applyOverlays(objects: KubeObject[], overlays: readonly Overlay[], field: string, touched?: Map<KubeObject, string>): string[] {
  const notes: string[] = [];
  overlays.forEach((ov, oi) => {
    const target = objects.find((o) => o.kind === ov.kind && o.metadata.name === ov.name && (ov.apiVersion === undefined || o.apiVersion === ov.apiVersion));
    if (!target && tsbOnlyTarget(ov)) {
      notes.push(`${field}[${oi}]: ignored: targets TSB's ${ov.kind} ${ov.name}, which meshbridge does not render`);
      return;
    }
    if (!target) {
      const same = objects.filter((o) => o.kind === ov.kind).map((o) => o.metadata.name);
      throw new MeshError(
        InstallErrors.InstallOverlayTargetMissing,
        `${field}[${oi}]: no rendered ${ov.apiVersion ? `${ov.apiVersion} ` : ''}${ov.kind} named "${ov.name}"; rendered ${ov.kind} objects: ${same.length ? same.join(', ') : 'none'}`,
        { field: `${field}[${oi}]` },
      );
    }
    (ov.patches ?? []).forEach((p, pi) => applyPatch(target, p, `${field}[${oi}].patches[${pi}].path`));
    touched?.set(target, `${field}[${oi}]`);
  });
  return notes;
}
