/** What a renderer needs besides the CR: the meshbridge version for image tags, and a place for warnings. */
export interface RenderContext {
  /** meshbridge version (the tctl doing the rendering); the default image tag. */
  readonly version: string;
  /** Human-readable notes for stderr (ignored fields, defaults chosen). */
  readonly warnings: string[];
}

/** The meshbridge image for a CR's hub/tag. */
export function meshbridgeImage(ctx: RenderContext, spec: { hub?: string; tag?: string }): string {
  return `${(spec.hub ?? 'docker.io/meshbridge').replace(/\/+$/, '')}/meshbridge:${spec.tag ?? ctx.version}`;
}
