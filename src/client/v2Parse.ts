/**
 * Tolerant parsing of the new-version ("v2") training answers (modelarts-v2-api.md): IDs are opaque
 * strings, counts may come as strings, the log text is `content` or (before 2022) `context`, times are
 * epoch milliseconds or ISO strings; unknown fields are kept in `raw`. Anything unusable becomes an
 * `InvalidResponseError` naming the request and the field.
 */
import {
  believableCount, invalid, isObject, optNumber, optString, reqArray, reqObjectAt, type JsonObject, type ParseContext,
} from './json';
import type { LogLines } from './calls';
import type { V2Event, V2EventPage, V2Job, V2LogPreview, V2TaskStatus } from './v2Types';
import { t } from '../util/l10n';

/** An opaque v2 ID: a non-empty string without control characters, at most 128 characters. */
function optOpaqueId(value: unknown): string | undefined {
  const text = optString(value);
  // eslint-disable-next-line no-control-regex
  return text !== undefined && text.length > 0 && text.length <= 128 && !/[\u0000-\u001f\u007f]/.test(text) ? text : undefined;
}

function object(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(optOpaqueId).filter((s): s is string => s !== undefined) : [];
}

function taskStatuses(value: unknown): V2TaskStatus[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter(isObject).map(item => ({
    task: optString(item.task) ?? '',
    ...(optNumber(item.exit_code) !== undefined ? { exitCode: optNumber(item.exit_code) } : {}),
    ...(optString(item.message) !== undefined ? { message: optString(item.message) } : {}),
  }));
}

function words(...parts: unknown[]): string | undefined {
  const text = parts.map(optString).filter((p): p is string => p !== undefined && p.trim() !== '').join(' ');
  return text === '' ? undefined : text;
}

/** One JobResponse (list item, show, or the answer to a stop). */
export function parseV2Job(value: unknown, where: string, ctx: ParseContext): V2Job {
  const job = reqObjectAt(value, where, ctx);
  const metadata = reqObjectAt(job.metadata, `${where}.metadata`, ctx);
  const jobId = optOpaqueId(metadata.id);
  if (jobId === undefined) {
    throw invalid(ctx, t('its field "{0}" is missing or is not a job ID', `${where}.metadata.id`));
  }
  const status = object(job.status);
  const resource = object(object(job.spec).resource);
  const engine = object(object(job.algorithm).engine);
  const nodeCount = optNumber(resource.node_count);
  return {
    jobId,
    name: optString(metadata.name) ?? '',
    description: optString(metadata.description) ?? '',
    kind: optString(job.kind) ?? 'job',
    phase: optString(status.phase) ?? '',
    ...(optString(status.secondary_phase) ? { secondaryPhase: optString(status.secondary_phase) } : {}),
    ...(optNumber(metadata.create_time) !== undefined ? { createTime: optNumber(metadata.create_time) } : {}),
    ...(optNumber(status.start_time) !== undefined ? { startTime: optNumber(status.start_time) } : {}),
    ...(optNumber(status.duration) !== undefined ? { duration: optNumber(status.duration) } : {}),
    ...(optString(metadata.user_name) ? { userName: optString(metadata.user_name) } : {}),
    tasks: strings(status.tasks),
    taskStatuses: taskStatuses(status.task_statuses),
    ...(words(engine.engine_name, engine.engine_version) ? { engine: words(engine.engine_name, engine.engine_version) } : {}),
    ...(words(resource.flavor_name) ?? words(resource.flavor_id) ? { flavor: words(resource.flavor_name) ?? words(resource.flavor_id) } : {}),
    ...(nodeCount !== undefined && Number.isInteger(nodeCount) && nodeCount >= 0 ? { nodeCount } : {}),
    raw: job,
  };
}

/** The answer of `POST …/training-job-searches`: the items, and the total when believable. */
export function parseV2JobList(body: JsonObject, ctx: ParseContext): { readonly jobs: V2Job[]; readonly total?: number } {
  const items = reqArray(body, 'items', ctx);
  const total = believableCount(body.total);
  return { jobs: items.map((item, i) => parseV2Job(item, `items[${i}]`, ctx)), ...(total !== undefined ? { total } : {}) };
}

/** A log preview: `content` (or the older `context`) with its sizes. */
export function parseV2LogPreview(body: JsonObject, ctx: ParseContext): V2LogPreview {
  const content = typeof body.content === 'string' ? body.content : typeof body.context === 'string' ? body.context : undefined;
  if (content === undefined) {
    throw invalid(ctx, t('its field "{0}" is missing or is not text', 'content'));
  }
  const currentSize = believableCount(body.current_size);
  const fullSize = believableCount(body.full_size);
  return {
    content,
    ...(currentSize !== undefined ? { currentSize } : {}),
    ...(fullSize !== undefined ? { fullSize } : {}),
    truncated: currentSize !== undefined && fullSize !== undefined && currentSize < fullSize,
  };
}

/** Lines of a task's log; the cursors stay exact strings (they exceed 2^53). */
export function parseV2LogLines(body: JsonObject): LogLines {
  return {
    content: optString(body.content) ?? '',
    lines: optNumber(body.lines) ?? 0,
    startLine: optString(body.start_line) ?? '',
    endLine: optString(body.end_line) ?? '',
  };
}

/** The temporary link to a whole log; only `http(s)` URLs are accepted. */
export function parseV2LogUrl(body: JsonObject, ctx: ParseContext): string {
  const url = optString(body.obs_url);
  let parsed: URL | undefined;
  try {
    parsed = url === undefined ? undefined : new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw invalid(ctx, t('its field "{0}" is missing or is not a web link', 'obs_url'));
  }
  return parsed.toString();
}

/** A page of events; `total` arrives as a string or a number. */
export function parseV2Events(body: JsonObject, ctx: ParseContext): V2EventPage {
  const events = reqArray(body, 'events', ctx).map((item, i): V2Event => {
    const event = reqObjectAt(item, `events[${i}]`, ctx);
    const timeText = optString(event.time) ?? '';
    const time = typeof event.time === 'number' ? event.time : Date.parse(timeText);
    return {
      ...(Number.isFinite(time) ? { time } : {}),
      timeText,
      level: optString(event.level) ?? '',
      message: optString(event.message) ?? '',
      ...(optString(event.source) ? { source: optString(event.source) } : {}),
    };
  });
  const total = believableCount(body.total);
  return { events, ...(total !== undefined ? { total } : {}) };
}
