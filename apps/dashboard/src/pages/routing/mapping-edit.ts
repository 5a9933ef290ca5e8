/**
 * Editing a model mapping's ordered targets as a list, without React: move a target up or down,
 * add and remove targets, and turn the list into the body of `PUT /v1/mappings/:model`.
 * Targets are tried in order (lower `priority` first, the list's order within a priority);
 * targets of one priority share the load by `weight` when one of them sets it.
 */

/** A target as the form holds it (numbers as typed). */
export interface TargetDraft {
  providerId: string;
  /** The model sent upstream; empty: the requested name. */
  model: string;
  weight: string;
  priority: string;
}

/** A target as the API gives it. */
export interface MappingTarget {
  providerId: string;
  model?: string | null;
  weight?: number;
  priority?: number;
}

/** A mapping as `GET /v1/mappings` lists it. */
export interface Mapping {
  model: string;
  targets: MappingTarget[];
  source?: 'database' | 'env';
}

/** The drafts of a stored mapping's targets (a weight of 1, the stored default, shows empty). */
export function draftsOf(targets: readonly MappingTarget[]): TargetDraft[] {
  return targets.map((target) => ({
    providerId: target.providerId,
    model: target.model ?? '',
    weight: target.weight !== undefined && target.weight !== 1 ? String(target.weight) : '',
    priority: target.priority !== undefined ? String(target.priority) : '',
  }));
}

/** An empty target (for "Add target"), on the first provider given. */
export function newTarget(providerId = ''): TargetDraft {
  return { providerId, model: '', weight: '', priority: '' };
}

/** The list with the target at `index` moved by `by` places (clamped at the ends). */
export function moveTarget<T>(list: readonly T[], index: number, by: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, index + by));
  if (index < 0 || index >= list.length || to === index) return [...list];
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item);
  return next;
}

/** The list with the target at `from` moved to position `to` (a drop onto another target's place). */
export function moveTargetTo<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length) return [...list];
  return moveTarget(list, from, Math.max(0, Math.min(list.length - 1, to)) - from);
}

/** The list without the target at `index`. */
export function removeTarget<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, position) => position !== index);
}

/** The list with the target at `index` changed. */
export function updateTarget(list: readonly TargetDraft[], index: number, change: Partial<TargetDraft>): TargetDraft[] {
  return list.map((target, position) => (position === index ? { ...target, ...change } : target));
}

/**
 * The body of `PUT /v1/mappings/:model`, or the errors keyed as the API names them
 * (`targets[1].weight`), so the form shows them by the same rule as the server's.
 */
export function mappingBody(drafts: readonly TargetDraft[]): { ok: true; body: { targets: MappingTarget[] } } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (drafts.length === 0) errors.targets = 'needs at least one target';
  const targets = drafts.map((draft, index) => {
    const target: MappingTarget = { providerId: draft.providerId.trim() };
    if (!target.providerId) errors[`targets[${index}].providerId`] = 'pick a provider';
    if (draft.model.trim()) target.model = draft.model.trim();
    if (draft.weight.trim()) {
      const weight = Number(draft.weight);
      if (!Number.isFinite(weight) || weight <= 0) errors[`targets[${index}].weight`] = 'must be a number above 0';
      else target.weight = weight;
    }
    if (draft.priority.trim()) {
      const priority = Number(draft.priority);
      if (!Number.isInteger(priority) || priority < 0) errors[`targets[${index}].priority`] = 'must be a whole number, 0 or more';
      else target.priority = priority;
    }
    return target;
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body: { targets } };
}

/** A readable one-line summary of a mapping's targets: `a → b/model (×2)`. */
export function describeTargets(targets: readonly MappingTarget[]): string {
  return targets.map((target) => `${target.providerId}${target.model ? `/${target.model}` : ''}${target.weight !== undefined && target.weight !== 1 ? ` (×${target.weight})` : ''}${target.priority ? ` [p${target.priority}]` : ''}`).join(' → ');
}
