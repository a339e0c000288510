/** Public API of the units module: read, validate and diff unit files. Pure except `UnitLoader`. */
export type {
  Diagnostic,
  InvalidUnit,
  LoadResult,
  OutputTarget,
  Plan,
  RestartPolicy,
  StopSignal,
  UnitSpec,
} from './types.js';
export { STOP_SIGNALS } from './types.js';
export { splitCommand, type SplitResult } from './argv.js';
export {
  isInvalidUnit,
  MAX_UNIT_FILE_BYTES,
  parseUnitSource,
  RESERVED_UNIT_NAMES,
  UNIT_NAME_PATTERN,
  unitNameFromFile,
} from './parse.js';
export { MAX_INSTANCES, MAX_SECONDS } from './schema.js';
export { UnitLoader, isUnitFileName, type DirLoadResult } from './load.js';
export { canonicalProcessForm } from './canonical.js';
export { diff } from './diff.js';
export { formatDiagnostic } from './diagnostic.js';
