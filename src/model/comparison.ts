/**
 * Comparing two versions (or two new-version jobs), as pure functions: each is flattened into sorted
 * `key: value` lines (parameters, engine, spec, inputs and outputs, metrics, durations), so VS Code's
 * diff editor shows what differs line by line; the "differences only" variant keeps the lines that
 * differ. Server text is made single-line here; nothing secret is taken (tokens are not compared).
 */
import type { VersionDetails } from '../client/types';
import type { V2Job } from '../client/v2Types';
import { formatDuration, formatTime } from '../util/format';
import { t } from '../util/l10n';
import { singleLine } from '../util/sanitize';
import { statusInfo } from './status';
import { phaseInfo } from './v2Phase';

/** The fields of one side, by key. */
export type Fields = ReadonlyMap<string, string>;

const MAX_VALUE = 2000;
/** How deep metrics are flattened, and how many of their leaves are kept. */
const MAX_DEPTH = 6;
const MAX_LEAVES = 500;

function put(fields: Map<string, string>, key: string, value: unknown): void {
  if (value === undefined || value === null || value === '') {
    return;
  }
  fields.set(key, singleLine(String(value)).slice(0, MAX_VALUE));
}

/** Flattens JSON-ish `value` under `prefix` (`metrics.accuracy`, `metrics.loss[0]`). */
function flatten(fields: Map<string, string>, prefix: string, value: unknown, depth = 0): void {
  if (fields.size > MAX_LEAVES) {
    return;
  }
  if (value !== null && typeof value === 'object' && depth < MAX_DEPTH) {
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [`.${k}`, v] as const);
    entries.forEach(([k, v]) => flatten(fields, `${prefix}${k}`, v, depth + 1));
    return;
  }
  put(fields, prefix, typeof value === 'object' ? JSON.stringify(value) : value);
}

/** An old-version version's fields. */
export function versionFields(v: VersionDetails): Fields {
  const fields = new Map<string, string>();
  put(fields, 'job', t('{0} (ID {1})', v.jobName, v.jobId));
  put(fields, 'version', t('{0} (ID {1})', v.versionName, v.versionId));
  put(fields, 'status', statusInfo(v.status).label);
  put(fields, 'created', formatTime(v.createTime));
  put(fields, 'duration', v.duration === undefined ? undefined : formatDuration(v.duration));
  put(fields, 'engine', [v.engineName, v.engineVersion].filter(Boolean).join(' '));
  put(fields, 'spec', v.specCode);
  put(fields, 'spec.cpu', v.cpu);
  put(fields, 'spec.gpu', v.gpuNum === undefined ? undefined : `${v.gpuNum}${v.gpuType ? ` × ${v.gpuType}` : ''}`);
  put(fields, 'spec.workers', v.workerServerNum);
  put(fields, 'pool', v.poolName ?? v.poolId);
  put(fields, 'code.dir', v.appUrl);
  put(fields, 'code.boot_file', v.bootFileUrl);
  put(fields, 'image', v.userImageUrl);
  put(fields, 'image.command', v.userCommand);
  put(fields, 'input.data_url', v.dataUrl);
  put(fields, 'output.train_url', v.trainUrl);
  v.parameters.forEach(p => put(fields, `parameter.${p.label}`, p.value));
  flatten(fields, 'metrics', v.modelMetrics);
  return fields;
}

const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A new-version job's fields (from what was read; `endpoints` and `annotations`, which may hold tokens, are left out). */
export function v2Fields(job: V2Job): Fields {
  const fields = new Map<string, string>();
  const raw = record(job.raw);
  const algorithm = record(raw.algorithm);
  const spec = record(raw.spec);
  put(fields, 'job', t('{0} (ID {1})', job.name, job.jobId));
  put(fields, 'status', phaseInfo(job.phase).label);
  put(fields, 'created', formatTime(job.createTime));
  put(fields, 'duration', job.duration === undefined ? undefined : formatDuration(job.duration));
  put(fields, 'engine', job.engine);
  put(fields, 'spec.flavor', job.flavor);
  put(fields, 'spec.nodes', job.nodeCount);
  put(fields, 'spec.pool', record(spec.resource).pool_id);
  put(fields, 'code.dir', algorithm.code_dir);
  put(fields, 'code.boot_file', algorithm.boot_file);
  put(fields, 'image', record(algorithm.engine).image_url);
  put(fields, 'image.command', algorithm.command);
  list(algorithm.parameters).forEach(p => put(fields, `parameter.${String(record(p).name)}`, record(p).value));
  for (const [kind, items] of [['input', algorithm.inputs], ['output', algorithm.outputs]] as const) {
    list(items).forEach(i => put(fields, `${kind}.${String(record(i).name)}`, record(record(record(i).remote).obs).obs_url ?? record(i).local_dir));
  }
  flatten(fields, 'metrics', raw.metrics);
  return fields;
}

/** Lines every side keeps, even in "differences only": what each side is. */
const IDENTITY: ReadonlySet<string> = new Set(['job', 'version']);

/** One side of the comparison: `key: value` lines in key order; `only` keeps the keys that differ from `other` (and the identity). */
export function comparisonText(title: string, fields: Fields, other: Fields, only: boolean): string {
  const keys = [...new Set([...fields.keys(), ...other.keys()])].sort();
  const differs = (key: string) => fields.get(key) !== other.get(key);
  const shown = keys.filter(key => !only || IDENTITY.has(key) || differs(key));
  const none = only && !keys.some(key => !IDENTITY.has(key) && differs(key));
  return [`# ${singleLine(title)}`, ...shown.map(key => `${key}: ${fields.get(key) ?? '—'}`), ...(none ? [t('(no other differences)')] : []), ''].join('\n');
}
