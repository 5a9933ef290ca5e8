export { anthropicDialect, dialectFor, openaiDialect, responsesDialect, type Dialect, type DialectError } from './dialect.js';
