/**
 * Looks for known secret values in every regular file under some folders, the way an attacker with a
 * copy of the user's VS Code data would: raw bytes, UTF-8 and UTF-16 (Chromium keeps web storage
 * strings as UTF-16). Results name the file and the secret's label, never the secret itself.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Environment variable with a JSON array of every folder a run writes to (server user data, logs,
 * sockets, browser profile, workspace). The host tests read it to scan for leaked secrets.
 */
export const SCAN_DIRS_ENV = 'MODELARTS_TEST_SCAN_DIRS';

/**
 * Environment variable holding the random seed of the run's canary secrets (see `canariesFromSeed`).
 * When set, every folder of the run is scanned for them once everything has stopped.
 */
export const CANARY_SEED_ENV = 'MODELARTS_CANARY_SEED';

/** A secret to look for; `label` (e.g. "secret key") is what a report prints. */
export interface Canary {
  readonly label: string;
  readonly value: string;
}

/** A file that contains a canary. */
export interface SecretHit {
  readonly file: string;
  readonly label: string;
}

/** The outcome of one scan. */
export interface SecretScanResult {
  readonly filesScanned: number;
  readonly bytesScanned: number;
  readonly hits: SecretHit[];
}

function* regularFiles(dir: string): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // vanished while scanning (a process still cleaning up), or never created
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* regularFiles(full);
    } else if (entry.isFile()) {
      yield full;
    }
  }
}

/**
 * Scans every regular file under `dirs` (recursively; sockets, links and vanished files are skipped)
 * for each canary. Canaries shorter than 8 characters are refused: they would match by chance.
 */
export function scanForSecrets(dirs: readonly string[], canaries: readonly Canary[]): SecretScanResult {
  const patterns = canaries.map(canary => {
    if (canary.value.length < 8) {
      throw new Error(`Canary "${canary.label}" is too short to scan for reliably.`);
    }
    return { label: canary.label, encodings: [Buffer.from(canary.value, 'utf8'), Buffer.from(canary.value, 'utf16le')] };
  });
  const seen = new Set<string>();
  const hits: SecretHit[] = [];
  let filesScanned = 0;
  let bytesScanned = 0;
  for (const dir of dirs) {
    for (const file of regularFiles(path.resolve(dir))) {
      if (seen.has(file)) {
        continue; // nested folders given twice
      }
      seen.add(file);
      let content: Buffer;
      try {
        content = fs.readFileSync(file);
      } catch {
        continue;
      }
      filesScanned++;
      bytesScanned += content.length;
      for (const pattern of patterns) {
        if (pattern.encodings.some(encoded => content.includes(encoded))) {
          hits.push({ file, label: pattern.label });
        }
      }
    }
  }
  return { filesScanned, bytesScanned, hits };
}

/** Canaries derived from one random seed, shared by a test run and the scan after it. */
export function canariesFromSeed(seed: string): Canary[] {
  return [
    { label: 'secret access key', value: `canarySK${seed}` },
    { label: 'temporary secret access key', value: `canaryTK${seed}` },
    { label: 'security token', value: `canaryST${seed}` },
    { label: 'password', value: `canaryPW${seed}` },
  ];
}

/** A fresh random seed for {@link CANARY_SEED_ENV}. */
export function newCanarySeed(): string {
  return crypto.randomBytes(12).toString('hex');
}

/**
 * The canary seed a test process must use, from its environment: the harness's seed; a fresh one when
 * no harness scans the run afterwards (no {@link SCAN_DIRS_ENV}). Throws when the run's folders will be
 * scanned but the seed did not arrive: canaries from another seed would make that scan find nothing,
 * whatever leaked.
 */
export function canarySeedFrom(env: NodeJS.ProcessEnv): string {
  const seed = env[CANARY_SEED_ENV];
  if (seed) {
    return seed;
  }
  if (env[SCAN_DIRS_ENV]) {
    throw new Error(`${SCAN_DIRS_ENV} is set but ${CANARY_SEED_ENV} is not: the harness's scan for leaked secrets `
      + 'would look for canaries these tests never used. Pass both through to the extension host.');
  }
  return newCanarySeed();
}
