/** Marking config fields secret in an adapter's zod schema, and reading the marks back. */
import { z } from 'zod';

/**
 * Marks a config field as secret: its value is masked on every read path and
 * redacted from logs and error bodies, whatever the key is called. Apply it
 * last, before `.optional()`/`.default()` (`secretField(z.string().min(1)).optional()`).
 */
export function secretField<T extends z.ZodType>(schema: T): T {
  return schema.meta({ ...z.globalRegistry.get(schema), secret: true }) as T;
}

type Def = { type?: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType };
/** The zod definition, or an empty one for a schema that is not zod (an embedder's own `safeParse` object). */
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod?: { def?: Def } })._zod?.def ?? {};

function marked(schema: z.ZodType): boolean {
  for (let inner: z.ZodType | undefined = schema; inner; inner = defOf(inner).innerType) {
    if (!('_zod' in inner)) return false;
    if ((z.globalRegistry.get(inner) as { secret?: unknown } | undefined)?.secret === true) return true;
  }
  return false;
}

const cache = new WeakMap<z.ZodType, readonly string[]>();

/** The top-level config keys a schema marks with `secretField` (through optional, default, pipe and transform wrappers). */
export function secretKeysOfSchema(schema: z.ZodType): readonly string[] {
  let keys = cache.get(schema);
  if (!keys) {
    const found = new Set<string>();
    const visit = (inner: z.ZodType | undefined, depth: number) => {
      if (!inner || depth > 16) return;
      const def = defOf(inner);
      if (def.type === 'object' && def.shape) {
        for (const [key, field] of Object.entries(def.shape)) if (marked(field)) found.add(key);
      } else if (def.type === 'pipe') {
        visit(def.in, depth + 1);
        visit(def.out, depth + 1);
      } else visit(def.innerType, depth + 1);
    };
    visit(schema, 0);
    keys = [...found];
    cache.set(schema, keys);
  }
  return keys;
}
