// Resource schemas (TypeBox), validation, envelope normalisation and namespace selectors.
export { selectorMatches, selectorsOverlap, selectorCovers, findOverlap, globMatches, entryMatches, type NamespaceSelector } from './selector.js';
export { validateResource, fromCreateBody, fromUpdateBody, toEnvelope, type ValidResource, type ResourceLike } from './envelope.js';
export { specSchema, isIstioKind, apiGroup } from './registry.js';
export { Envelope as envelopeSchema, Metadata as metadataSchema, NamespaceSelectorSchema } from './common.js';
export { fieldPath, problemList } from './validate.js';
export * as schemas from './kinds-schemas.js';
export { decodeResource, decodeSpecFields, lowerCamel } from './decode.js';
