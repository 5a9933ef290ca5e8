export { anthropicDialect, dialectFor, openaiDialect, type Dialect, type DialectError } from './dialect.js';
