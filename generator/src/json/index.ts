// The JSON utilities every stage (and the fixtures harness) uses: one place for pointers, refs, walkers, canonical text.
export * from './types.js';
export * from './pointer.js';
export * from './refs.js';
export * from './walk.js';
export * from './canonical.js';
export * from './resolve.js';
