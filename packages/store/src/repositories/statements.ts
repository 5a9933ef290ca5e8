/** Write statements collected from several repositories and run together, so a multi-step change is all or nothing (see `../dialect.ts`). */
export { runBatch, rawRows, rawStatement, type Statement } from '../dialect.js';
