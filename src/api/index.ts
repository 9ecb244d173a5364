// The light public surface of src/api (pure, dependency-free): resource kinds, FQN grammar, where a
// resource lives (placement), namespace selectors, DNS-safe naming and canonical key order, and the
// error catalogue, and the sidecar readiness explainer (health/). The TypeBox schemas and ajv validation have their own entry: ./schemas/index.ts.
export * from './errors/index.js';
export * from './kinds.js';
export * from './fqn.js';
export * from './placement.js';
export * from './selector.js';
export * from './naming.js';
export * from './canonical.js';
export * from './health/index.js';
export * from './trust/index.js';
export * from './registry/index.js';
export * from './translation/index.js';
export { toMessage, fromMessage, messageToEnvelope, CREATE_EXTRAS } from './message.js';
export { decodeEnvelopeKeys, looksLikeEnvelope, ENVELOPE_KEYS, METADATA_KEYS } from './decode-envelope.js';
export { nearest, editDistance } from './nearest.js';
export type { RootRotationView, RotationClusterProgress, RotationCertSummary } from './root-rotation.js';
