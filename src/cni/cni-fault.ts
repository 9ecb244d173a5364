import type { CniErrors, MeshErrorOptions } from '../api/index.js';

/** The name of an entry in the MB5xxx catalogue (src/api/errors/cni.ts). */
export type CniErrorName = keyof typeof CniErrors;

/**
 * An error of the CNI area, named by its catalogue entry. The plugin throws this instead of MeshError
 * because the catalogue lives in src/api, whose index also loads the resource schemas (TypeBox, Ajv):
 * evaluating that on every pod start would triple the plugin's start-up. The edge turns a fault into
 * the catalogue's MeshError with {@link toMeshError}, loading src/api only when there is an error.
 */
export class CniFault extends Error {
  readonly errorName: CniErrorName;
  readonly opts: MeshErrorOptions;

  constructor(errorName: CniErrorName, message: string, opts: MeshErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = errorName;
    this.errorName = errorName;
    this.opts = opts;
  }
}

/** Converts a CniFault into the catalogue's MeshError (anything else is returned unchanged). */
export async function toMeshError(e: unknown): Promise<unknown> {
  if (!(e instanceof CniFault)) return e;
  const { CniErrors, MeshError } = await import('../api/index.js');
  return new MeshError(CniErrors[e.errorName], e.message, e.opts);
}
