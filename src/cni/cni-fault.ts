import type { CniErrors, MeshErrorOptions } from '../api/index.js';

/** The name of an entry in the MB5xxx catalogue (src/api/errors/cni.ts). */
export type CniErrorName = keyof typeof CniErrors;

/** Title and fix of a catalogue entry, as the installer ships them next to the plugin. */
export type CniErrorTexts = Partial<Record<CniErrorName, { readonly code: string; readonly title: string; readonly fix: string }>>;

/**
 * The catalogue's codes by name. The plugin may not load src/api at run time: its index also pulls
 * the resource schemas (TypeBox, Ajv), half a megabyte that every pod start would parse (measured in
 * bench/results/cni.md). The type makes this map list every catalogue entry; a unit test checks each
 * code against the catalogue, so the two cannot drift. Titles and fixes come from the catalogue too:
 * the installer writes them beside the plugin (BinNames.errors).
 */
export const CNI_ERROR_CODES = {
  CniConfigInvalid: 'MB5000',
  CniEnvInvalid: 'MB5001',
  CniVersionUnsupported: 'MB5002',
  CniAnnotationInvalid: 'MB5003',
  CniInterceptionModeUnsupported: 'MB5004',
  CniIptablesFailed: 'MB5005',
  CniPodLookupFailed: 'MB5006',
  CniRulesMissing: 'MB5007',
  CniKubeconfigInvalid: 'MB5008',
  CniCommandUnknown: 'MB5009',
  CniNoPrimaryConfig: 'MB5100',
  CniPrimaryConfigInvalid: 'MB5101',
  CniConfigWriteFailed: 'MB5102',
  CniPluginSourceMissing: 'MB5103',
  CniInstallerFlagInvalid: 'MB5104',
  CniConfDirMissing: 'MB5105',
  CniPluginBroken: 'MB5106',
} as const satisfies Record<CniErrorName, string>;

/**
 * An error of the CNI area, named by its catalogue entry. Code in src/cni throws this instead of
 * MeshError (see CNI_ERROR_CODES for why); `meshbridge cni install` turns it into the catalogue's
 * MeshError, the plugin into a CNI error object.
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

  /** The catalogue code, e.g. `MB5003`. */
  get code(): string {
    return CNI_ERROR_CODES[this.errorName];
  }
}
