/** One sanitiser per surface that server text reaches, each tested with what an attacker would send. */
import * as assert from 'node:assert/strict';
import { escapeMarkdown } from '../../../src/util/markdown';
import { forLine, forNotification, singleLine, truncate } from '../../../src/util/sanitize';

/** VS Code's own link syntax in notifications (`parseLinkedText` in vs/base/common/linkedText.ts, 1.139). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

describe('forNotification: text for a non-modal notification', () => {
  const hostile = [
    '[Open the console](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)',
    'Quota exceeded. [Fix it](command:modelarts.connectEmulator?%5B%22http%3A%2F%2F127.0.0.1%3A1%22%5D "Fix")',
    'see [docs](https://evil.example/phish) or [file](file:///etc/passwd)',
    '[a] (command:x) and [b](\tcommand:y) and [c]\n(command:z)',
    'nested [[x](command:a)](command:b)',
  ];
  for (const text of hostile) {
    it(`leaves nothing VS Code would render as a link: ${JSON.stringify(text).slice(0, 60)}…`, () => {
      const safe = forNotification(text);
      assert.equal([...safe.matchAll(VSCODE_LINK)].length, 0, safe);
      assert.ok(safe.includes('command:') || !text.includes('command:'), 'the text itself is still shown');
    });
  }

  it('keeps ordinary text as it is', () => {
    assert.equal(forNotification('Could not delete version "V0003" (ID 2): ModelArts.0015 not found.'),
      'Could not delete version "V0003" (ID 2): ModelArts.0015 not found.');
  });

  it('puts everything on one line and caps the length', () => {
    const safe = forNotification(`${'x'.repeat(3000)}\n[y](command:z)`);
    assert.ok(safe.length <= 1000);
    assert.ok(!/[\r\n]/.test(safe));
  });
});

describe('forLine: a modal line, a tree label or description, a picker row', () => {
  it('removes line breaks of every kind, so a name cannot draw fake lines under it', () => {
    for (const br of ['\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\v', '\f']) {
      assert.equal(forLine(`mnist${br}${br}Project: 0000 in region eu-de`), 'mnist Project: 0000 in region eu-de', JSON.stringify(br));
    }
  });

  it('removes bidi overrides, isolates and marks, and zero-width characters', () => {
    assert.equal(forLine('job\u202Etxt.exe'), 'job txt.exe');
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u200B', '\u200D', '\uFEFF']) {
      assert.equal(forLine(`a${c}b`), 'a b', JSON.stringify(c));
    }
  });

  it('removes C0 and C1 control characters and DEL', () => {
    assert.equal(forLine('a\u0000b\u001bc\u007fd\u009be'), 'a b c d e');
  });

  it('caps the length without splitting a surrogate pair', () => {
    assert.equal(forLine('x'.repeat(500)).length, 200);
    const emoji = forLine(`${'x'.repeat(198)}😀😀`, 200);
    assert.ok(!/[\ud800-\udbff]$/.test(emoji.slice(0, -1)), 'a lone high surrogate before the ellipsis');
    assert.ok(emoji.endsWith('…'));
    assert.equal(truncate('abc', 3), 'abc');
  });

  it('keeps names in other scripts, and undefined becomes empty', () => {
    assert.equal(forLine('训练作业-ResNet 版本 V0003'), '训练作业-ResNet 版本 V0003');
    assert.equal(forLine(undefined), '');
  });
});

describe('escapeMarkdown: text inside a MarkdownString tooltip or the details document', () => {
  const renders = (text: string) => `**Description:** ${escapeMarkdown(text)}`;

  it('a lone CR, U+2028, U+2029 or U+0085 cannot start a heading, a list or a quote', () => {
    for (const br of ['\r', '\u2028', '\u2029', '\u0085', '\r\n', '\n']) {
      const out = renders(`ok${br}# Heading${br}- item${br}> quote${br}1. one`);
      assert.ok(!/[\r\n\u2028\u2029\u0085]/.test(out), JSON.stringify(br));
    }
  });

  it('leading indentation (a code block) is dropped', () => {
    assert.equal(escapeMarkdown('    rm -rf /'), 'rm -rf /');
    assert.equal(escapeMarkdown('\t\tcode'), 'code');
  });

  it('links, images, emphasis and HTML stay text', () => {
    assert.equal(escapeMarkdown('[x](command:a) ![i](https://e/x.png) <b>'), '\\[x\\](command:a) !\\[i\\](https://e/x.png) \\<b\\>');
  });

  it('drops bidi characters too', () => {
    assert.equal(escapeMarkdown('a\u202Eb'), 'a b');
  });
});

describe('singleLine', () => {
  it('collapses runs of spaces and trims', () => {
    assert.equal(singleLine('  a \n\n  b  '), 'a b');
  });
});
