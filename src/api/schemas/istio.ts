import { OpenObject } from './common.js';

/**
 * DIRECT-mode Istio objects: the envelope is checked here, the spec is accepted as an object and
 * validated against Istio's own CRD schemas by translate's validator.
 */
export const IstioSpec = OpenObject('Istio spec, validated against the Istio CRD schema');
