import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import nodeUrl from 'node:url';
import * as sinon from 'sinon';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import { ConfigurationError } from '../../../src/client/errors';
import {
  buildCanonicalRequest,
  buildStringToSign,
  canonicalQueryString,
  EMPTY_BODY_SHA256,
  encodeRfc3986,
  formatSdkDate,
  signRequest,
} from '../../../src/client/signer';

interface Vector {
  id: string;
  inputs: {
    method: string;
    url_without_query: string;
    query_params_in_given_order: Array<[string, string]>;
    headers_before_signing: Record<string, string>;
    body: string;
    ak: string;
    sk: string;
  };
  intermediate: { canonical_request: string; hashed_canonical_request: string; string_to_sign: string };
  request_target_to_send: string;
  'headers_to_send (as returned by the SDK signer)': Record<string, string>;
  authorization: string;
}

/** Finds test/fixtures/signing-vectors.json above the compiled test, wherever the build put it. */
function loadVectors(): Vector[] {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'test', 'fixtures', 'signing-vectors.json');
    if (fs.existsSync(candidate)) {
      return (JSON.parse(fs.readFileSync(candidate, 'utf8')) as { vectors: Vector[] }).vectors;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`test/fixtures/signing-vectors.json not found above ${__dirname}`);
    }
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

// ------------------------------------------------------------------------------------------------
// Generated requests for the comparison with the official signer.

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
const ENDPOINTS = [
  'https://modelarts.eu-de.otc.t-systems.com',
  'https://modelarts.cn-north-4.myhuaweicloud.com',
  'https://ModelArts.AP-Southeast-1.MyHuaweiCloud.com',
  'https://modelarts.eu-nl.otc.t-systems.com:8443',
  'http://127.0.0.1:8080',
  'http://localhost:34567',
  'https://[::1]:8443',
];
const PLAIN = [...'abcxyzABCXYZ0189-_.~'];
const SPECIAL = [...' /?#&=+%üé漢😀:@!$\'()*,;[]|^"<>{}`\\'];
// '/' inside a path segment cannot be given to the official signer at all: its CanonicalURI splits the
// path it is handed on '/', so a segment holding '/' is two segments there. Tested separately above.
const PATH_SPECIAL = SPECIAL.filter((c) => c !== '/');
// Path characters the official signer's legacy url.parse hands through unchanged: no shim needed.
const PATH_SPECIAL_PARSE_SAFE = PATH_SPECIAL.filter((c) => !' ?#\\"<>`{}|^\''.includes(c));
// Escapes that are not well-formed; both signers see them as the literal text (ours by decoding leniently).
const MALFORMED = ['%zz', '%C3', '%e6%bc', '%FF', '%ED%A0%80'];

interface GeneratedCase {
  method: string;
  /** The URL our signer gets; its path and query may be canonical or loosely encoded. */
  url: string;
  origin: string;
  /** The decoded path, '/'-joined: what the official signer's CanonicalURI expects. */
  logicalPath: string;
  pairs: Array<[string, string]>;
  headers: Record<string, string>;
  body?: unknown;
  ak: string;
  sk: string;
  securityToken?: string;
  /** When set, both signers run with the clock faked to this instant. */
  clock?: number;
  dateArgument?: Date;
}

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32: small, fast and deterministic; quality is ample for picking test inputs. */
  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  string(alphabet: string, length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) {
      s += alphabet[this.int(alphabet.length)];
    }
    return s;
  }
}

/** A percent-escape written independently of the signer (bytes from Buffer, random hex case). */
function percentEscape(rng: Rng, ch: string): string {
  const hex = Array.from(Buffer.from(ch, 'utf8'), (b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  return rng.chance(0.5) ? hex.toUpperCase() : hex;
}

/**
 * One path segment, query key or query value: its decoded text, and a loose URL spelling in which only
 * what must be escaped is, the rest raw or escaped at random (the URL parser then escapes some raw
 * characters itself; the signer must decode all of it back to the same text).
 */
function component(rng: Rng, special: readonly string[], mustEscape: string, maxLength: number): { text: string; loose: string } {
  let text = '';
  let loose = '';
  const length = 1 + rng.int(maxLength);
  for (let i = 0; i < length; i++) {
    const roll = rng.float();
    if (roll < 0.08) {
      const m = rng.pick(MALFORMED);
      text += m;
      loose += m;
      continue;
    }
    const ch = roll < 0.5 ? rng.pick(PLAIN) : rng.pick(special);
    text += ch;
    loose += mustEscape.includes(ch) || rng.chance(0.3) ? percentEscape(rng, ch) : ch;
  }
  return { text, loose };
}

function generateCases(seed: number, count: number): GeneratedCase[] {
  const rng = new Rng(seed);
  const cases: GeneratedCase[] = [];
  for (let n = 0; n < count; n++) {
    const method = METHODS[n % METHODS.length];
    const origin = rng.pick(ENDPOINTS);
    const canonicalForm = rng.chance(0.4);

    const segments: Array<{ text: string; loose: string }> = [];
    if (rng.chance(0.5)) {
      const project = rng.string('0123456789abcdef', 32);
      segments.push({ text: 'v1', loose: 'v1' }, { text: project, loose: project }, { text: 'training-jobs', loose: 'training-jobs' });
    }
    const pathSpecial = rng.chance(0.5) ? PATH_SPECIAL : PATH_SPECIAL_PARSE_SAFE;
    for (let i = 1 + rng.int(3); i > 0; i--) {
      // '/' '?' '#' '%' would end or split the segment; a raw '\' is a '/' to the WHATWG URL parser.
      const segment = component(rng, pathSpecial, '?#%\\', 6);
      if (segment.text === '.' || segment.text === '..') {
        segment.text += 'x';
        segment.loose += 'x';
      }
      segments.push(segment);
    }
    if (rng.chance(0.15)) {
      segments.push({ text: '', loose: '' });
    }
    const logicalPath = `/${segments.map((s) => s.text).join('/')}`;
    const urlPath = `/${segments.map((s) => (canonicalForm ? encodeRfc3986(s.text) : s.loose)).join('/')}`;

    const keys = Array.from({ length: 1 + rng.int(3) }, () => (rng.chance(0.03) ? { text: '', loose: '' } : component(rng, SPECIAL, '&#%=', 5)));
    const pairs: Array<[string, string]> = [];
    const pieces: string[] = [];
    for (let i = rng.int(6); i > 0; i--) {
      const key = rng.pick(keys);
      const value = rng.chance(0.25) ? { text: '', loose: '' } : component(rng, SPECIAL, '&#%', 6);
      pairs.push([key.text, value.text]);
      const bare = value.text === '' && key.text !== '' && rng.chance(0.5);
      pieces.push(bare ? key.loose : `${key.loose}=${value.loose}`);
      if (rng.chance(0.1)) {
        pieces.push('');
      }
    }
    const query = canonicalForm ? canonicalQueryString(pairs) : pieces.join('&');
    // The URL parser trims a trailing space from its input, so a final raw space must be escaped.
    const url = `${origin}${urlPath}${query !== '' || rng.chance(0.1) ? `?${query}` : ''}`.replace(/ $/, '%20');

    const headers: Record<string, string> = {};
    const contentType = rng.float();
    if (contentType < 0.7) {
      headers['Content-Type'] = 'application/json';
    } else if (contentType < 0.8) {
      headers['Content-Type'] = 'application/json;charset=UTF-8';
    }
    if (rng.chance(0.5)) {
      headers['X-Project-Id'] = rng.string('0123456789abcdef', 32);
    }
    if (rng.chance(0.1)) {
      headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
    }
    if (rng.chance(0.15)) {
      headers['X-Language'] = 'en-us';
    }
    const instant = Date.UTC(2020, 0, 1) + rng.int(10 * 365 * 24 * 3600) * 1000 + rng.int(1000);
    const c: GeneratedCase = {
      method,
      url,
      origin,
      logicalPath,
      pairs,
      headers,
      ak: rng.string('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 20),
      sk: rng.string('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40),
    };
    if (rng.chance(0.4)) {
      headers['X-Sdk-Date'] = formatIndependently(new Date(instant));
      // A date argument must lose against the caller's header; the official signer has none.
      c.dateArgument = rng.chance(0.5) ? new Date(0) : undefined;
    } else {
      c.clock = instant;
      c.dateArgument = rng.chance(0.5) ? new Date(instant) : undefined;
    }
    if (rng.chance(0.3)) {
      c.securityToken = rng.string('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=', 40 + rng.int(160));
    }
    if ((method !== 'GET' && rng.chance(0.7)) || (method === 'DELETE' && rng.chance(0.2))) {
      c.body = {
        name: component(rng, SPECIAL, '', 8).text,
        description: 'Résumé 漢字 😀 "quoted" \\ back',
        steps: rng.int(1000),
        nested: { tags: ['ü', '', 'a b'], flag: rng.chance(0.5), none: null },
      };
    }
    cases.push(c);
  }
  return cases;
}

function formatIndependently(date: Date): string {
  const p = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}T${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
}

const realUrlParse = nodeUrl.parse;

/**
 * Signs the same logical request with the official signer, building its request the way its own
 * HcClient/BaseCredentials would: decoded query values in `queryParams` (repeated keys as an array),
 * the body as the object it JSON-stringifies, `X-Security-Token` (and `X-Project-Id`) as headers set
 * before `sign`, and the clock faked instead of a date argument, which it does not take.
 *
 * The path needs care. The official signer reads it with the legacy `url.parse`, then encodes each
 * segment without decoding it first: it expects the path decoded (HcClient substitutes path parameters
 * unencoded). So it gets the decoded path in the endpoint. Where `url.parse` cannot carry that text
 * unchanged (it escapes a space and `"<>\`{}|^'`, cuts at `?` and `#`, turns `\` into `/`), the
 * endpoint alone cannot express the request, so `url.parse` is wrapped for that one call to report the
 * decoded path as its `pathname`; everything else stays the official code.
 */
function signOfficially(c: GeneratedCase): { headers: Record<string, string>; stubbedPath: boolean } {
  const queryParams: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of c.pairs) {
    const existing = queryParams[key];
    queryParams[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const headers: Record<string, string> = { ...c.headers };
  if (c.securityToken !== undefined) {
    headers['X-Security-Token'] = c.securityToken;
  }
  const endpoint = `${c.origin}${c.logicalPath}`;
  const stubbedPath = realUrlParse(endpoint).pathname !== c.logicalPath || c.logicalPath.includes('\\');
  const stub = stubbedPath
    ? sinon.stub(nodeUrl, 'parse').callsFake(((u: string) => ({ ...realUrlParse(u, true), pathname: c.logicalPath })) as never)
    : undefined;
  const clock = c.clock !== undefined ? sinon.useFakeTimers({ now: c.clock, toFake: ['Date'] }) : undefined;
  try {
    const credential = new BasicCredentials().withAk(c.ak).withSk(c.sk);
    const signed = AKSKSigner.sign({ method: c.method, endpoint, headers, queryParams, data: c.body }, credential);
    return { headers: signed as Record<string, string>, stubbedPath };
  } finally {
    clock?.restore();
    stub?.restore();
  }
}

describe('signer', () => {
  describe('known-answer vectors', () => {
    const vectors = loadVectors();

    it('has both vectors', () => {
      assert.deepEqual(
        vectors.map((v) => v.id.slice(0, 2)),
        ['V0', 'V1'],
      );
    });

    for (const v of vectors) {
      describe(v.id, () => {
        const { inputs } = v;
        const url = `${inputs.url_without_query}?${canonicalQueryString(inputs.query_params_in_given_order)}`;
        const request = { method: inputs.method, url, headers: inputs.headers_before_signing, body: inputs.body };
        const credentials = { accessKey: inputs.ak, secretKey: inputs.sk };
        const expectedHeaders = v['headers_to_send (as returned by the SDK signer)'];

        it('builds the request target that is sent', () => {
          const parsed = new URL(url);
          assert.equal(`${inputs.method} ${parsed.pathname}${parsed.search}`, v.request_target_to_send);
        });

        it('returns every header to send, byte for byte', () => {
          const headers = signRequest(request, credentials);
          assert.deepEqual(headers, expectedHeaders);
          assert.equal(headers.Authorization, v.authorization);
        });

        it('builds the canonical request and the string to sign', () => {
          const { canonicalRequest, signedHeaders } = buildCanonicalRequest({ ...request, headers: expectedHeaders });
          assert.equal(canonicalRequest, v.intermediate.canonical_request);
          assert.equal(sha256(canonicalRequest), v.intermediate.hashed_canonical_request);
          assert.equal(buildStringToSign(inputs.headers_before_signing['X-Sdk-Date'], canonicalRequest), v.intermediate.string_to_sign);
          assert.match(v.authorization, new RegExp(`SignedHeaders=${signedHeaders}, `));
        });

        it('signs the same when the query arrives unencoded and unsorted', () => {
          const rawQuery = inputs.query_params_in_given_order.map(([k, val]) => `${k}=${val}`).join('&');
          const headers = signRequest({ ...request, url: `${inputs.url_without_query}?${rawQuery}` }, credentials);
          assert.equal(headers.Authorization, v.authorization);
        });
      });
    }
  });

  describe('against the official signer (@huaweicloud/huaweicloud-sdk-core AKSKSigner)', () => {
    const CASES = 400;
    const cases = generateCases(20240102, CASES);

    afterEach(() => sinon.restore());

    it(`produces identical headers for ${CASES} generated requests`, () => {
      let stubbedPaths = 0;
      for (const [index, c] of cases.entries()) {
        const official = signOfficially(c);
        stubbedPaths += official.stubbedPath ? 1 : 0;
        const clock = c.clock ? sinon.useFakeTimers({ now: c.clock, toFake: ['Date'] }) : undefined;
        let ours: Record<string, string>;
        try {
          ours = signRequest(
            { method: c.method, url: c.url, headers: c.headers, body: c.body === undefined ? undefined : JSON.stringify(c.body) },
            { accessKey: c.ak, secretKey: c.sk, securityToken: c.securityToken },
            c.dateArgument,
          );
        } finally {
          clock?.restore();
        }
        assert.deepEqual(ours, official.headers, `case ${index}: ${c.method} ${c.url}`);
      }
      // Many paths go to the official signer unmodified; the rest need the url.parse shim of signOfficially.
      assert.ok(stubbedPaths > 100 && CASES - stubbedPaths > 100, `paths through the url.parse shim: ${stubbedPaths}`);
    });

    it('covers the characters and shapes the comparison is meant to cover', () => {
      const paths = cases.map((c) => c.logicalPath).join('');
      const queries = cases.flatMap((c) => c.pairs.flat()).join('');
      for (const ch of [' ', '?', '#', '&', '=', '+', '%', 'ü', '漢', '😀']) {
        assert.ok(paths.includes(ch), `path character ${JSON.stringify(ch)}`);
      }
      for (const ch of [' ', '/', '?', '#', '&', '=', '+', '%', 'ü', '漢', '😀']) {
        assert.ok(queries.includes(ch), `query character ${JSON.stringify(ch)}`);
      }
      const count = (p: (c: GeneratedCase) => boolean): number => cases.filter(p).length;
      for (const method of METHODS) {
        assert.ok(count((c) => c.method === method) > 20, method);
      }
      assert.ok(count((c) => new Set(c.pairs.map(([k]) => k)).size < c.pairs.length) > 20, 'repeated keys');
      assert.ok(count((c) => c.pairs.some(([, v]) => v === '')) > 20, 'empty values');
      assert.ok(count((c) => /(^|[?&])[^=&]+(&|$)/.test(new URL(c.url).search)) > 10, 'bare keys');
      assert.ok(count((c) => /[?&][^#]*\+/.test(new URL(c.url).search)) > 10, 'raw + in the query');
      assert.ok(count((c) => /%(zz|FF|ED%A0)/.test(c.url)) > 10, 'malformed escapes in the URL');
      assert.ok(count((c) => c.body !== undefined) > 50, 'bodies');
      assert.ok(count((c) => c.securityToken !== undefined) > 50, 'security tokens');
      assert.ok(count((c) => 'X-Project-Id' in c.headers) > 50, 'X-Project-Id');
      assert.ok(count((c) => 'X-Sdk-Date' in c.headers) > 50, 'caller X-Sdk-Date');
      assert.ok(count((c) => c.clock !== undefined && c.dateArgument === undefined) > 30, 'date from the clock');
    });
  });

  describe('X-Sdk-Date', () => {
    const request = { method: 'GET', url: 'https://modelarts.eu-de.otc.t-systems.com/v1/p/training-jobs', headers: {} };
    const credentials = { accessKey: 'AKEXAMPLEAKEXAMPLE01', secretKey: 'SKEXAMPLEskexampleSKEXAMPLEskexample0001' };

    afterEach(() => sinon.restore());

    it('formats the given date in UTC, seconds truncated', () => {
      const headers = signRequest(request, credentials, new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 999)));
      assert.equal(headers['X-Sdk-Date'], '20240102T030405Z');
      assert.equal(formatSdkDate(new Date(Date.UTC(1999, 11, 31, 23, 59, 59))), '19991231T235959Z');
    });

    it('uses the current clock when no date is given', () => {
      sinon.useFakeTimers({ now: Date.UTC(2031, 6, 8, 9, 10, 11), toFake: ['Date'] });
      assert.equal(signRequest(request, credentials)['X-Sdk-Date'], '20310708T091011Z');
    });

    it("reuses the caller's X-Sdk-Date in any letter case, and signs with it", () => {
      const given = signRequest({ ...request, headers: { 'x-sdk-date': '20200101T000000Z' } }, credentials, new Date());
      assert.equal(given['x-sdk-date'], '20200101T000000Z');
      assert.equal(given['X-Sdk-Date'], undefined);
      const generated = signRequest(request, credentials, new Date(Date.UTC(2020, 0, 1)));
      assert.equal(given.Authorization, generated.Authorization);
    });

    it('replaces an empty X-Sdk-Date', () => {
      const headers = signRequest({ ...request, headers: { 'X-Sdk-Date': '' } }, credentials, new Date(Date.UTC(2024, 0, 2)));
      assert.equal(headers['X-Sdk-Date'], '20240102T000000Z');
    });

    it('refuses an invalid date', () => {
      assert.throws(() => signRequest(request, credentials, new Date(Number.NaN)), ConfigurationError);
    });
  });

  describe('security token', () => {
    const request = { method: 'DELETE', url: 'https://modelarts.eu-de.otc.t-systems.com/v1/p/training-jobs/1/versions/2', headers: { 'Content-Type': 'application/json' } };
    const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    const token = 'gQpzZWN1cml0eXRva2VuLWV4YW1wbGU+/=';

    it('adds X-Security-Token before signing, so it is a signed header', () => {
      const headers = signRequest(request, { accessKey: 'AKTEMPORARY000000001', secretKey: 'sk', securityToken: token }, date);
      assert.equal(headers['X-Security-Token'], token);
      assert.match(headers.Authorization, /SignedHeaders=content-type;host;x-sdk-date;x-security-token, /);
      const unsigned = signRequest(request, { accessKey: 'AKTEMPORARY000000001', secretKey: 'sk' }, date);
      assert.notEqual(headers.Authorization, unsigned.Authorization);
    });

    it("replaces a caller's X-Security-Token header", () => {
      const headers = signRequest(
        { ...request, headers: { ...request.headers, 'x-security-token': 'stale' } },
        { accessKey: 'AKTEMPORARY000000001', secretKey: 'sk', securityToken: token },
        date,
      );
      assert.equal(headers['X-Security-Token'], token);
      assert.equal(Object.values(headers).includes('stale'), false);
    });
  });

  describe('secrets', () => {
    const canarySecret = 'CANARY-sk-7f3a9c-never-print-me';
    const canaryToken = 'CANARY-token-51b2e0-never-print-me';
    const credentials = { accessKey: 'AKCANARY000000000001', secretKey: canarySecret, securityToken: canaryToken };

    it('never puts the secret key in the headers', () => {
      const headers = signRequest({ method: 'GET', url: 'https://h.example.com/a', headers: {} }, credentials);
      assert.equal(JSON.stringify(headers).includes(canarySecret), false);
    });

    type Creds = { accessKey: string; secretKey: string; securityToken?: string };
    const badRequests: Array<[string, { method: string; url: string; headers: Record<string, string> }, Creds]> = [
      ['an invalid URL', { method: 'GET', url: 'not a url', headers: {} }, credentials],
      ['a non-HTTP URL', { method: 'GET', url: 'ftp://h.example.com/a', headers: {} }, credentials],
      ['a header value with a line break', { method: 'GET', url: 'https://h.example.com/a', headers: { 'X-A': `a\r\nx-b: ${canaryToken}` } }, credentials],
      ['the same header in two letter cases', { method: 'GET', url: 'https://h.example.com/a', headers: { 'x-a': '1', 'X-A': '2' } }, credentials],
      ['an empty secret key', { method: 'GET', url: 'https://h.example.com/a', headers: {} }, { accessKey: 'AK', secretKey: '' }],
      ['a malformed security token', { method: 'GET', url: 'https://h.example.com/a', headers: {} }, { ...credentials, securityToken: `${canaryToken}\n` }],
    ];
    for (const [what, request, creds] of badRequests) {
      it(`refuses ${what} with an error that names no secret`, () => {
        assert.throws(
          () => signRequest(request, creds),
          (err: unknown) => {
            assert.ok(err instanceof ConfigurationError);
            const text = `${String(err)} ${err.stack ?? ''}`;
            assert.equal(text.includes(canarySecret), false);
            assert.equal(text.includes(canaryToken), false);
            return true;
          },
        );
      });
    }
  });

  describe('encodeRfc3986', () => {
    it('keeps only the unreserved characters', () => {
      assert.equal(encodeRfc3986('AZaz09-_.~'), 'AZaz09-_.~');
      assert.equal(encodeRfc3986(" /?#&=+%!'()*:@$,;[]"), '%20%2F%3F%23%26%3D%2B%25%21%27%28%29%2A%3A%40%24%2C%3B%5B%5D');
      assert.equal(encodeRfc3986('ü漢😀'), '%C3%BC%E6%BC%A2%F0%9F%98%80');
    });

    it('refuses an unpaired surrogate', () => {
      assert.throws(() => encodeRfc3986('a\uD83D'), ConfigurationError);
    });
  });

  describe('canonicalQueryString', () => {
    it('sorts by key, then value, in code-unit order, keeping repeated keys and empty values', () => {
      const params: Array<[string, string]> = [['b', '2'], ['a', 'z'], ['a', ''], ['B', 'x'], ['a', 'y'], ['aü', '1'], ['a~', '1']];
      assert.equal(canonicalQueryString(params), 'B=x&a=&a=y&a=z&a~=1&a%C3%BC=1&b=2');
    });

    it('is empty for no parameters', () => {
      assert.equal(canonicalQueryString([]), '');
    });
  });

  describe('canonical request details', () => {
    const date = { 'X-Sdk-Date': '20240102T030405Z', host: 'h.example.com' };
    const canonical = (url: string, headers: Record<string, string> = date, body?: string): string[] =>
      buildCanonicalRequest({ method: 'get', url, headers, body }).canonicalRequest.split('\n');

    it('uppercases the method and appends the trailing slash only to the canonical URI', () => {
      assert.deepEqual(canonical('https://h.example.com/v1/p/training-jobs').slice(0, 2), ['GET', '/v1/p/training-jobs/']);
      assert.equal(canonical('https://h.example.com/v1/')[1], '/v1/');
      assert.equal(canonical('https://h.example.com')[1], '/');
    });

    it('decodes path segments before encoding them, so nothing is encoded twice', () => {
      assert.equal(canonical('https://h.example.com/a%20b/%C3%BC/ü/a+b/%7e')[1], '/a%20b/%C3%BC/%C3%BC/a%2Bb/~/');
    });

    it('keeps an encoded slash inside its segment', () => {
      assert.equal(canonical('https://h.example.com/a%2Fb/c')[1], '/a%2Fb/c/');
    });

    it('keeps malformed escapes literally', () => {
      assert.equal(canonical('https://h.example.com/%zz/%C3/%e6%bc/%/%ED%A0%80/x%4')[1], '/%25zz/%25C3/%25e6%25bc/%25/%25ED%25A0%2580/x%254/');
      assert.equal(canonical('https://h.example.com/a?k=%C3&v=%zz%41')[2], 'k=%25C3&v=%25zzA');
    });

    it("treats '+' in the query as a literal plus and a bare key as an empty value", () => {
      assert.equal(canonical('https://h.example.com/a?q=a+b&flag&e=&q=a%20b&&x=1=2')[2], 'e=&flag=&q=a%20b&q=a%2Bb&x=1%3D2');
    });

    it('hashes the body as UTF-8, or takes X-Sdk-Content-Sha256 in any letter case', () => {
      const body = '{"name":"漢字 ü 😀"}';
      assert.equal(canonical('https://h.example.com/a', date, body).at(-1), sha256(body));
      assert.equal(canonical('https://h.example.com/a', date).at(-1), EMPTY_BODY_SHA256);
      const unsigned = canonical('https://h.example.com/a', { ...date, 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' }, body);
      assert.deepEqual(unsigned.slice(-2), ['host;x-sdk-content-sha256;x-sdk-date', 'UNSIGNED-PAYLOAD']);
    });

    it('sorts and lower-cases header names, trims values, and never signs Authorization', () => {
      const lines = canonical('https://h.example.com/a', { ...date, 'X-B': ' two ', 'x-a': 'one', Authorization: 'old' });
      assert.deepEqual(lines.slice(3, 9), ['host:h.example.com', 'x-a:one', 'x-b:two', 'x-sdk-date:20240102T030405Z', '', 'host;x-a;x-b;x-sdk-date']);
    });
  });

  describe('host', () => {
    const credentials = { accessKey: 'AKEXAMPLEAKEXAMPLE01', secretKey: 'sk' };
    const hostOf = (url: string, headers: Record<string, string> = {}): Record<string, string> =>
      signRequest({ method: 'GET', url, headers }, credentials, new Date(0));

    it('is hostname[:port], lower case, default port omitted', () => {
      assert.equal(hostOf('https://ModelArts.Example.COM/a').host, 'modelarts.example.com');
      assert.equal(hostOf('https://h.example.com:443/a').host, 'h.example.com');
      assert.equal(hostOf('http://127.0.0.1:80/a').host, '127.0.0.1');
      assert.equal(hostOf('http://127.0.0.1:8080/a').host, '127.0.0.1:8080');
      assert.equal(hostOf('https://[::1]:8443/a').host, '[::1]:8443');
    });

    it("keeps a caller's Host header in any letter case", () => {
      const headers = hostOf('http://127.0.0.1:8080/a', { Host: 'modelarts.example.com' });
      assert.equal(headers.Host, 'modelarts.example.com');
      assert.equal(headers.host, undefined);
      assert.match(headers.Authorization, /SignedHeaders=host;x-sdk-date, /);
    });
  });

  // Where our signer and the official Node signer part ways on purpose; each is why the comparison
  // above builds the official request the way it does.
  describe('known differences from the official Node signer', () => {
    const credential = new BasicCredentials().withAk('AKEXAMPLEAKEXAMPLE01').withSk('sk');
    const dated = { 'X-Sdk-Date': '20240102T030405Z' };
    const official = (endpoint: string, headers: Record<string, string> = dated): Record<string, string> =>
      AKSKSigner.sign({ method: 'GET', endpoint, headers, queryParams: {} }, credential) as Record<string, string>;
    const ours = (url: string, headers: Record<string, string> = dated): Record<string, string> =>
      signRequest({ method: 'GET', url, headers }, { accessKey: 'AKEXAMPLEAKEXAMPLE01', secretKey: 'sk' });

    it('an explicit default port: the official signer (legacy url.parse) keeps it in host, fetch does not send it', () => {
      assert.equal(official('https://h.example.com:443/a').host, 'h.example.com:443');
      assert.equal(ours('https://h.example.com:443/a').host, 'h.example.com');
    });

    it('a pre-encoded path: the official signer encodes the escape again, we decode first (as the Python SDK does)', () => {
      assert.equal(ours('https://h.example.com/a%C3%BCb').Authorization, official('https://h.example.com/aüb').Authorization);
      assert.notEqual(ours('https://h.example.com/a%C3%BCb').Authorization, official('https://h.example.com/a%C3%BCb').Authorization);
    });

    it("a lower-case x-sdk-date: the official signer ignores it and adds a second date header", () => {
      const lower = { 'x-sdk-date': '20200101T000000Z' };
      const headers = official('https://h.example.com/a', lower);
      assert.ok('x-sdk-date' in headers && 'X-Sdk-Date' in headers);
      assert.deepEqual(Object.keys(ours('https://h.example.com/a', lower)).sort(), ['Authorization', 'host', 'x-sdk-date']);
    });
  });
});
