export * from './diagnostics.js';
export type * from './model.js';
export type * from './live.js';
export type * from './document.js';
export * from './load/index.js';
export * from './policy/index.js';
export * from './redact/index.js';
