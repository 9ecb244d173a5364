// Public surface of src/pki: X.509 parsing, OpenSSL-compatible path validation with explanations,
// Envoy/istioctl secret extraction, rootca comparison and plug-in CA issuance. Pure except node:crypto.
export { parseCertificate, displayName, signatureValid, KU, EKU, type CertInfo, type San } from './certificate.js';
export { readCertificates, parsePemBlocks, toPem, type PemBlock, type CertificateInput } from './pem.js';
export { verifyChain, likelyIssued, type VerifyInput, type VerifyResult, type Problem, type Purpose } from './verify.js';
export { verifyPem, type VerifyPemInput, type VerifyPemResult } from './verify-pem.js';
export { OPENSSL_REASONS } from './explain.js';
export { createCertificate, keyIdentifier, type CertSpec } from './issue.js';
export { encodeNameConstraints, type NameConstraints, type Subtree } from './name-constraints.js';
export { parseSecretDump, workloadSecrets, rootsPem, type DumpSecret, type SecretDump } from './config-dump.js';
export { formatSecretTable, secretRows, goTabwriter, type SecretRow } from './secret-table.js';
export {
  compareRoots,
  groupByRoots,
  parseRoots,
  parseWorkloadRoots,
  summarizeRoot,
  type RootCompare,
  type RootGroup,
  type RootGrouping,
  type RootSummary,
  type WorkloadRoots,
} from './rootca.js';
export {
  createRootCa,
  issueIntermediate,
  rotateIntermediate,
  intermediateStatus,
  type IntermediateStatus,
  checkPluginCaBundle,
  cacertsSecret,
  generateCaKey,
  readPrivateKey,
  PLUGIN_CA_FILES,
  type CaMaterial,
  type PluginCaBundle,
  type CaOptions,
  type CaKeyType,
} from './ca.js';
export { describeCertificate, type CertDescription } from './describe.js';
export {
  verifyWith,
  VERIFIER_CHOICES,
  VERIFIER_LABELS,
  type VerifierChoice,
  type VerifierName,
  type VerdictRow,
  type Finding,
  type MultiVerifyInput,
  type MultiVerifyResult,
} from './verifiers.js';
export { verifyStrict, type StrictFinding, type StrictResult } from './strict.js';
export { STRICT_RULES, STRICT_VERIFIERS, verifierList, type StrictRule, type StrictVerifier } from './strict-rules.js';
export { hostnameMatchesRfc6125, hostnameMatchesOpenssl, parseIp, sanMatches } from './names.js';
export { parseVerifyFlags, verifiersReport, formatVerifiers, type RawVerifyFlags, type VerifyFlags } from './verify-report.js';
export { lintCertificates, formatLint, parseDuration, type LintFinding, type LintInput } from './lint.js';
