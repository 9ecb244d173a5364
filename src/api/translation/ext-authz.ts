/**
 * The istiod extension provider an external authorization URI needs (issue #18). Istio's
 * `action: CUSTOM` names a provider declared in istiod's `meshConfig.extensionProviders`;
 * translation names it after the URI (so every setting pointing at one service shares it) and
 * `tctl install manifest control-plane --ext-authz URI --istiod-values FILE` renders the
 * declaration. Shared here so both sides derive the same name.
 */
import { fnv1a } from '../naming.js';
import { MeshError } from '../errors/mesh-error.js';
import { TranslationErrors } from '../errors/translation.js';

/** The provider name translation writes into `provider.name` for `uri`. */
export function extAuthzProvider(uri: string): string {
  return `meshbridge-ext-authz-${fnv1a(uri)}`;
}

/** One `meshConfig.extensionProviders[]` entry (Istio MeshConfig.ExtensionProvider). */
export interface ExtensionProvider {
  readonly name: string;
  readonly envoyExtAuthzGrpc?: { readonly service: string; readonly port: number };
  readonly envoyExtAuthzHttp?: { readonly service: string; readonly port: number; readonly pathPrefix?: string };
}

/**
 * The provider declaration for a TSB `authorization.http.external.uri` (`grpc://host:port` or
 * `http://host[:port][/path]`). Throws MB3016 naming `field` for anything else.
 */
export function extensionProviderFor(uri: string, field: string): ExtensionProvider {
  const m = /^(grpc|http):\/\/([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(?::([0-9]{1,5}))?(\/[^\s?#]*)?$/.exec(uri);
  const port = m ? Number(m[4] ?? 80) : 0;
  if (!m || port < 1 || port > 65535 || (m[1] === 'grpc' && (m[4] === undefined || (m[5] ?? '/') !== '/')))
    throw new MeshError(TranslationErrors.ExtAuthzUriInvalid, `${field}: "${uri}" is not grpc://HOST:PORT or http://HOST[:PORT][/PATH]`, { field });
  const name = extAuthzProvider(uri);
  if (m[1] === 'grpc') return { name, envoyExtAuthzGrpc: { service: m[2], port } };
  const path = m[5] && m[5] !== '/' ? m[5] : undefined;
  return { name, envoyExtAuthzHttp: { service: m[2], port, ...(path ? { pathPrefix: path } : {}) } };
}
