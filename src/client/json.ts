/**
 * Tolerant JSON for every answer: big integers kept exact, the error envelope in whichever spelling,
 * and small readers that turn a missing or mistyped field into an {@link InvalidResponseError} naming
 * the request and the field, never a `SyntaxError` or `TypeError`. The v1, v2 and IAM parsers are
 * built on these.
 */
import { InvalidResponseError, type RequestContext } from './errors';
import { t } from '../util/l10n';

/** Which answer is being parsed, for error messages. */
export interface ParseContext {
  readonly request: RequestContext;
  readonly status: number;
}

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/**
 * Wraps every integer literal of 16 or more digits that stands outside a JSON string in quotes, so
 * that `JSON.parse` keeps its exact digits as a string instead of rounding it through a float
 * (2^53 has 16 digits). Shorter numbers, decimals and exponents are left alone. The input need not
 * be valid JSON; the scan only tracks strings and escapes.
 */
export function protectBigIntegers(text: string): string {
  // Fast path: most bodies (timestamps are 13 digits) have no run of 16 digits at all.
  if (!/[0-9]{16}/.test(text)) {
    return text;
  }
  const parts: string[] = [];
  let copiedUpTo = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) {
          i += 2;
        } else {
          i++;
          if (d === QUOTE) {
            break;
          }
        }
      }
    } else if (c === MINUS || isDigit(c)) {
      const start = i;
      if (c === MINUS) {
        i++;
      }
      const digitsStart = i;
      while (i < n && isDigit(text.charCodeAt(i))) {
        i++;
      }
      const digitCount = i - digitsStart;
      let integer = true;
      while (i < n && /[0-9.eE+-]/.test(text[i])) {
        integer = false;
        i++;
      }
      if (integer && digitCount >= 16) {
        parts.push(text.slice(copiedUpTo, start), '"', text.slice(start, i), '"');
        copiedUpTo = i;
      }
    } else {
      i++;
    }
  }
  if (parts.length === 0) {
    return text;
  }
  parts.push(text.slice(copiedUpTo));
  return parts.join('');
}

/** @param what what is wrong with the answer, already in the display language (`t`). */
export function invalid(ctx: ParseContext, what: string): InvalidResponseError {
  return new InvalidResponseError(
    t('{0} {1} answered HTTP {2} but {3}. Check that the endpoint points at ModelArts (or IAM); if it does, the service may be having trouble: try again later.',
      ctx.request.method, ctx.request.path, ctx.status, what),
    { request: ctx.request, status: ctx.status });
}

/**
 * Parses a body into a JSON object, keeping big integers exact. An empty body, a non-JSON body (an
 * HTML gateway page), truncated JSON or a non-object becomes an {@link InvalidResponseError} with
 * the HTTP status in its message.
 */
export function parseJsonObject(text: string, ctx: ParseContext, contentType?: string): JsonObject {
  if (text.trim() === '') {
    throw invalid(ctx, t('with an empty body instead of JSON'));
  }
  let value: unknown;
  try {
    value = JSON.parse(protectBigIntegers(text));
  } catch {
    const looksHtml = /^\s*</.test(text) || /html/i.test(contentType ?? '');
    throw invalid(ctx, looksHtml
      ? t('with an HTML page instead of JSON (typically a gateway or proxy error page)')
      : t('with a body that is not valid JSON (it may have been cut off)'));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(ctx, t('with JSON that is not an object'));
  }
  return value as JsonObject;
}

/** The error fields of a failure envelope, whichever spelling the service used. */
export interface ErrorEnvelope {
  readonly errorCode?: string;
  readonly message?: string;
  readonly requestId?: string;
}

/** `ModelArts.0015`, `APIG.0101`, `ModelArts.50004000`: what an `error_code` looks like. */
const SERVICE_CODE = /^[A-Za-z]{1,20}\.\d{1,8}$/;

/**
 * The `error_code` when it looks like a service error code, else undefined: a code is repeated in
 * messages and compared in decisions, so anything else a server puts there (text, markup, a link) is
 * dropped.
 */
export function serviceCode(code: string | undefined): string | undefined {
  return code !== undefined && SERVICE_CODE.test(code) ? code : undefined;
}

/**
 * Reads `error_code`, `error_msg` or `error_message`, and `request_id` from a failure body; also
 * the Keystone-style `{"error": {"message", "code"}}` that IAM answers with. An `error_code` that does
 * not look like one is left out ({@link serviceCode}).
 */
export function readErrorEnvelope(body: JsonObject | undefined): ErrorEnvelope {
  if (!body) {
    return {};
  }
  const nested = isObject(body.error) ? body.error : undefined;
  const errorCode = serviceCode(optString(body.error_code) ?? optString(body.errorCode));
  const message = optString(body.error_msg) ?? optString(body.error_message) ?? optString(nested?.message);
  const requestId = optString(body.request_id);
  return { errorCode, message, requestId };
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function optString(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return undefined;
}

/** A number, or a numeric string (big integers arrive as strings after {@link protectBigIntegers}). */
export function optNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

/** An ID as a digit string: from a safe integer or a digit string, never through a float. */
export function optId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return String(value);
  }
  if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) {
    return value;
  }
  return undefined;
}

export function reqId(obj: JsonObject, key: string, where: string, ctx: ParseContext): string {
  const id = optId(obj[key]);
  if (id === undefined) {
    throw invalid(ctx, t('its field "{0}" is missing or is not an ID made of digits', `${where}${key}`));
  }
  return id;
}

export function reqString(obj: JsonObject, key: string, where: string, ctx: ParseContext): string {
  const value = obj[key];
  if (typeof value !== 'string') {
    throw invalid(ctx, t('its field "{0}" is missing or is not a string', `${where}${key}`));
  }
  return value;
}

export function reqInteger(obj: JsonObject, key: string, where: string, ctx: ParseContext): number {
  const value = optNumber(obj[key]);
  if (value === undefined || !Number.isInteger(value)) {
    throw invalid(ctx, t('its field "{0}" is missing or is not an integer', `${where}${key}`));
  }
  return value;
}

export function reqArray(obj: JsonObject, key: string, ctx: ParseContext): unknown[] {
  const value = obj[key];
  if (!Array.isArray(value)) {
    throw invalid(ctx, t('its field "{0}" is missing or is not a list', key));
  }
  return value;
}

export function reqObjectAt(value: unknown, where: string, ctx: ParseContext): JsonObject {
  if (!isObject(value)) {
    throw invalid(ctx, t('"{0}" is not an object', where));
  }
  return value;
}

/**
 * Number of jobs/versions: a count field when present. `undefined` tells the caller the service
 * did not say.
 */
export function optCount(value: unknown): number | undefined {
  const n = optNumber(value);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * The most jobs (or versions of a job) a count may claim and still be believed: far above any quota
 * (a project holds at most a few thousand jobs), far below a number that would mislead "N of M loaded".
 */
const MAX_BELIEVED_COUNT = 10_000_000;

/** A count the service reported, when it is believable; undefined otherwise (paging then ends on a short page). */
export function believableCount(value: unknown): number | undefined {
  const n = optCount(value);
  return n !== undefined && n <= MAX_BELIEVED_COUNT ? n : undefined;
}

