// What translation does with each TSB field: shared by tctl warnings, server status and translate.
export { FIELD_SUPPORT, fieldDeclarations, untranslatedFields, describeNote, type FieldDecl, type FieldNote, type FieldSupport } from './support.js';
export { extAuthzProvider, extensionProviderFor, type ExtensionProvider } from './ext-authz.js';
