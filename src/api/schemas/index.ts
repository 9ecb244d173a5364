// The schemas entry of src/api: TypeBox schemas of every kind, ajv validation, and request bodies →
// validated resources. Heavy (TypeBox and ajv load with it): only the server and `tctl validate`
// import it; everything else uses the light ../index.ts.
export { validateResource, fromCreateBody, fromUpdateBody, type ValidResource } from './envelope.js';
export { specSchema } from './registry.js';
export { Envelope as envelopeSchema, Metadata as metadataSchema, NamespaceSelectorSchema } from './common.js';
export { fieldPath } from './validate.js';
export * as schemas from './kinds-schemas.js';
