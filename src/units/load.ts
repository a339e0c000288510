/**
 * Reads unit files from disk and parses them, caching parse results by path and content.
 *
 * File access is synchronous on purpose: the daemon rescans the whole directory on every change,
 * and for 500 small files sync open/fstat/read/close takes ~4 ms while the promise API, queued
 * behind libuv's four threads, takes 70-100 ms. The blocking stays short because files over
 * 1 MiB are rejected from fstat before reading, and FIFOs are opened non-blocking and rejected.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Diagnostic, InvalidUnit, LoadResult, UnitSpec } from './types.js';
import {
  compareNames,
  fileDiagnostic,
  invalidUnit,
  isInvalidUnit,
  MAX_UNIT_FILE_BYTES,
  parseUnitSource,
  tooLargeMessage,
  UNIT_FILE_SUFFIX,
} from './parse.js';

export interface DirLoadResult extends LoadResult {
  /**
   * Set when the directory itself could not be listed (missing, not a directory, unreadable);
   * `units` and `invalid` are then empty. An empty result with a `dirError` does NOT mean "no
   * units": the caller decides (the daemon should keep what runs rather than stop everything).
   */
  dirError: Diagnostic | null;
  /** The directory does not exist (a common, often harmless case, e.g. before the first unit). */
  dirMissing: boolean;
}

type ParseResult = UnitSpec | InvalidUnit;

interface CacheEntry {
  /**
   * The bytes that were parsed, compared whole on the next rescan: as cheap as hashing them for
   * files this small, and it keeps node:crypto (11 ms of daemon startup) from loading.
   */
  bytes: Uint8Array;
  result: ParseResult;
}

/** Editor leftovers (`.x.toml.swp`, `x.toml~`, `#x.toml#`, `.#x.toml`) never end in `.toml` or start with a dot. */
export function isUnitFileName(entryName: string): boolean {
  return entryName.endsWith(UNIT_FILE_SUFFIX) && !entryName.startsWith('.');
}

export class UnitLoader {
  private readonly cache = new Map<string, CacheEntry>();
  private parses = 0;

  /** How many times a file's content was actually parsed (cache misses); for tests and benchmarks. */
  get parseCount(): number {
    return this.parses;
  }

  /** Every `*.toml` entry of `dir` (not recursive), sorted by name. Files are reported with absolute paths. */
  async loadDir(dir: string): Promise<DirLoadResult> {
    const directory = path.resolve(dir);
    const listing = listUnitFiles(directory);
    if ('diagnostic' in listing) {
      return { units: [], invalid: [], dirError: listing.diagnostic, dirMissing: listing.missing };
    }
    const results = listing.files.map((file) => this.loadFile(file));
    this.evictVanished(directory, new Set(listing.files));
    return { ...splitResults(results), dirError: null, dirMissing: false };
  }

  /**
   * Files and directories, as given to `taskmaster check PATH...`. A path that cannot be read
   * becomes an InvalidUnit; a unit name defined twice makes every later definition invalid.
   */
  async loadPaths(paths: string[]): Promise<LoadResult> {
    const results: ParseResult[] = [];
    const seenFiles = new Set<string>();
    const addFile = (file: string) => {
      if (seenFiles.has(file)) return;
      seenFiles.add(file);
      results.push(this.loadFile(file));
    };

    for (const given of paths) {
      const target = path.resolve(given);
      if (!isDirectory(target)) {
        addFile(target);
        continue;
      }
      const listing = listUnitFiles(target);
      if ('diagnostic' in listing) results.push(invalidUnit(target, [listing.diagnostic]));
      else listing.files.forEach(addFile);
    }
    return splitResults(markDuplicateNames(results));
  }

  private loadFile(file: string): ParseResult {
    const read = readUnitFile(file);
    if ('diagnostic' in read) return invalidUnit(file, [read.diagnostic]);
    const cached = this.cache.get(file);
    if (cached && Buffer.compare(cached.bytes, read.bytes) === 0) return cached.result;
    const result = parseUnitSource(file, read.bytes);
    this.parses++;
    // A copy: read.bytes may be a slice of a shared allocation pool the cache should not pin.
    this.cache.set(file, { bytes: new Uint8Array(read.bytes), result });
    return result;
  }

  private evictVanished(directory: string, present: ReadonlySet<string>): void {
    for (const file of this.cache.keys()) {
      if (path.dirname(file) === directory && !present.has(file)) this.cache.delete(file);
    }
  }
}

function listUnitFiles(directory: string): { files: string[] } | { diagnostic: Diagnostic; missing: boolean } {
  try {
    const names = fs.readdirSync(directory).filter(isUnitFileName);
    return { files: names.map((name) => path.join(directory, name)) };
  } catch (error) {
    const code = errorCode(error);
    const reason =
      code === 'ENOENT' ? 'units directory does not exist'
      : code === 'ENOTDIR' ? 'not a directory'
      : code === 'EACCES' ? 'permission denied reading the units directory'
      : `cannot list the units directory (${code ?? String(error)})`;
    return { diagnostic: fileDiagnostic(directory, reason), missing: code === 'ENOENT' };
  }
}

function readUnitFile(file: string): { bytes: Uint8Array } | { diagnostic: Diagnostic } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return { diagnostic: fileDiagnostic(file, openFailureMessage(file, error)) };
  }
  try {
    const stats = fs.fstatSync(fd);
    if (stats.isDirectory()) return { diagnostic: fileDiagnostic(file, 'is a directory, not a unit file') };
    if (!stats.isFile()) return { diagnostic: fileDiagnostic(file, 'is not a regular file') };
    if (stats.size > MAX_UNIT_FILE_BYTES) return { diagnostic: fileDiagnostic(file, tooLargeMessage(stats.size)) };
    return readAtMost(fd, file, stats.size);
  } catch (error) {
    return { diagnostic: fileDiagnostic(file, `cannot read: ${errorCode(error) ?? String(error)}`) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads until EOF, giving up past the limit in case the file grew after fstat. */
function readAtMost(fd: number, file: string, expectedSize: number): { bytes: Uint8Array } | { diagnostic: Diagnostic } {
  // One spare byte so that an unchanged file fills the buffer without a second allocation.
  let buffer = Buffer.allocUnsafe(expectedSize + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_UNIT_FILE_BYTES + 1));
      buffer.copy(grown);
      buffer = grown;
    }
    const wanted = buffer.length - length;
    const count = fs.readSync(fd, buffer, length, wanted, null);
    length += count;
    if (length > MAX_UNIT_FILE_BYTES) return { diagnostic: fileDiagnostic(file, tooLargeMessage(length)) };
    // A regular file returns less than asked only at its end: no second read to see EOF.
    if (count < wanted) break;
  }
  return { bytes: buffer.subarray(0, length) };
}

function openFailureMessage(file: string, error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT') {
    const target = danglingSymlinkTarget(file);
    return target === null ? 'no such file or directory' : `dangling symlink (points to ${target}, which does not exist)`;
  }
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return `cannot open: ${code ?? String(error)}`;
}

function danglingSymlinkTarget(file: string): string | null {
  try {
    return fs.readlinkSync(file);
  } catch {
    return null;
  }
}

function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function markDuplicateNames(results: ParseResult[]): ParseResult[] {
  const firstFileByName = new Map<string, string>();
  return results.map((result) => {
    const first = firstFileByName.get(result.name);
    if (first === undefined) {
      firstFileByName.set(result.name, result.file);
      return result;
    }
    const duplicate = fileDiagnostic(result.file, `duplicate unit name ${JSON.stringify(result.name)}: also defined by ${first}`);
    const earlier = isInvalidUnit(result) ? result.diagnostics : [];
    return invalidUnit(result.file, [duplicate, ...earlier]);
  });
}

function splitResults(results: ParseResult[]): LoadResult {
  const units: UnitSpec[] = [];
  const invalid: InvalidUnit[] = [];
  for (const result of results) {
    if (isInvalidUnit(result)) invalid.push(result);
    else units.push(result);
  }
  const byNameThenFile = (a: ParseResult, b: ParseResult) => compareNames(a.name, b.name) || compareNames(a.file, b.file);
  return { units: units.sort(byNameThenFile), invalid: invalid.sort(byNameThenFile) };
}
