/** What a row stands for when it is protected or unprotected: where it lives, and which item it is. */
import type { Protections } from '../actions/protections';
import type { ProtectedItem, ProtectionScope } from '../model/protection';
import type { Protection } from './render';
import type { JobNode } from './jobNode';
import type { V2JobNode } from './v2JobNode';
import type { VersionNode } from './versionNode';

/** The scope (cloud, region, project of the connection it was listed with) and the item of a row. */
export function nodeTarget(node: JobNode | VersionNode | V2JobNode): { readonly scope: ProtectionScope; readonly item: ProtectedItem } {
  const job = node.kind === 'version' ? node.parent : node;
  const { cloud, region, projectId } = job.connection;
  const scope = { cloud, region, projectId };
  switch (node.kind) {
    case 'version':
      return { scope, item: { kind: 'version', jobId: node.version.jobId, versionId: node.version.versionId } };
    case 'job':
      return { scope, item: { kind: 'job', jobId: node.job.jobId } };
    default:
      return { scope, item: { kind: 'v2job', jobId: node.job.jobId } };
  }
}

/** Whether a row is protected, by itself (`own`) or, a version, by its job (`job`). */
export function rowProtection(protections: Pick<Protections, 'isOwnProtected' | 'isProtected'> | undefined, node: JobNode | VersionNode | V2JobNode): Protection {
  const target = nodeTarget(node);
  if (!protections) {
    return undefined;
  }
  return protections.isOwnProtected(target.scope, target.item) ? 'own' : protections.isProtected(target.scope, target.item) ? 'job' : undefined;
}
