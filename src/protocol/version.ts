/** Bumped on any incompatible change to methods, params, results or notifications. */
export const PROTOCOL_VERSION = 1;
/** Longest line (request, response or notification) either side accepts. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** Taskmaster's release version; a unit test keeps it equal to package.json's. */
export const TASKMASTER_VERSION = '0.1.0';
