export * from './version.js';
export * from './errors.js';
export * from './model.js';
export * from './methods.js';
export * from './framing.js';
export * from './jsonrpc.js';
