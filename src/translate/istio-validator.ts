import { Ajv, type ValidateFunction } from 'ajv';
import { ISTIO_SCHEMAS } from '../gen/istio-schemas.js';
import { compileRule } from './cel-rules.js';

/** One schema violation: where in the object and what is wrong. */
export interface IstioViolation {
  readonly path: string;
  readonly message: string;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(key: string): ValidateFunction | undefined {
  let fn = compiled.get(key);
  if (!fn) {
    const schema = ISTIO_SCHEMAS[key];
    if (!schema) return undefined;
    fn = ajv.compile(schema as object);
    compiled.set(key, fn);
  }
  return fn;
}

/**
 * Validates an Istio object against the openAPIV3 schema of its CRD (generated into src/gen from
 * Istio's crd-all.gen.yaml). CEL rules (`x-kubernetes-validations`) are not evaluated: what the
 * schema's structure, types, enums, patterns and oneOfs can tell is caught, the rest is not.
 */
export function validateIstioObject(o: { apiVersion?: unknown; kind?: unknown; spec?: unknown }): IstioViolation[] {
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const fn = validatorFor(`${apiVersion}/${kind}`);
  if (!fn) return [{ path: 'apiVersion', message: `no Istio CRD for ${apiVersion} ${kind}` }];
  const doc = { ...o, spec: o.spec ?? {} };
  if (!fn(doc)) return (fn.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'invalid' }));
  const out: IstioViolation[] = [];
  checkRules(ISTIO_SCHEMAS[`${apiVersion}/${kind}`], doc, '', out);
  return out;
}

interface RuleSchema {
  'x-kubernetes-validations'?: { rule: string; message?: string }[];
  properties?: Record<string, RuleSchema>;
  items?: RuleSchema;
  additionalProperties?: RuleSchema | boolean;
}

/** Walks schema and value together, evaluating the CRD's CEL rules that cel-rules.ts knows. */
function checkRules(schema: unknown, value: unknown, path: string, out: IstioViolation[]): void {
  if (schema === null || typeof schema !== 'object' || value === undefined || value === null) return;
  const s = schema as RuleSchema;
  for (const r of s['x-kubernetes-validations'] ?? []) {
    const check = compileRule(r.rule);
    if (check && !check(value)) out.push({ path: path || '/', message: r.message ?? `failed rule ${r.rule}` });
  }
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => checkRules(s.items, v, `${path}/${i}`, out));
    return;
  }
  if (typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    const sub = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    if (sub) checkRules(sub, v, `${path}/${k}`, out);
  }
}

/** True when an Istio CRD schema exists for apiVersion/kind. */
export function isKnownIstioKind(apiVersion: string, kind: string): boolean {
  return ISTIO_SCHEMAS[`${apiVersion}/${kind}`] !== undefined;
}
