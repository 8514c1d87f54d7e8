/**
 * The scanner that proves no secret reached the disk after the host tests: it must find a planted
 * canary in every encoding it claims (UTF-8, UTF-16LE), anywhere in a folder tree, and nothing in a
 * clean tree; and the seed plumbing must refuse to make that scan vacuous.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CANARY_SEED_ENV, SCAN_DIRS_ENV, canariesFromSeed, canarySeedFrom, newCanarySeed, scanForSecrets, type Canary,
} from '../../../scripts/vscode/secretScan';

describe('scanForSecrets', () => {
  let root: string;
  const canaries: Canary[] = canariesFromSeed('0123456789abcdef01234567');
  const [secretKey, , securityToken, password] = canaries;

  /** Writes `content` to `relative` under the temporary root, creating folders on the way. */
  function plant(relative: string, content: Buffer | string): string {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-scan-'));
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('finds a canary written as UTF-8 in the middle of a binary file deep in the tree', () => {
    const file = plant('a/b/c/Local Storage/leveldb/000003.log',
      Buffer.concat([Buffer.from([0, 1, 2, 255]), Buffer.from(`{"key":"${secretKey.value}"}`, 'utf8'), Buffer.from([0, 0])]));
    plant('a/clean.txt', 'nothing here');

    const result = scanForSecrets([root], canaries);

    assert.deepEqual(result.hits, [{ file, label: secretKey.label }]);
    assert.equal(result.filesScanned, 2);
  });

  it('finds a canary written as UTF-16LE (as Chromium keeps web storage strings)', () => {
    const file = plant('profile/IndexedDB/https_127.0.0.1_0.indexeddb.leveldb/000005.ldb',
      Buffer.concat([Buffer.from([0x01, 0x00]), Buffer.from(`token=${securityToken.value};`, 'utf16le')]));

    const result = scanForSecrets([root], canaries);

    assert.deepEqual(result.hits, [{ file, label: securityToken.label }]);
  });

  it('reports each file and each canary it holds, across several folders, by label only', () => {
    const first = plant('one/settings.json', `{"x":"${password.value}","y":"${secretKey.value}"}`);
    const second = plant('two/log.txt', Buffer.from(password.value, 'utf16le'));

    const result = scanForSecrets([path.join(root, 'one'), path.join(root, 'two')], canaries);

    const hits = result.hits.map(hit => `${hit.label} in ${path.relative(root, hit.file)}`).sort();
    assert.deepEqual(hits, [
      `${password.label} in ${path.relative(root, first)}`,
      `${secretKey.label} in ${path.relative(root, first)}`,
      `${password.label} in ${path.relative(root, second)}`,
    ].sort());
    assert.ok(!JSON.stringify(result).includes(password.value), 'the result holds a secret value');
  });

  it('finds nothing in a clean tree, and scans each file once when folders nest', () => {
    plant('x/settings.json', '{"modelarts.endpoint":"http://127.0.0.1:1234"}');
    plant('x/y/log.txt', `${secretKey.value.slice(0, -1)} is only a prefix`);
    plant('x/y/z.bin', Buffer.from([0, 1, 2, 3]));

    const result = scanForSecrets([root, path.join(root, 'x', 'y')], canaries);

    assert.deepEqual(result.hits, []);
    assert.equal(result.filesScanned, 3);
    assert.equal(result.bytesScanned, fs.statSync(path.join(root, 'x/settings.json')).size
      + fs.statSync(path.join(root, 'x/y/log.txt')).size + 4);
  });

  it('skips a folder that does not exist', () => {
    assert.deepEqual(scanForSecrets([path.join(root, 'missing')], canaries), { filesScanned: 0, bytesScanned: 0, hits: [] });
  });

  it('refuses a canary too short to be told apart from chance', () => {
    assert.throws(() => scanForSecrets([root], [{ label: 'short', value: 'abc' }]), /too short/);
  });
});

describe('canarySeedFrom', () => {
  it('uses the harness seed', () => {
    assert.equal(canarySeedFrom({ [CANARY_SEED_ENV]: 'seed-from-harness', [SCAN_DIRS_ENV]: '["/tmp/x"]' }), 'seed-from-harness');
  });

  it('fails when the run will be scanned but the seed did not arrive', () => {
    assert.throws(() => canarySeedFrom({ [SCAN_DIRS_ENV]: '["/tmp/x"]' }), new RegExp(`${CANARY_SEED_ENV} is not`));
  });

  it('makes a fresh seed when nobody scans the run', () => {
    const seed = canarySeedFrom({});
    assert.match(seed, /^[0-9a-f]{24}$/);
    assert.notEqual(seed, canarySeedFrom({}));
    assert.match(newCanarySeed(), /^[0-9a-f]{24}$/);
  });
});
