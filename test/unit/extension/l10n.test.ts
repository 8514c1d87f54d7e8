/**
 * Localisation: the manifest's `%key%` strings and the code's `l10n.t` / `t` / `msg` / `field` strings
 * each have their Chinese (zh-cn) entry, no entry is left over, and every placeholder, command link and
 * setting link survives translation. Plain Node: the sources and bundles are read as text.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The strings the code translates: the first argument of `l10n.t`, `t`, `msg` and `field`, as written. */
export function codeMessages(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const call = /(?:\bl10n\.t|(?<![\w.])t|(?<![\w.])msg|(?<![\w.])field)\(\s*'((?:[^'\\\n]|\\.)*)'/g;
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(call)) {
      const message = match[1].replace(/\\(.)/g, '$1');
      found.set(message, [...found.get(message) ?? [], path.relative(root, file)]);
    }
  }
  return found;
}

/** What must survive translation: `{0}`, `command:…` links, `#setting#` links, `code spans` and `%`-free keys. */
function invariants(text: string): string[] {
  return [
    ...text.match(/\{\d+\}/g) ?? [],
    ...text.match(/\(command:[\w.]+\)/g) ?? [],
    ...text.match(/#modelarts\.\w+#/g) ?? [],
  ].sort();
}

describe('localisation (zh-cn)', () => {
  const manifestText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as { l10n?: string };
  const nls = readJson('package.nls.json');
  const nlsZh = readJson('package.nls.zh-cn.json');
  const bundleZh = readJson('l10n/bundle.l10n.zh-cn.json');

  it('declares the l10n folder', () => {
    assert.equal(manifest.l10n, './l10n');
  });

  it('the manifest: every %key% has its English and Chinese text, and no text is left unused', () => {
    const keys = new Set([...manifestText.matchAll(/"%([\w.-]+)%"/g)].map(m => m[1]));
    assert.ok(keys.size > 50, 'the manifest\'s strings are keys');
    assert.deepEqual([...keys].filter(key => !(key in nls)), [], 'keys with no English text');
    assert.deepEqual([...keys].filter(key => !(key in nlsZh)), [], 'keys with no Chinese text');
    assert.deepEqual(Object.keys(nls).filter(key => !keys.has(key)), [], 'English texts no key uses');
    assert.deepEqual(Object.keys(nlsZh).filter(key => !keys.has(key)), [], 'Chinese texts no key uses');
    for (const key of keys) {
      assert.deepEqual(invariants(nlsZh[key]), invariants(nls[key]), `${key}: placeholders and links survive translation`);
    }
  });

  it('the code: every translated string has its Chinese entry, and the bundle has no entry the code does not use', () => {
    const messages = codeMessages();
    assert.ok(messages.size > 20, 'the code translates its text');
    const missing = [...messages.keys()].filter(message => !(message in bundleZh));
    assert.deepEqual(missing.map(message => `${message}  (${messages.get(message)?.join(', ')})`), [], 'strings with no zh-cn entry');
    assert.deepEqual(Object.keys(bundleZh).filter(message => !messages.has(message)), [], 'zh-cn entries no code uses');
    for (const [message, translation] of Object.entries(bundleZh)) {
      assert.ok(translation.trim() !== '', `"${message}" has an empty translation`);
      assert.deepEqual(invariants(translation), invariants(message), `"${message}": its placeholders survive translation`);
    }
  });

  it('the code never builds a translated string from a template (it could not be looked up)', () => {
    const offenders = sourceFiles(path.join(root, 'src')).flatMap(file =>
      [...fs.readFileSync(file, 'utf8').matchAll(/(?:\bl10n\.t|(?<![\w.])t|(?<![\w.])msg)\(\s*`/g)].map(() => path.relative(root, file)));
    assert.deepEqual(offenders, []);
  });
});
