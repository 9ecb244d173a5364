import { Ajv, type ValidateFunction } from 'ajv';
import { ISTIO_SCHEMAS } from '../gen/istio-schemas.js';

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
  if (fn({ ...o, spec: o.spec ?? {} })) return [];
  return (fn.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'invalid' }));
}

/** True when an Istio CRD schema exists for apiVersion/kind. */
export function isKnownIstioKind(apiVersion: string, kind: string): boolean {
  return ISTIO_SCHEMAS[`${apiVersion}/${kind}`] !== undefined;
}
