/**
 * Percent-encoding as the gateway's signature wants it: RFC 3986 encoding of path segments and query
 * components, the canonical query string, and decoding of a URL's `%XX` escapes (malformed ones kept
 * literally), all in UTF-8. `node:crypto`-free and `vscode`-free, like the signer that uses it.
 */
import { ConfigurationError } from './errors';

const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;

/**
 * Percent-encodes `s` for a canonical URI segment or query component: the UTF-8 bytes of every
 * character outside the RFC 3986 unreserved set (`A-Z a-z 0-9 - _ . ~`) become `%XX` with upper-case
 * hex, so a space is `%20` (never `+`) and `/` is `%2F`. Throws `ConfigurationError` for a string
 * holding an unpaired UTF-16 surrogate, which has no UTF-8 form.
 */
export function encodeRfc3986(s: string): string {
  if (UNRESERVED_ONLY.test(s)) {
    return s;
  }
  let encoded: string;
  try {
    encoded = encodeURIComponent(s);
  } catch {
    throw new ConfigurationError(
      'Cannot sign the request: a path segment or query parameter holds an unpaired UTF-16 surrogate. Remove the broken character.',
    );
  }
  // encodeURIComponent leaves these five sub-delimiters alone; RFC 3986 signing must not.
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical query string of `params`: pairs sorted by key, then by value, in UTF-16 code-unit order
 * (as the official Node signer sorts the decoded strings), each key and value RFC 3986-encoded, joined
 * as `k=v` with `&`; `''` for no parameters. Repeated keys keep every value; an empty value gives `k=`.
 * Send exactly this string as the URL's query so that what is signed is what the gateway receives.
 */
export function canonicalQueryString(params: Iterable<readonly [string, string]>): string {
  const pairs = Array.from(params, ([key, value]): [string, string] => [key, value]);
  pairs.sort(([ka, va], [kb, vb]) => compareCodeUnits(ka, kb) || compareCodeUnits(va, vb));
  return pairs.map(([key, value]) => `${encodeRfc3986(key)}=${encodeRfc3986(value)}`).join('&');
}

export function compareCodeUnits(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/**
 * Decodes `%XX` escapes as UTF-8. An escape that is not two hex digits, or bytes that are not
 * well-formed UTF-8, are kept as the literal text, so a malformed URL still signs what it sends.
 */
export function decodePercent(s: string): string {
  if (!s.includes('%')) {
    return s;
  }
  let out = '';
  let i = 0;
  while (i < s.length) {
    const next = s.indexOf('%', i);
    if (next < 0) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, next);
    i = next;
    const start = i;
    const bytes: number[] = [];
    while (i + 2 < s.length && s[i] === '%' && isHex(s[i + 1]) && isHex(s[i + 2])) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    }
    if (bytes.length === 0) {
      out += '%';
      i += 1;
      continue;
    }
    out += decodeUtf8Run(bytes, s.slice(start, i));
  }
  return out;
}

function isHex(c: string): boolean {
  return /^[0-9A-Fa-f]$/.test(c);
}

/**
 * Decodes a run of escaped bytes (`text` is the run as written, three characters per byte); each byte
 * that starts no well-formed sequence stays as written, hex case included.
 */
function decodeUtf8Run(bytes: readonly number[], text: string): string {
  let out = '';
  let j = 0;
  while (j < bytes.length) {
    const length = utf8SequenceLength(bytes, j);
    if (length === 0) {
      out += text.slice(3 * j, 3 * j + 3);
      j += 1;
      continue;
    }
    const b0 = bytes[j];
    let codePoint: number;
    if (length === 1) {
      codePoint = b0;
    } else {
      codePoint = b0 & (0xff >> (length + 1));
      for (let k = 1; k < length; k++) {
        codePoint = (codePoint << 6) | (bytes[j + k] & 0x3f);
      }
    }
    out += String.fromCodePoint(codePoint);
    j += length;
  }
  return out;
}

/** Length of the well-formed UTF-8 sequence at `bytes[j]` (Unicode table 3-7), or 0 when there is none. */
function utf8SequenceLength(bytes: readonly number[], j: number): number {
  const b0 = bytes[j];
  if (b0 < 0x80) {
    return 1;
  }
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    length = 2;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3;
    low = b0 === 0xe0 ? 0xa0 : low;
    high = b0 === 0xed ? 0x9f : high;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4;
    low = b0 === 0xf0 ? 0x90 : low;
    high = b0 === 0xf4 ? 0x8f : high;
  } else {
    return 0;
  }
  if (j + length > bytes.length) {
    return 0;
  }
  for (let k = 1; k < length; k++) {
    const b = bytes[j + k];
    const min = k === 1 ? low : 0x80;
    const max = k === 1 ? high : 0xbf;
    if (b < min || b > max) {
      return 0;
    }
  }
  return length;
}
