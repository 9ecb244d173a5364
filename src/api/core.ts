// The light public surface of src/api: kinds, FQN grammar, namespace selectors and the error
// catalogue, without the TypeBox schemas and ajv that src/api/index.ts also exports. For code that
// must start fast (tctl's commands, the REST client); everything here is in index.ts too.
export * from './errors/index.js';
export * from './kinds.js';
export * from './fqn.js';
export { selectorMatches, selectorsOverlap, selectorCovers, findOverlap, globMatches, entryMatches, type NamespaceSelector } from './schemas/selector.js';
export { decodeEnvelopeKeys, looksLikeEnvelope, ENVELOPE_KEYS, METADATA_KEYS } from './decode-envelope.js';
export { nearest, editDistance } from './nearest.js';
