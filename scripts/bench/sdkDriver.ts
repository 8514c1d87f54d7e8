/**
 * The official Huawei Cloud Node SDK core (`@huaweicloud/huaweicloud-sdk-core`, a dev dependency) driven
 * the way its generated service clients drive it: an `HcClient` over its axios-based `DefaultHttpClient`,
 * `BasicCredentials` with AK/SK and project ID, and `sendRequest` with the option shape the generated
 * `ParamCreater`s build (`contentType: application/json`, path and query parameters, `data: {}`).
 *
 * `ClientBuilder.build()` is not used: in 3.1.211 it loads `http/DefaultUserAgent.js`, which requires
 * `uuid`, a package the SDK does not declare (so it is not installed), and writes an application-id file
 * under the home directory. What it does besides is exactly the two constructors below, so requests go
 * through the same signer, interceptors and axios instance as with the builder.
 */
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
import { DefaultHttpClient } from '@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import type { Logger } from '@huaweicloud/huaweicloud-sdk-core/logger';

/** Where the SDK sends its requests and the AK/SK it signs them with. */
export interface SdkDriverConfig {
  /** e.g. `http://127.0.0.1:PORT`: the SDK accepts plain HTTP. */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly projectId: string;
}

/** The two calls of the comparison workload, as the SDK answers them (the body plus `httpStatusCode`). */
export interface SdkDriver {
  listJobs(page: number, perPage: number): Promise<{ httpStatusCode?: number; jobs?: unknown[] }>;
  deleteVersion(jobId: string, versionId: string): Promise<{ httpStatusCode?: number; is_success?: boolean }>;
}

// The SDK logs every failed request at ERROR level with the full axios config (signed headers and any
// X-Security-Token included), so it must not log here. Failures still surface as its exceptions, and
// printing would cost the SDK time the project's client does not spend.
const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as Logger;

/** An SDK client for one endpoint and AK/SK, with the generated clients' request shapes. */
export function createSdkDriver(config: SdkDriverConfig): SdkDriver {
  const credential = new BasicCredentials()
    .withAk(config.accessKey)
    .withSk(config.secretKey)
    .withProjectId(config.projectId);
  const http = new DefaultHttpClient(
    { disableSslVerification: true, headers: { 'User-Agent': 'huaweicloud-usdk-nodejs/3.0' }, logger: silentLogger },
    [config.endpoint],
  );
  const client = new HcClient(http).withCredential(credential).withEndpoints([config.endpoint]);
  return {
    listJobs: (page, perPage) => client.sendRequest({
      method: 'GET',
      url: '/v1/{project_id}/training-jobs',
      contentType: 'application/json',
      queryParams: { per_page: perPage, page, sortBy: 'job_name', order: 'asc' },
      pathParams: {},
      headers: {},
      data: {},
    }),
    deleteVersion: (jobId, versionId) => client.sendRequest({
      method: 'DELETE',
      url: '/v1/{project_id}/training-jobs/{job_id}/versions/{version_id}',
      contentType: 'application/json',
      queryParams: {},
      pathParams: { job_id: jobId, version_id: versionId },
      headers: {},
      data: {},
    }),
  };
}

/** The request the SDK signer sees for a list-jobs call, in its own input shape. */
/** A request in the shape `AKSKSigner.sign` reads: the full URL without query as `endpoint`, the query as a map. */
export interface SdkSignInput {
  readonly endpoint: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly queryParams: Record<string, string>;
}

/** A reusable credential for tight loops, so the loop measures signing and not object creation. */
export function sdkSigner(accessKey: string, secretKey: string): (input: SdkSignInput) => string {
  const credential = new BasicCredentials().withAk(accessKey).withSk(secretKey);
  return input => (AKSKSigner.sign({ ...input, headers: { ...input.headers } } as never, credential) as Record<string, string>).Authorization;
}
