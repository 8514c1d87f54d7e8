/**
 * Validation of the IDs that become URL path segments. Job and version IDs are Longs in the API, so
 * anything that is not plain digits is refused before a request exists: no `..`, `/`, `?`, `#` or
 * space can ever change which resource a request targets.
 */
import { InvalidIdError, type RequestContext } from './errors';
import { t } from '../util/l10n';

/** Longest digit string accepted: 20 digits holds every unsigned 64-bit value. */
const ID_PATTERN = /^[0-9]{1,20}$/;

/** Project IDs are 32 hex digits on both clouds; allow a little more but never a URL metacharacter. */
const PROJECT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Shows a rejected value without letting a huge or multi-line input flood the message. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  return t('a value of type {0}', value === null ? 'null' : typeof value);
}

/**
 * Returns the canonical string form of a job or version ID, or throws {@link InvalidIdError}.
 * Accepts a non-negative safe integer, a bigint, or a string of 1–20 ASCII digits; rejects everything
 * else (including `' 1'`, `'1e3'`, `'-1'`, `'0x10'`, `''`).
 * @param what `'job'` or `'version'`, for the message.
 * @param request the operation the ID was meant for (method and path template), for the message.
 */
export function checkId(value: unknown, what: 'job' | 'version', request: RequestContext): string {
  let text: string | undefined;
  if (typeof value === 'string' && ID_PATTERN.test(value)) {
    text = value;
  } else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    text = String(value);
  } else if (typeof value === 'bigint' && value >= 0n) {
    const digits = value.toString();
    text = digits.length <= 20 ? digits : undefined;
  }
  if (text === undefined) {
    const shown = describeValue(value);
    throw new InvalidIdError(what === 'job'
      ? t('{0} {1}: the job ID {2} is not valid; job IDs are made of digits only (for example 182626). Nothing was sent.', request.method, request.path, shown)
      : t('{0} {1}: the version ID {2} is not valid; version IDs are made of digits only (for example 182626). Nothing was sent.', request.method, request.path, shown),
    { request });
  }
  return text;
}

/** What a new-version job or task ID may be: opaque, but one path segment that cannot mean anything else. */
const OPAQUE_ID_PATTERN = /^[A-Za-z0-9_.:@~-]{1,128}$/;

/**
 * Returns a new-version job or task ID (an opaque string, a UUID in practice, `worker-0` for a task),
 * or throws {@link InvalidIdError}. It is percent-encoded into the path, but `.` and `..`, which a
 * gateway may resolve as path steps, and anything outside letters, digits and `_.:@~-` are refused
 * before a request exists.
 */
export function checkOpaqueId(value: unknown, what: 'job' | 'task', request: RequestContext): string {
  if (typeof value === 'string' && OPAQUE_ID_PATTERN.test(value) && value !== '.' && value !== '..') {
    return value;
  }
  const shown = describeValue(value);
  throw new InvalidIdError(what === 'job'
    ? t('{0} {1}: the job ID {2} is not valid; new-version job IDs look like {3}. Nothing was sent.', request.method, request.path, shown, '3faf5c03-aaa1-4cbe-879d-24b05d997347')
    : t('{0} {1}: the task ID {2} is not valid; task IDs look like {3}. Nothing was sent.', request.method, request.path, shown, 'worker-0'),
  { request });
}

/**
 * Where a credential holds a character that is not printable ASCII (a pasted zero-width space, a
 * non-breaking space, a line break), as `position N (U+XXXX)`; undefined when it is all printable
 * ASCII. Keys, tokens and passwords are ASCII; such a character fails much later, as an unexplained
 * network or signature error. `space` allows the space itself (passwords).
 */
export function nonPrintableAt(value: string, space = false): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < (space ? 0x20 : 0x21) || code > 0x7e) {
      const cp = value.codePointAt(i) ?? code;
      return t('position {0} ({1})', i + 1, `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
    }
  }
  return undefined;
}

/** True when `value` has the form of an IAM project ID (letters, digits, `-`, `_`; at most 64). */
export function isProjectId(value: unknown): value is string {
  return typeof value === 'string' && PROJECT_ID_PATTERN.test(value);
}

/**
 * Returns the project ID if it has the form of an IAM project ID (letters, digits, `-`, `_`),
 * or throws {@link InvalidIdError}. The ID comes from settings or from IAM, so it is checked too.
 */
export function checkProjectId(value: unknown, request: RequestContext): string {
  if (isProjectId(value)) {
    return value;
  }
  throw new InvalidIdError(
    t('{0} {1}: the project ID {2} is not valid; a project ID is made of letters and digits (32 hexadecimal digits, shown under My Credentials > Projects in the console).',
      request.method, request.path, describeValue(value)),
    { request });
}
