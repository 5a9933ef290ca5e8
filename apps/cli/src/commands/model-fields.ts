/** The options `model add` and `model edit` share: a model definition's own fields. */
import type { Argv } from 'yargs';

/** Adds `--name` (alias `--display-name`), `--description`, `--capability` and `--context-length`; when editing, "" clears a text field. */
export function withModelFields<T>(inner: Argv<T>, editing: boolean) {
  const clear = editing ? ' ("" to clear)' : '';
  return inner
    .option('name', { type: 'string', alias: 'display-name', describe: `Display name${clear}` })
    .option('description', { type: 'string', describe: `Description${clear}` })
    .option('capability', { type: 'string', array: true, describe: editing ? 'Replace the capabilities with these (repeatable)' : 'A capability: tools, vision, streaming, … (repeatable)' })
    .option('context-length', { type: 'string', describe: 'Context window in tokens' });
}
