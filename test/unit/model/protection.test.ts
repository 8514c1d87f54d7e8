/** Protection keys: one per cloud, region, project, kind and ID; no ID can forge another's key; a job protects its versions. */
import * as assert from 'node:assert/strict';
import { Protections } from '../../../src/actions/protections';
import { protectingKeys, protectionKey, protectedRefusal } from '../../../src/model/protection';

const scope = { cloud: 'otc', region: 'eu-de', projectId: 'p1' };

/** A global state in memory. */
function memento(): { get<T>(key: string): T | undefined; update(key: string, value: unknown): Promise<void> } {
  const values = new Map<string, unknown>();
  return { get: <T>(key: string) => values.get(key) as T | undefined, update: async (key, value) => { values.set(key, value); } };
}

describe('protection', () => {
  it('keys an item by cloud, region, project, kind and ID', () => {
    assert.equal(protectionKey(scope, { kind: 'version', jobId: '182626', versionId: '278615' }), 'otc|eu-de|p1|version|182626|278615');
    assert.equal(protectionKey(scope, { kind: 'v2job', jobId: '3faf5c03-aaa1' }), 'otc|eu-de|p1|v2job|3faf5c03-aaa1');
    const keys = new Set([
      protectionKey(scope, { kind: 'job', jobId: '1' }),
      protectionKey({ ...scope, cloud: 'huaweicloud' }, { kind: 'job', jobId: '1' }),
      protectionKey({ ...scope, region: 'eu-nl' }, { kind: 'job', jobId: '1' }),
      protectionKey({ ...scope, projectId: 'p2' }, { kind: 'job', jobId: '1' }),
      protectionKey(scope, { kind: 'v2job', jobId: '1' }),
    ]);
    assert.equal(keys.size, 5, 'each part tells items apart');
  });

  it('encodes every part, so an ID with the separator cannot stand for another item', () => {
    assert.notEqual(protectionKey(scope, { kind: 'v2job', jobId: 'a|v2job|b' }), protectionKey({ ...scope, projectId: 'p1|v2job|a' }, { kind: 'v2job', jobId: 'b' }));
    assert.equal(protectionKey(scope, { kind: 'v2job', jobId: 'a|b' }), 'otc|eu-de|p1|v2job|a%7Cb');
  });

  it('protects a version by its own key or its job\'s', () => {
    assert.deepEqual(protectingKeys(scope, { kind: 'version', jobId: '7', versionId: '9' }), ['otc|eu-de|p1|version|7|9', 'otc|eu-de|p1|job|7']);
    assert.deepEqual(protectingKeys(scope, { kind: 'job', jobId: '7' }), ['otc|eu-de|p1|job|7']);
  });

  it('stores, tells and removes protection; a job protects its versions, but only its own key can be unprotected', async () => {
    const protections = new Protections(memento());
    let changes = 0;
    protections.onDidChange(() => changes++);
    const version = { kind: 'version', jobId: '7', versionId: '9' } as const;
    assert.equal(protections.isProtected(scope, version), false);
    await protections.set(scope, { kind: 'job', jobId: '7' }, true);
    assert.equal(protections.isProtected(scope, version), true);
    assert.equal(protections.isOwnProtected(scope, version), false);
    assert.equal(protections.isProtected({ ...scope, projectId: 'p2' }, version), false);
    assert.equal(protections.isProtected(undefined, version), false, 'no scope (nothing loaded): nothing is known to be protected');
    await protections.set(scope, { kind: 'job', jobId: '7' }, false);
    assert.equal(protections.isProtected(scope, version), false);
    assert.equal(changes, 2);
  });

  it('ignores a stored value that is not a list of keys', () => {
    const state = memento();
    void state.update('modelarts.protected', { not: 'a list' });
    assert.equal(new Protections(state).isProtected(scope, { kind: 'job', jobId: '1' }), false);
  });

  it('says what to do: unprotect the item, or its job', () => {
    assert.match(protectedRefusal('version "V1"', false), /is protected\. Unprotect it first/);
    assert.match(protectedRefusal('version "V1"', true), /belongs to a protected training job\. Unprotect the job first/);
  });
});
