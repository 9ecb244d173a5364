import { objectKey, validateIstioObject, type IstioObject } from '../../translate/index.js';

/** First Istio schema/CEL violation of an object, memoised per object instance ('' when valid). */
const verdicts = new WeakMap<IstioObject, string>();
export function violation(o: IstioObject): string {
  let v = verdicts.get(o);
  if (v === undefined) {
    const found = validateIstioObject(o)[0];
    v = found ? `${objectKey(o)}: invalid ${o.kind} at ${found.path}: ${found.message}` : '';
    verdicts.set(o, v);
  }
  return v;
}
