/**
 * Request authentication (JWT) and external authorization, shared by SecuritySetting (sidecars)
 * and the gateways. TSB: refs/tsb/security/v2/security_setting (`authenticationSettings.http`,
 * `authorization.http.external`), refs/tsb/auth/v2/auth; terraform-provider-tsb
 * docs/resources/security_security_setting.md.
 */
import type { ConfigResource, IstioObject } from './model.js';
import { dnsName, extAuthzProvider } from '../api/index.js';
import { SECURITY, makeObject } from './naming.js';
import { type Obj, boolValue, list, obj, str, strings } from './values.js';

/** Where policies go: a namespace, optionally a workload selector and the hosts a server serves. */
export interface PolicyTarget {
  readonly name: string;
  readonly namespace: string;
  readonly source: Pick<ConfigResource, 'fqn'>;
  readonly selector?: Obj;
  readonly hosts?: readonly string[];
}

/** One TSB JWT rule → one Istio `jwtRules` entry (same field names, the subset Istio has). */
function jwtRule(j: Obj): Obj | undefined {
  const issuer = str(j.issuer);
  if (!issuer) return undefined;
  const out: Obj = { issuer };
  for (const k of ['jwksUri', 'jwks', 'outputPayloadToHeader']) if (str(j[k])) out[k] = j[k];
  const audiences = strings(j.audiences);
  if (audiences.length > 0) out.audiences = audiences;
  const fromHeaders = list(j.fromHeaders)
    .filter((h) => str(h.name))
    .map((h) => ({ name: h.name, ...(str(h.prefix) ? { prefix: h.prefix } : {}) }));
  if (fromHeaders.length > 0) out.fromHeaders = fromHeaders;
  const fromCookies = strings(j.fromCookies);
  if (fromCookies.length > 0) out.fromCookies = fromCookies;
  const claims = list(j.outputClaimToHeaders)
    .filter((c) => str(c.header) && str(c.claim))
    .map((c) => ({ header: c.header, claim: c.claim }));
  if (claims.length > 0) out.outputClaimToHeaders = claims;
  return out;
}

function selectorOf(t: PolicyTarget): Obj {
  return t.selector ? { selector: { matchLabels: t.selector } } : {};
}

/**
 * `jwt` and `rules.jwt[]` → one RequestAuthentication (a token, when present, must satisfy one
 * rule — TSB: "an HTTP request without a JWT Token attached to it will NOT be rejected based on
 * the rules"); `requireJwt` → a DENY policy for requests without a request principal, so a
 * missing token is rejected whatever ALLOW policies say (an ALLOW policy would be OR-ed with
 * the authorization mode's ALLOW policy and widen it).
 */
export function authenticationObjects(http: Obj, t: PolicyTarget): IstioObject[] {
  const rules = [obj(http.jwt), ...list(obj(http.rules).jwt)].map(jwtRule).filter((r): r is Obj => r !== undefined);
  if (rules.length === 0) return [];
  const out = [makeObject(SECURITY, 'RequestAuthentication', t.name, t.namespace, t.source, { ...selectorOf(t), jwtRules: rules })];
  if (boolValue(http.requireJwt)) {
    const to = t.hosts ? { to: [{ operation: { hosts: [...t.hosts] } }] } : {};
    out.push(
      makeObject(SECURITY, 'AuthorizationPolicy', dnsName([t.name, 'require-jwt']), t.namespace, t.source, {
        ...selectorOf(t),
        action: 'DENY',
        rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], ...to }],
      }),
    );
  }
  return out;
}

/** `authorization.http.external` → an AuthorizationPolicy with `action: CUSTOM` and its provider. */
export function externalAuthorization(external: Obj, t: PolicyTarget): IstioObject[] {
  const uri = str(external.uri);
  if (!uri) return [];
  const rule = t.hosts ? { to: [{ operation: { hosts: [...t.hosts] } }] } : {};
  return [
    makeObject(SECURITY, 'AuthorizationPolicy', dnsName([t.name, 'ext-authz']), t.namespace, t.source, {
      ...selectorOf(t),
      action: 'CUSTOM',
      provider: { name: extAuthzProvider(uri) },
      rules: [rule],
    }),
  ];
}
