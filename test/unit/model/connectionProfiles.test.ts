import * as assert from 'node:assert/strict';
import {
  FIRST_CONNECTION_ID, connectionLabel, newConnectionId, parseProfiles, secretKeysOf, storedProfile,
} from '../../../src/model/connectionProfiles';
import { whereText } from '../../../src/model/targets';

describe('connection profiles', () => {
  it('keeps valid entries, trimmed, with the cloud defaulting to Huawei Cloud and empty fields empty', () => {
    const { profiles, problems } = parseProfiles([
      { id: 'eu-nl', name: ' OTC eu-nl ', cloud: 'otc', region: 'eu-nl' },
      { id: 'team-b', region: 'cn-north-4', cloud: 'nonsense', projectId: 'abc' },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(profiles, [
      { id: 'eu-nl', name: 'OTC eu-nl', cloud: 'otc', region: 'eu-nl', endpoint: '', iamEndpoint: '', projectId: '' },
      { id: 'team-b', name: '', cloud: 'huaweicloud', region: 'cn-north-4', endpoint: '', iamEndpoint: '', projectId: 'abc' },
    ]);
  });

  it('ignores, and says why, entries with a bad or repeated id, no region, or that are not objects', () => {
    const { profiles, problems } = parseProfiles([
      { id: 'Bad ID', region: 'eu-de' },
      { id: 'x'.repeat(41), region: 'eu-de' },
      { id: '../secrets', region: 'eu-de' },
      { id: 'ok', region: 'eu-de' },
      { id: 'ok', region: 'eu-nl' },
      { id: 'no-region' },
      'text',
      null,
    ]);
    assert.deepEqual(profiles.map(p => p.id), ['ok']);
    assert.equal(problems.length, 7);
    assert.match(problems[0], /^connection 1: "id" must be/);
    assert.match(problems[1], /^connection 2: "id" must be/);
    assert.match(problems[2], /^connection 3: "id" must be/);
    assert.match(problems[3], /^connection 5: another connection has the id "ok"/);
    assert.match(problems[4], /^connection 6: it needs a "region"/);
  });

  it('a setting that is not a list is one problem and no connection; no setting is none', () => {
    assert.deepEqual(parseProfiles({ id: 'x' }), { profiles: [], problems: ['modelarts.connections must be a list of connections'] });
    assert.deepEqual(parseProfiles(undefined), { profiles: [], problems: [] });
  });

  it('is stored without empty fields', () => {
    assert.deepEqual(storedProfile({ id: 'a', name: '', cloud: 'otc', region: 'eu-de', endpoint: '', iamEndpoint: '', projectId: '' }),
      { id: 'a', cloud: 'otc', region: 'eu-de' });
  });

  it('is called by its name, else by its cloud and region', () => {
    assert.equal(connectionLabel({ name: 'team A', cloud: 'otc', region: 'eu-de' }), 'team A');
    assert.equal(connectionLabel({ name: '', cloud: 'otc', region: 'eu-de' }), 'Open Telekom Cloud eu-de');
    assert.equal(connectionLabel({ name: '', cloud: 'huaweicloud', region: 'cn-north-4' }), 'Huawei Cloud cn-north-4');
    assert.equal(connectionLabel({ name: '', cloud: 'custom', region: 'eu-de' }), 'Custom endpoint eu-de');
  });

  it('keeps the first connection in the list like any other (its id is "default")', () => {
    const { profiles, problems } = parseProfiles([{ id: FIRST_CONNECTION_ID, name: 'OTC eu-de', cloud: 'otc', region: 'eu-de' }, { id: 'eu-nl', region: 'eu-nl' }]);
    assert.deepEqual(problems, []);
    assert.deepEqual(profiles.map(p => p.id), [FIRST_CONNECTION_ID, 'eu-nl']);
  });

  it('gives every connection, the first one too, its own secret keys', () => {
    assert.deepEqual(secretKeysOf(FIRST_CONNECTION_ID), { credentials: 'modelarts.connection.default.credentials', token: 'modelarts.connection.default.iamToken' });
    assert.deepEqual(secretKeysOf('eu-nl'), { credentials: 'modelarts.connection.eu-nl.credentials', token: 'modelarts.connection.eu-nl.iamToken' });
  });

  it('makes new ids unlike the taken ones', () => {
    const values = [0.5, 0.5, 0.25];
    const id = newConnectionId(['c80000000'], () => values.shift() ?? 0);
    assert.equal(id, 'c40000000');
    assert.match(newConnectionId([]), /^c[0-9a-f]{8}$/);
  });

  it('dialogs name the connection only when it has a name (several connections)', () => {
    assert.equal(whereText({ projectId: 'p1', region: 'eu-nl' }), 'Project p1 in region eu-nl');
    assert.equal(whereText({ projectId: 'p1', region: 'eu-nl', name: 'OTC eu-nl' }), 'Connection "OTC eu-nl": Project p1 in region eu-nl');
  });
});
