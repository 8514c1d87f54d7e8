/**
 * The shared ModelArts client: everything the extension needs to talk to ModelArts, and nothing
 * that depends on VS Code. Import from here, not from the individual files.
 */
import { ModelArtsError } from './errors';
import { ModelArtsClient } from './modelArtsClient';
import type { ClientConfig, ModelArtsApi, SdkResult } from './types';

export * from './types';
export * from './v2Types';
export { V2_MAX_BATCH, V2_MAX_LIMIT } from './v2Client';
export * from './errors';
export * from './endpoints';
export { canonicalQueryString, encodeRfc3986, signRequest } from './signer';
export { mapLimit, sleep } from './async';
export { deleteV2Jobs, deleteVersions, type BulkOptions, type DeleteJobResult, type DeleteVersionResult, type DeleteVersionsOptions, type VersionRef } from './bulk';
export { nonPrintableAt } from './ids';
export { fetchEmulatorInfo, loopbackOrigin, type EmulatorInfo } from './emulatorInfo';
export { ModelArtsClient };

/** Builds a client for `config`; throws `ConfigurationError` for a bad configuration, sending nothing. */
export function createClient(config: ClientConfig): ModelArtsApi {
  return new ModelArtsClient(config);
}

/**
 * The SDK's result shape for an operation such as `deleteVersion`: `{is_success: true}` when it
 * resolves, `{is_success: false, error_code?, error_msg}` when it fails with a `ModelArtsError`
 * (`error_code` is the service's code, absent for failures without one, such as network errors).
 * Any other rejection (a bug, not an API outcome) is passed on.
 */
export async function toSdkResult(operation: Promise<void>): Promise<SdkResult> {
  try {
    await operation;
    return { is_success: true };
  } catch (err) {
    if (!(err instanceof ModelArtsError)) {
      throw err;
    }
    return err.errorCode !== undefined
      ? { is_success: false, error_code: err.errorCode, error_msg: err.message }
      : { is_success: false, error_msg: err.message };
  }
}
