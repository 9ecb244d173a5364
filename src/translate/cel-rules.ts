/**
 * The CEL rules (`x-kubernetes-validations`) of Istio's CRDs, evaluated for the rule texts Istio
 * uses — not a CEL interpreter: each known rule text maps to a TypeScript predicate, and a rule not
 * in the table is reported as unsupported (skipped) rather than guessed.
 */
type Check = (self: unknown) => boolean;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (v: unknown, k: string): boolean => isObj(v) && v[k] !== undefined && v[k] !== null;
const keys = (v: unknown): string[] => (isObj(v) ? Object.keys(v) : []);
const size = (v: unknown): number => (typeof v === 'string' || Array.isArray(v) ? v.length : isObj(v) ? Object.keys(v).length : 0);
const str = (v: unknown, k: string): string => (isObj(v) && typeof v[k] === 'string' ? (v[k] as string) : '');

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go/CEL duration text (`1h2m3.5s`, `100ms`) → milliseconds; NaN when it is not a duration. */
export function durationMs(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  if (!/^(\d+(?:\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return Number.NaN;
  let total = 0;
  for (const m of text.matchAll(re)) total += Number(m[1]) * UNITS[m[2]];
  return total;
}

function scheme(url: string): string | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(url);
  return m ? m[1].toLowerCase() : undefined;
}

const unixPath = (v: unknown): string => (typeof v === 'string' && v.startsWith('unix://') ? v.slice(7) : '');

const EXACT: Readonly<Record<string, Check>> = {
  "duration(self) >= duration('1ms')": (s) => typeof s !== 'string' || durationMs(s) >= 1,
  '!self.contains("*")': (s) => typeof s !== 'string' || !s.includes('*'),
  'self != "*"': (s) => s !== '*',
  'self.size() == 0': (s) => size(s) === 0,
  'self.all(key, !key.contains("*"))': (s) => keys(s).every((k) => !k.includes('*')),
  'self.all(key, key.size() != 0)': (s) => keys(s).every((k) => k.length !== 0),
  '0 < self && self <= 65535': (s) => typeof s !== 'number' || (s > 0 && s <= 65535),
  'self.all(key, 0 < int(key) && int(key) <= 65535)': (s) => keys(s).every((k) => /^\d+$/.test(k) && Number(k) > 0 && Number(k) <= 65535),
  'self.all(key, size(key) < 63 && key.matches("^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$"))': (s) =>
    keys(s).every((k) => k.length < 63 && /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(k)),
  'has(self.address) || has(self.network)': (s) => has(s, 'address') || has(s, 'network'),
  'has(self.wasm) != has(self.lua)': (s) => has(s, 'wasm') !== has(s, 'lua'),
  'self in ["", "HTTP", "HTTPS"]': (s) => s === '' || s === 'HTTP' || s === 'HTTPS',
  'self.all(l1, self.exists_one(l2, l1.number == l2.number))': (s) => {
    const nums = Array.isArray(s) ? s.map((p) => (isObj(p) ? p.number : undefined)) : [];
    return new Set(nums).size === nums.length;
  },
  '(has(self.address) ? self.address : "").startsWith("unix://") ? !has(self.ports) : true': (s) =>
    !str(s, 'address').startsWith('unix://') || !has(s, 'ports'),
  'self.startsWith("unix://") ? (self.substring(7, 8) == "/" || self.substring(7, 8) == "@") : true': (s) =>
    !unixPath(s) || unixPath(s).startsWith('/') || unixPath(s).startsWith('@') || !(s as string).startsWith('unix://'),
  'self.startsWith("unix://") ? !self.endsWith("/") : true': (s) => typeof s !== 'string' || !s.startsWith('unix://') || !s.endsWith('/'),
  '(has(self.valueFrom) ? self.valueFrom : "") != "HOST" || !has(self.value)': (s) => str(s, 'valueFrom') !== 'HOST' || !has(s, 'value'),
  'url(self).getScheme() in ["http", "https"]': (s) => typeof s !== 'string' || ['http', 'https'].includes(scheme(s) ?? ''),
  '((has(self.operation) ? self.operation : "") == "UPSERT") ? (self.value != "") : true': (s) => str(s, 'operation') !== 'UPSERT' || str(s, 'value') !== '',
  '((has(self.operation) ? self.operation : "") == "REMOVE") ? !has(self.value) : true': (s) => str(s, 'operation') !== 'REMOVE' || !has(s, 'value'),
  '!((has(self.addresses) ? self.addresses : []).exists(k, k.contains("/")) && !((has(self.resolution) ? self.resolution : "NONE") in ["STATIC", "NONE"]))': (
    s,
  ) => {
    const cidr = isObj(s) && Array.isArray(s.addresses) && s.addresses.some((a) => typeof a === 'string' && a.includes('/'));
    return !cidr || ['STATIC', 'NONE'].includes(str(s, 'resolution') || 'NONE');
  },
  '((has(self.resolution) ? self.resolution : "NONE") == "NONE") ? !has(self.endpoints) : true': (s) =>
    (str(s, 'resolution') || 'NONE') !== 'NONE' || !has(s, 'endpoints'),
  '((has(self.resolution) ? self.resolution : "") == "DNS_ROUND_ROBIN") ? ((has(self.endpoints) ? self.endpoints : []).size() <= 1) : true': (s) =>
    str(s, 'resolution') !== 'DNS_ROUND_ROBIN' || size(isObj(s) ? s.endpoints : []) <= 1,
  '(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) && !has(self.notPrincipals) && !has(self.namespaces) && !has(self.notNamespaces)) : true':
    (s) =>
      !(has(s, 'serviceAccounts') || has(s, 'notServiceAccounts')) || !['principals', 'notPrincipals', 'namespaces', 'notNamespaces'].some((k) => has(s, k)),
  'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true': (s) =>
    !has(s, 'portLevelMtls') || size(isObj(s) && isObj(s.selector) ? s.selector.matchLabels : {}) > 0,
};

/** `(has(self.a) ? 1 : 0) + (has(self.b) ? 1 : 0) … <= 1`: at most one of the fields is set. */
const AT_MOST_ONE = /^(\(has\(self\.\w+\) \? 1 : 0\)( \+ )?)+ <= 1$/;

/** A predicate for a rule text, or undefined when the rule is not one meshbridge evaluates. */
export function compileRule(rule: string): Check | undefined {
  const text = rule.replace(/\s+/g, ' ').trim();
  const exact = EXACT[text];
  if (exact) return exact;
  if (AT_MOST_ONE.test(text)) {
    const fields = [...text.matchAll(/has\(self\.(\w+)\)/g)].map((m) => m[1]);
    return (s) => fields.filter((f) => has(s, f)).length <= 1;
  }
  const urlRule = /^isURL\(self\) \? \(url\(self\)\.getScheme\(\) in \[(.*?)\]\)/.exec(text);
  if (urlRule) {
    const allowed = [...urlRule[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    return (s) => typeof s !== 'string' || allowed.includes(scheme(s) ?? '');
  }
  return undefined;
}
