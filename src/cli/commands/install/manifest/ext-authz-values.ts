import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { extensionProviderFor, type ExtensionProvider } from '../../../../api/index.js';
import { formatYaml, UsageError, type Io } from '../../../../command/index.js';

/**
 * `tctl install manifest control-plane --ext-authz URI --istiod-values FILE` (issue #18): the
 * istiod mesh-config extension providers that SecuritySetting / gateway external authorization
 * (`action: CUSTOM`, provider `meshbridge-ext-authz-<hash of the URI>`) needs. meshbridge does not
 * install istiod, so they are written as istiod Helm values (`meshConfig.extensionProviders`), not
 * applied: `helm upgrade istiod istio/istiod -f FILE` (or the same block under an IstioOperator's
 * spec.meshConfig). Without the declaration Istio denies the requests the policy covers.
 */
export const EXT_AUTHZ_OPTIONS = {
  'ext-authz': {
    type: 'string' as const,
    multiple: true,
    value: 'URI',
    description:
      'external authorization URI used by SecuritySettings or gateways (grpc://HOST:PORT or http://HOST[:PORT][/PATH]); repeatable; needs --istiod-values',
  },
  'istiod-values': {
    type: 'string' as const,
    value: 'FILE',
    description: 'write the istiod Helm values declaring the --ext-authz providers (meshConfig.extensionProviders) to FILE',
  },
};

export interface ExtAuthzRequest {
  readonly providers: readonly ExtensionProvider[];
  readonly file: string;
}

/** Checks the flags before anything is rendered or written (both or neither; every URI valid). */
export function extAuthzRequest(uris: unknown, file: unknown): ExtAuthzRequest | undefined {
  const list = Array.isArray(uris) ? uris.filter((u): u is string => typeof u === 'string') : [];
  const out = typeof file === 'string' && file.length > 0 ? file : undefined;
  if (list.length === 0 && !out) return undefined;
  if (!out) throw new UsageError('--ext-authz needs --istiod-values FILE (where the istiod Helm values are written)');
  if (list.length === 0) throw new UsageError('--istiod-values needs at least one --ext-authz URI');
  const seen = new Map<string, ExtensionProvider>();
  for (const u of list) seen.set(u, extensionProviderFor(u, '--ext-authz'));
  return { providers: [...seen.values()], file: out };
}

/** Writes the values file (after the manifests rendered without error). */
export async function writeIstiodValues(req: ExtAuthzRequest, io: Io): Promise<void> {
  const header =
    '# istiod Helm values: helm upgrade istiod istio/istiod -n istio-system --reuse-values -f THIS_FILE\n' +
    '# Helm replaces lists: merge these entries with any extensionProviders istiod already declares.\n';
  await writeFile(resolve(io.cwd, req.file), header + formatYaml([{ meshConfig: { extensionProviders: req.providers } }]));
}
