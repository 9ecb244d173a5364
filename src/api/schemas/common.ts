import { Type, type TSchema, type TObject, type TProperties } from '@sinclair/typebox';

/**
 * Building blocks shared by every kind's schema. Objects are closed (`additionalProperties: false`)
 * so a misspelt field is reported instead of silently ignored; subtrees whose full TSB shape is
 * policy-engine detail (WAF rules, rate-limit descriptors, Istio specs) are open objects.
 */

/** Closed object: unknown fields are rejected. */
export function Closed<T extends TProperties>(props: T, description?: string): TObject<T> {
  return Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
}

/** An object whose inner shape is not checked here (documented per use). */
export const OpenObject = (description: string): TSchema => Type.Record(Type.String(), Type.Unknown(), { description });

/** String enum (TSB's enums are proto enum names, matched exactly). */
export function Enum<T extends string>(values: readonly T[], description?: string): TSchema {
  // A plain JSON Schema enum (not a union of literals) so a bad value yields one clear error.
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
}

export const Str = (description?: string, maxLength = 4096): TSchema => Type.String({ maxLength, ...(description ? { description } : {}) });
export const Bool = (description?: string): TSchema => Type.Boolean(description ? { description } : {});
export const Port = (): TSchema => Type.Integer({ minimum: 1, maximum: 65535, description: 'a port number 1-65535' });
export const StringMap = (description: string): TSchema => Type.Record(Type.String({ maxLength: 317 }), Type.String({ maxLength: 4096 }), { description });
export const List = (item: TSchema, description?: string): TSchema => Type.Array(item, { maxItems: 10000, ...(description ? { description } : {}) });
/** A duration as proto JSON writes it (`30s`, `1.5s`, `10m`, `1h`). */
export const Duration = (description = 'a duration such as 30s, 10m or 1h'): TSchema =>
  Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$', description, maxLength: 64 });

/** DNS-1123-ish resource name (same grammar as FQN segments). */
export const Name = Type.String({
  pattern: '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$',
  maxLength: 253,
  description: 'lowercase letters, digits, - and ., starting and ending with a letter or digit',
});

/** One `cluster/namespace` selector entry; either side may be `*` or a `prefix*` glob. */
export const SelectorEntry = Type.String({
  pattern: '^(\\*|[a-z0-9][-a-z0-9.]{0,252}\\*?)/(\\*|[a-z0-9][-a-z0-9.]{0,62}\\*?)$',
  maxLength: 320,
  description: '"<cluster>/<namespace>" where either side is a name, "*" or a prefix glob like "ns*"',
});

export const NamespaceSelectorSchema = Closed(
  { names: Type.Array(SelectorEntry, { minItems: 1, maxItems: 1000, description: 'cluster/namespace entries' }) },
  'namespaces selected, as cluster/namespace with * globs',
);

/** Fields every TSB object spec may carry (name/fqn/etag are echoed by `tctl get -o yaml`). */
export const CommonSpec = {
  displayName: Type.Optional(Str('human-readable name', 256)),
  description: Type.Optional(Str('free text')),
  fqn: Type.Optional(Str('fully-qualified name (output; ignored on input)', 2048)),
  etag: Type.Optional(Str('version tag (input on replace)', 256)),
  deletionProtectionEnabled: Type.Optional(Bool('refuse deletion unless forced')),
  profiles: Type.Optional(
    List(
      Type.String({
        pattern: '^organizations/[^/]+(/tenants/[^/]+(/workspaces/[^/]+)?)?/profiles/[^/]+$',
        maxLength: 2048,
        description: 'FQN of a Profile: organizations/<org>[/tenants/<tenant>[/workspaces/<ws>]]/profiles/<name>',
      }),
      'FQNs of profiles applied, in evaluation order',
    ),
  ),
  configGenerationMetadata: Type.Optional(Closed({ labels: Type.Optional(StringMap('labels')), annotations: Type.Optional(StringMap('annotations')) })),
} satisfies TProperties;

/** Spec of a kind with no extra fields beyond the common ones. */
export function SpecOf<T extends TProperties>(props: T): TObject<T & typeof CommonSpec> {
  return Closed({ ...CommonSpec, ...props });
}

/** TSB's envelope metadata; only the ancestors a kind needs are used. */
export const Metadata = Closed({
  name: Name,
  organization: Type.Optional(Name),
  tenant: Type.Optional(Name),
  workspace: Type.Optional(Name),
  group: Type.Optional(Name),
  namespace: Type.Optional(Str('Kubernetes namespace (DIRECT-mode Istio objects)', 63)),
  fqn: Type.Optional(Str('fully-qualified name', 2048)),
  displayName: Type.Optional(Str('human-readable name', 256)),
  description: Type.Optional(Str('free text')),
  resourceVersion: Type.Optional(Str('etag of the version read', 256)),
  labels: Type.Optional(StringMap('labels')),
  annotations: Type.Optional(StringMap('annotations')),
});

/** The whole envelope around a spec schema. */
export function Envelope(spec: TSchema): TObject {
  return Closed({
    apiVersion: Type.String({ maxLength: 256 }),
    kind: Type.String({ maxLength: 128 }),
    metadata: Metadata,
    spec: Type.Optional(spec),
  });
}
