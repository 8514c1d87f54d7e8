/**
 * AK/SK request signing for the Huawei Cloud / Open Telekom Cloud API Gateway ("SDK-HMAC-SHA256").
 *
 * The algorithm is the one of the official SDKs (see `modelarts-api.md` section 9.2): a canonical request
 * (method, canonical URI, canonical query, canonical headers, signed header names, payload hash) is
 * hashed, and the string to sign is MACed with the secret key itself, without any derived key chain.
 * Only `node:crypto` and Node's WHATWG `URL` are used, so this runs in plain Node and in the bundle.
 */
import { createHash, createHmac } from 'node:crypto';
import { ConfigurationError } from './errors';

/** The algorithm name that starts the `Authorization` value and the string to sign. */
export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

/** SHA-256 of the empty body, the payload hash of every GET. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** A request as the signer sees it: the URL already holds the query string that will be sent. */
export interface SignableRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body text that will be sent (hashed as UTF-8); absent or empty for no body. */
  readonly body?: string;
}

/** Permanent AK/SK, or temporary AK/SK with the security token that goes with them. */
export interface SigningCredentials {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken?: string;
}

/** The canonical request and the lower-case, `;`-joined names of the headers it covers. */
export interface CanonicalRequest {
  readonly canonicalRequest: string;
  readonly signedHeaders: string;
}

const HEADER_DATE = 'X-Sdk-Date';
const HEADER_HOST = 'host';
const HEADER_AUTHORIZATION = 'Authorization';
const HEADER_SECURITY_TOKEN = 'X-Security-Token';
const HEADER_CONTENT_SHA256 = 'x-sdk-content-sha256';
const AUTHORIZATION_LOWER = 'authorization';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;
// CR, LF and NUL would let a value forge extra canonical header lines; fetch refuses them anyway.
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;
// An AK is printed into the Authorization header, where whitespace or a comma would split its fields.
const ACCESS_KEY = /^[\x21-\x2b\x2d-\x7e]+$/;

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

/**
 * Signs `request` with AK/SK and returns the complete headers to send: the caller's headers, plus
 * `X-Sdk-Date` (unless the caller set it, in any letter case: then its value is reused), `host` (unless
 * present; the URL's `hostname[:port]`, default port omitted), `X-Security-Token` when
 * `credentials.securityToken` is given (added before signing, so it is signed; it replaces any caller
 * value), and `Authorization` (a caller's `Authorization` is dropped). Every header returned except
 * `Authorization` is signed; headers added afterwards are not covered. `date` (default: now) is used only
 * when no `X-Sdk-Date` is present. The URL's query is decoded (`+` is a literal plus; a malformed
 * `%` escape is kept literally) and canonicalised, so build it with {@link canonicalQueryString}.
 * Throws `ConfigurationError` for an invalid URL, credentials or header; no message holds a key or
 * token.
 */
export function signRequest(
  request: SignableRequest,
  credentials: SigningCredentials,
  date?: Date,
): Record<string, string> {
  const method = request.method.toUpperCase();
  if (!TOKEN.test(method)) {
    throw new ConfigurationError('Cannot sign the request: the HTTP method is not a valid token.');
  }
  if (!credentials.accessKey || !ACCESS_KEY.test(credentials.accessKey) || !credentials.secretKey) {
    throw new ConfigurationError(
      `Cannot sign ${method} request: the access key or secret key is empty or malformed. Configure the AK/SK again.`,
    );
  }
  const url = parseUrl(request.url, method);
  const headers = checkedHeaders(request.headers, method);

  delete headers[AUTHORIZATION_LOWER];
  if (credentials.securityToken !== undefined) {
    if (credentials.securityToken === '' || FORBIDDEN_IN_VALUE.test(credentials.securityToken)) {
      throw new ConfigurationError(
        `Cannot sign ${method} ${url.pathname}: the security token is empty or malformed. Obtain a new temporary AK/SK.`,
      );
    }
    headers[HEADER_SECURITY_TOKEN.toLowerCase()] = [HEADER_SECURITY_TOKEN, credentials.securityToken];
  }
  // An empty X-Sdk-Date or host is treated as absent and replaced: the gateway cannot use it.
  if (!headers[HEADER_DATE.toLowerCase()]?.[1].trim()) {
    headers[HEADER_DATE.toLowerCase()] = [HEADER_DATE, formatSdkDate(date ?? new Date())];
  }
  if (!headers[HEADER_HOST]?.[1].trim()) {
    headers[HEADER_HOST] = [HEADER_HOST, url.host];
  }

  // The URL and headers are parsed and checked once, above; signing is on every request's hot path.
  const { canonicalRequest, signedHeaders } = canonicalize(method, url, headers, request.body);
  const sdkDate = headers[HEADER_DATE.toLowerCase()][1].trim();
  const stringToSign = buildStringToSign(sdkDate, canonicalRequest);
  const signature = createHmac('sha256', credentials.secretKey).update(stringToSign, 'utf8').digest('hex');

  const toSend: Record<string, string> = {};
  for (const lower in headers) {
    const entry = headers[lower];
    toSend[entry[0]] = entry[1];
  }
  toSend[HEADER_AUTHORIZATION] = `${SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return toSend;
}

/**
 * The canonical request for `request`, whose `headers` must already be every header to sign (`host`
 * and `X-Sdk-Date` included; an `Authorization` header is ignored). Exported so that tests can check
 * the intermediate step against the known-answer vectors.
 */
export function buildCanonicalRequest(request: SignableRequest): CanonicalRequest {
  const method = request.method.toUpperCase();
  return canonicalize(method, parseUrl(request.url, method), checkedHeaders(request.headers, method), request.body);
}

function canonicalize(
  method: string,
  url: URL,
  headers: Record<string, [name: string, value: string]>,
  body: string | undefined,
): CanonicalRequest {
  const entries: [string, string][] = [];
  for (const lower in headers) {
    if (lower !== AUTHORIZATION_LOWER) {
      entries.push([lower, headers[lower][1].trim()]);
    }
  }
  entries.sort((a, b) => compareCodeUnits(a[0], b[0]));
  const canonicalHeaders = entries.map(([name, value]) => `${name}:${value}\n`).join('');
  const signedHeaders = entries.map(([name]) => name).join(';');
  const contentSha = entries.find(([name]) => name === HEADER_CONTENT_SHA256);
  const payloadHash = contentSha ? contentSha[1] : sha256Hex(body ?? '');
  const canonicalRequest = [
    method,
    canonicalUri(url.pathname),
    canonicalQueryString(parseQuery(url.search)),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  return { canonicalRequest, signedHeaders };
}

/** The string to sign: the algorithm, the `X-Sdk-Date` value and the hex SHA-256 of the canonical request. */
export function buildStringToSign(sdkDate: string, canonicalRequest: string): string {
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
}

/** `date` in UTC as `YYYYMMDDTHHMMSSZ` (seconds truncated), the `X-Sdk-Date` format. */
export function formatSdkDate(date: Date): string {
  const ms = date.getTime();
  const year = date.getUTCFullYear();
  if (Number.isNaN(ms) || year < 0 || year > 9999) {
    throw new ConfigurationError('Cannot sign the request: the signing date is not a valid date. Check the system clock.');
  }
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function parseUrl(raw: string, method: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigurationError(`Cannot sign ${method} request: the URL is not valid. Check the endpoint setting.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`Cannot sign ${method} ${url.pathname}: only http and https URLs can be signed.`);
  }
  return url;
}

/**
 * The caller's headers keyed by lower-case name, each with its original name and value. Two names that
 * differ only in case would be sent as one combined header that nobody signed, so they are refused.
 */
function checkedHeaders(
  headers: Readonly<Record<string, string>>,
  method: string,
): Record<string, [name: string, value: string]> {
  const byLowerName: Record<string, [string, string]> = Object.create(null) as Record<string, [string, string]>;
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) {
      throw new ConfigurationError(`Cannot sign ${method} request: a header name is not a valid HTTP token.`);
    }
    const lower = name.toLowerCase();
    if (typeof value !== 'string' || FORBIDDEN_IN_VALUE.test(value)) {
      throw new ConfigurationError(`Cannot sign ${method} request: the value of header ${name} is not a single-line string.`);
    }
    if (lower in byLowerName) {
      throw new ConfigurationError(`Cannot sign ${method} request: header ${name} is given twice in different letter cases.`);
    }
    byLowerName[lower] = [name, value];
  }
  return byLowerName;
}

/**
 * Canonical URI: each `/`-separated segment of the path as sent is decoded and RFC 3986-encoded again,
 * so a pre-encoded path is not encoded twice and an encoded `/` stays inside its segment; a trailing
 * `/` is appended when missing (the request sent keeps its real path).
 */
function canonicalUri(pathname: string): string {
  const path = pathname
    .split('/')
    .map((segment) => encodeRfc3986(decodePercent(segment)))
    .join('/');
  return path.endsWith('/') ? path : `${path}/`;
}

/**
 * The query's `key=value` pairs, decoded. Like the official signer, which is handed decoded values,
 * `+` stays a literal plus; a bare `key` is `key=''`; empty pieces between `&`s are skipped.
 */
function parseQuery(search: string): Array<[string, string]> {
  const query = search.startsWith('?') ? search.slice(1) : search;
  const pairs: Array<[string, string]> = [];
  for (const piece of query.split('&')) {
    if (piece === '') {
      continue;
    }
    const eq = piece.indexOf('=');
    const key = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    pairs.push([decodePercent(key), decodePercent(value)]);
  }
  return pairs;
}

/**
 * Decodes `%XX` escapes as UTF-8. An escape that is not two hex digits, or bytes that are not
 * well-formed UTF-8, are kept as the literal text, so a malformed URL still signs what it sends.
 */
function decodePercent(s: string): string {
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
