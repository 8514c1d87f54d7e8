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
import { canonicalQueryString, compareCodeUnits, decodePercent, encodeRfc3986 } from './percent';

export { canonicalQueryString, encodeRfc3986 } from './percent';

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
// CR, LF and NUL would let a value forge extra canonical header lines; fetch refuses them anyway.
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;
// An AK is printed into the Authorization header, where whitespace or a comma would split its fields.
const ACCESS_KEY = /^[\x21-\x2b\x2d-\x7e]+$/;

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
