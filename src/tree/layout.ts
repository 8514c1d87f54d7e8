/** Which kinds of training job the tree shows (no `vscode` import: unit-tested in plain Node). */

/**
 * Which job list a row belongs to: the old-version jobs (`v1`, the rows' IDs as before there were two
 * kinds) or the new-version jobs (`v2`, top-level IDs prefixed with `v2/`).
 */
export type ListScope = 'v1' | 'v2';

/** What the first page of a job list said: whether its kind of job has a place in the tree. */
export type ListPresence = 'has' | 'empty' | 'missing' | 'error';

/**
 * Which kinds of job the tree shows, newest kind first. Old-version jobs are shown when their API
 * answers with at least one job (or fails for another reason while the new-version list works, so
 * the failure is seen); new-version jobs always, unless their API does not exist where old-version
 * jobs do. An old-version list that is empty or whose API is gone is hidden: nobody can create
 * old-version jobs any more, so an empty root would be a row of noise for nearly every user.
 */
export function layoutFor(v1: ListPresence, v2: ListPresence): readonly ListScope[] {
  const showV1 = v1 === 'has' || (v1 === 'error' && v2 !== 'error') || v2 === 'missing';
  const showV2 = v2 !== 'missing' || !showV1;
  return [...(showV2 ? ['v2' as const] : []), ...(showV1 ? ['v1' as const] : [])];
}

