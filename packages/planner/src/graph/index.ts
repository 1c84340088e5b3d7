export * from './dag.js';
