// Kubernetes' resource.Quantity grammar (k8s.io/apimachinery/pkg/api/resource/quantity.go):
//   <quantity> ::= <signedNumber><suffix>; <suffix> ::= <binarySI> | <decimalExponent> | <decimalSI>
// The same pattern CRD generators emit for Quantity fields, so the CRD and this check agree.
const NUMBER = String.raw`(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)`;

/** The regular expression a Kubernetes quantity matches (also printed into the CRD schemas). */
export const QUANTITY_PATTERN = String.raw`^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`;

const RE = new RegExp(`^([+-])?(${NUMBER})(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?${NUMBER}))?$`);

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Parses a quantity to its numeric value (approximate for huge values), or undefined when it is not one. */
export function parseQuantity(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  const m = RE.exec(input);
  if (!m) return undefined;
  const [, sign, num, bin, dec, exp] = m;
  let v = Number(num);
  if (bin) v *= BINARY[bin];
  else if (dec) v *= DECIMAL[dec];
  else if (exp !== undefined) {
    if (exp.includes('.')) return undefined; // Kubernetes accepts only integer exponents
    v *= 10 ** Number(exp);
  }
  return sign === '-' ? -v : v;
}

/** Why `input` is not a usable resource quantity, or undefined when it is one. */
export function quantityProblem(input: unknown): string | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return `must be a quantity such as 500m or 1Gi, got ${JSON.stringify(input)}`;
  const v = parseQuantity(input);
  if (v === undefined) return `"${String(input)}" is not a Kubernetes quantity (e.g. 500m, 2, 128Mi, 1Gi)`;
  if (v < 0) return `"${String(input)}" is negative; resource quantities must be zero or more`;
  return undefined;
}
