// Resource schemas (TypeBox), validation, envelope normalisation and namespace selectors.
export { selectorMatches, selectorsOverlap, selectorCovers, findOverlap, globMatches, entryMatches, type NamespaceSelector } from './selector.js';
