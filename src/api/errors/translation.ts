import type { ErrorDef } from './error-def.js';

// MB3011–MB3099: translation of TSB configuration into Istio objects (issue #18).
// These codes appear in resource statuses (events) and as `tctl apply` / `tctl validate` warnings;
// the HTTP status is what an edge would answer if one were ever raised as an error.
export const TranslationErrors = {
  FieldNotTranslated: {
    code: 'MB3011',
    name: 'FieldNotTranslated',
    status: 422,
    title: 'A field is accepted but not translated',
    fix: 'Remove the field named in the warning, or accept that meshbridge does not apply it yet (docs/translation.md lists every field and what it produces); the resource status stays PARTIAL while the field is set.',
  },
  SecurityFailClosed: {
    code: 'MB3012',
    name: 'SecurityFailClosed',
    status: 422,
    title: 'A security field cannot be enforced: traffic is denied',
    fix: 'The named field cannot be enforced as written, so meshbridge denies the affected workloads instead of leaving them open: remove or correct the field (see the reason in the status and docs/translation.md).',
  },
  UnknownTargetCluster: {
    code: 'MB3013',
    name: 'UnknownTargetCluster',
    status: 422,
    title: 'A gateway names a cluster that does not exist',
    fix: 'Create the Cluster (`tctl apply` a Cluster resource) or correct the name in `clusters[].name`; traffic is not sent to a cluster that does not exist.',
  },
  TrustDomainUnknown: {
    code: 'MB3014',
    name: 'TrustDomainUnknown',
    status: 503,
    title: "A cluster's trust domain is unknown",
    fix: "Run a current agent (it reports istiod's trust domain from the `istio` ConfigMap in istio-system, or `trustDomain:` in a file inventory) or set `spec.trustDomain` on the Cluster; until then identities that need it are denied.",
  },
  UnresolvedReference: {
    code: 'MB3015',
    name: 'UnresolvedReference',
    status: 422,
    title: 'An authorization rule names an FQN that does not exist',
    fix: 'Correct `from.fqn` / `to.fqn` to an existing tenant, workspace or group FQN; a deny rule that cannot be resolved denies all traffic to its target.',
  },
  ExtAuthzUriInvalid: {
    code: 'MB3016',
    name: 'ExtAuthzUriInvalid',
    status: 400,
    title: 'An external authorization URI is not one istiod can declare',
    fix: 'Give the authorization service as grpc://HOST:PORT (envoyExtAuthzGrpc) or http://HOST[:PORT][/PATH] (envoyExtAuthzHttp), the same URI as `authorization.http.external.uri` in the settings that use it.',
  },
  ProfileNotFound: {
    code: 'MB3050',
    name: 'ProfileNotFound',
    status: 422,
    title: 'A resource lists a Profile that does not exist',
    fix: 'Create the Profile (`tctl apply` a profile.tsb.tetrate.io/v2 Profile at that FQN) or remove the FQN from `profiles`; until then its mandates cannot be enforced, so the security settings that list it deny their workloads (traffic settings stay PARTIAL).',
  },
  ProfileMandateConflict: {
    code: 'MB3051',
    name: 'ProfileMandateConflict',
    status: 422,
    title: 'Two profiles in one list mandate the same field differently',
    fix: "The earlier profile in the list keeps its mandate (a mandate cannot be relaxed by a later profile). Remove the field from the later profile's mandates, or reorder `profiles` if the later value is the one you mean.",
  },
  // MB3070–MB3098 (issue #18 review, branch i18c): fail-closed matches and STRICTER authorization.
  MatchKeyNotTranslated: {
    code: 'MB3070',
    name: 'MatchKeyNotTranslated',
    status: 422,
    title: 'A route match condition has a key translation does not understand: the condition is left out',
    fix: 'Correct the key named in the status (a gateway match takes uri and headers; a ServiceRoute match name, uri, headers and port; each uri/header is one of exact, prefix or regex) and apply again; until then the condition matches nothing, and a rule whose every condition is left out routes nothing (its host answers 503).',
  },
  StricterNotNarrower: {
    code: 'MB3071',
    name: 'StricterNotNarrower',
    status: 422,
    title: 'Under propagationStrategy STRICTER, an authorization mode is wider than (or cannot be combined with) the inherited one',
    fix: 'Under STRICTER a lower level may only narrow who may call: pick a mode that allows no more than the inherited one (NAMESPACE within GROUP within WORKSPACE within CLUSTER; CUSTOM accounts or RULES within it), or set propagationStrategy REPLACE on the level above; meanwhile both modes apply (a caller must satisfy each), and CUSTOM vs RULES keeps the inherited mode.',
  },
  KeyNotRead: {
    code: 'MB3072',
    name: 'KeyNotRead',
    status: 422,
    title: 'A key inside a loosely typed field is not read by translation',
    fix: 'Remove or correct the key named in the status (docs/translation.md lists the keys read, e.g. resilience.keepAlive.tcp.{probes, time, interval}); the resource stays PARTIAL while it is set.',
  },
} as const satisfies Record<string, ErrorDef>;
