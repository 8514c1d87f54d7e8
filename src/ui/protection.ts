/** What the deletion commands say about protected items, before they ask anything. */
import type { Protections } from '../actions/protections';
import type { TargetConnection } from '../model/connection';
import { protectedRefusal, scopeOf, type ProtectedItem } from '../model/protection';

/**
 * Why `item` (named `what`) is not deleted, when it is protected (by itself, or a version by its job);
 * undefined when it may be deleted.
 */
export function protectionRefusal(protections: Protections, connection: TargetConnection, item: ProtectedItem, what: string): string | undefined {
  const scope = scopeOf(connection);
  if (!protections.isProtected(scope, item)) {
    return undefined;
  }
  return protectedRefusal(what, !protections.isOwnProtected(scope, item));
}

/** The versions of a job that are protected by themselves (a job with any of them is not deleted). */
export function protectedVersionIds(protections: Protections, connection: TargetConnection, jobId: string, versionIds: readonly string[]): string[] {
  const scope = scopeOf(connection);
  return versionIds.filter(versionId => protections.isOwnProtected(scope, { kind: 'version', jobId, versionId }));
}
