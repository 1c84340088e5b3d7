export * from './diagnostics.js';
export type * from './model.js';
export type * from './live.js';
export type * from './document.js';
