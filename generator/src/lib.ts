// The generator as a library, for the fixtures harness and the SDK tests: the JSON utilities,
// the reconciled document's vocabulary and the one typed reader of it.
export * from './json/index.js';
export * from './openapi/index.js';
export { GeneratorError, isGeneratorError, type ErrorCode } from './errors.js';
