/**
 * What protection means, as pure rules (no `vscode` import): a protected item is identified by the
 * cloud, region and project it lives in, its kind and its ID, so the same ID in another project is a
 * different item; a protected old-version job protects every one of its versions.
 */

/** Where an item lives: protection never carries over to another cloud, region or project. */
export interface ProtectionScope {
  readonly cloud: string;
  readonly region: string;
  readonly projectId: string;
}

/** What can be protected: an old-version job or version, or a new-version job. */
export type ProtectedKind = 'job' | 'version' | 'v2job';

/** One protectable item; a version names its job too. */
export type ProtectedItem =
  | { readonly kind: 'job'; readonly jobId: string }
  | { readonly kind: 'version'; readonly jobId: string; readonly versionId: string }
  | { readonly kind: 'v2job'; readonly jobId: string };

/** The stored key of an item: every part percent-encoded, so no ID can forge another's key. */
export function protectionKey(scope: ProtectionScope, item: ProtectedItem): string {
  const id = item.kind === 'version' ? `${item.jobId}/${item.versionId}` : item.jobId;
  return [scope.cloud, scope.region, scope.projectId, item.kind, ...id.split('/')].map(encodeURIComponent).join('|');
}

/** The keys whose presence protects `item`: its own, and for a version its job's. */
export function protectingKeys(scope: ProtectionScope, item: ProtectedItem): string[] {
  const own = protectionKey(scope, item);
  return item.kind === 'version' ? [own, protectionKey(scope, { kind: 'job', jobId: item.jobId })] : [own];
}

/** The scope of a connection: its cloud, region and project. */
export function scopeOf(connection: ProtectionScope): ProtectionScope {
  return { cloud: connection.cloud, region: connection.region, projectId: connection.projectId };
}

/** How an item is named in a refusal: `version "V0003" (ID 278615)`, `training job "mnist" (ID 182626)`. */
export function protectedRefusal(what: string, byJob: boolean): string {
  return byJob
    ? `Nothing was deleted: ${what} belongs to a protected training job. Unprotect the job first (right-click it → Unprotect).`
    : `Nothing was deleted: ${what} is protected. Unprotect it first (right-click it → Unprotect).`;
}
