// Public surface of src/store: the Store contract and its backends.
export type * from './store.js';
