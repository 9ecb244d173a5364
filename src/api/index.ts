// Public surface of src/api: resource kinds, FQN grammar and the error catalogue. Pure.
export * from './errors/index.js';
export * from './kinds.js';
export * from './fqn.js';
export * from './schemas/index.js';
export { decodeEnvelopeKeys, looksLikeEnvelope, ENVELOPE_KEYS, METADATA_KEYS } from './decode-envelope.js';
export { nearest, editDistance } from './nearest.js';
