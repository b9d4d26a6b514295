// The reconciled document: its vocabulary, the typed operation model, and the writer and reader.
export * from './vocabulary.js';
export * from './model.js';
export { writeDocument, type DocumentInputs, type OpenApiDocument } from './write.js';
export { readDocument } from './read.js';
