// TLS material of the management plane: a generated CA + server certificate, or given files.
export { ensureTlsMaterial, loadTlsFiles, tlsPaths, wantedNames, type TlsMaterial } from './tls-material.js';
