// Public surface of src/api: resource kinds, FQN grammar and the error catalogue. Pure.
export * from './errors/index.js';
export * from './kinds.js';
export * from './fqn.js';
export * from './schemas/index.js';
export { toMessage, fromMessage, messageToEnvelope, CREATE_EXTRAS } from './message.js';
