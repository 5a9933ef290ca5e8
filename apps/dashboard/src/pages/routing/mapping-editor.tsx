/**
 * Editing one model mapping: its targets as an ordered list (tried from the top; move with the
 * up/down buttons, which work from the keyboard, or drag by the handle), each with its provider, the model sent upstream,
 * a weight and a priority; saved whole with `PUT /v1/mappings/:model`.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/auth.tsx';
import { ApiError, unwrap } from '../../api/client.ts';
import { pageKeys, type Provider } from '../providers/provider-api.ts';
import { draftsOf, mappingBody, moveTarget, moveTargetTo, newTarget, removeTarget, updateTarget, type Mapping, type TargetDraft } from './mapping-edit.ts';

function FieldError({ errors, name }: { errors: Record<string, string>; name: string }) {
  return errors[name] ? (
    <span role="alert" className="error-text small">
      {errors[name]}
    </span>
  ) : null;
}

/** The editor; `mapping` absent: a new mapping (its model name is asked for). */
export function MappingEditor({ mapping, providers, onClose }: { mapping?: Mapping; providers: Provider[]; onClose: (saved?: string) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [model, setModel] = useState(mapping?.model ?? '');
  const [targets, setTargets] = useState<TargetDraft[]>(mapping ? draftsOf(mapping.targets) : [newTarget(providers[0]?.id ?? '')]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** The target being dragged by its handle (the buttons do the same from the keyboard). */
  const [dragged, setDragged] = useState<number | null>(null);

  const save = useMutation({
    mutationFn: async () => {
      const built = mappingBody(targets);
      const problems: Record<string, string> = built.ok ? {} : { ...built.errors };
      if (!model.trim()) problems.model = 'is required';
      if (!built.ok || Object.keys(problems).length) {
        setErrors(problems);
        return null;
      }
      return unwrap(api.PUT('/v1/mappings/{model}', { params: { path: { model: model.trim() } }, body: built.body }));
    },
    onSuccess: async (saved) => {
      if (saved === null) return;
      setErrors({});
      await queryClient.invalidateQueries({ queryKey: pageKeys.mappings });
      onClose(model.trim());
    },
    onError: (error) => {
      if (error instanceof ApiError && error.param) setErrors({ [error.param === 'model' ? 'model' : error.param]: error.message, form: error.message });
      else setErrors({ form: (error as Error).message });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const change = (index: number, patch: Partial<TargetDraft>) => setTargets((list) => updateTarget(list, index, patch));
  const title = mapping ? `Mapping ${mapping.model}` : 'New mapping';

  return (
    <form className="card" onSubmit={submit} noValidate aria-label={title}>
      <h2>{title}</h2>
      {mapping?.source === 'env' ? <p className="muted small">From MODEL_MAPPINGS in the environment: saving stores it in the database, which then overrides the environment.</p> : null}
      {errors.form ? (
        <p role="alert" className="error-text">
          {errors.form}
        </p>
      ) : null}
      {!mapping ? (
        <div className="field">
          <label htmlFor="mapping-model">Model name</label>
          <input id="mapping-model" value={model} onChange={(event) => setModel(event.target.value)} placeholder="the name clients ask for, e.g. qwen3-coder" />
          <FieldError errors={errors} name="model" />
        </div>
      ) : null}
      <p className="muted small">Targets are tried from the top (a lower priority first); targets of the same priority share the load by weight when one sets it.</p>
      <ol className="target-editor">
        {targets.map((target, index) => {
          const n = index + 1;
          return (
            <li
              key={index}
              className={dragged === index ? 'row-editor dragging' : 'row-editor'}
              onDragOver={(event) => {
                if (dragged !== null) event.preventDefault();
              }}
              onDrop={(event) => {
                event.preventDefault();
                if (dragged !== null) setTargets((list) => moveTargetTo(list, dragged, index));
                setDragged(null);
              }}
            >
              <span
                className="drag-handle"
                draggable
                aria-hidden="true"
                title="Drag to reorder (or use the arrow buttons)"
                onDragStart={(event) => {
                  event.dataTransfer.effectAllowed = 'move';
                  event.dataTransfer.setData('text/plain', String(index));
                  setDragged(index);
                }}
                onDragEnd={() => setDragged(null)}
              >
                ⠿
              </span>
              <div className="field">
                <label htmlFor={`target-provider-${index}`}>Provider {n}</label>
                <select id={`target-provider-${index}`} value={target.providerId} onChange={(event) => change(index, { providerId: event.target.value })}>
                  <option value="">(pick a provider)</option>
                  {providers.map((provider) => (
                    <option key={provider.id} value={provider.id}>
                      {provider.id}
                      {provider.enabled ? '' : ' (disabled)'}
                    </option>
                  ))}
                  {target.providerId && !providers.some((provider) => provider.id === target.providerId) ? <option value={target.providerId}>{target.providerId} (unknown)</option> : null}
                </select>
                <FieldError errors={errors} name={`targets[${index}].providerId`} />
              </div>
              <div className="field">
                <label htmlFor={`target-model-${index}`}>Model {n}</label>
                <input id={`target-model-${index}`} value={target.model} onChange={(event) => change(index, { model: event.target.value })} placeholder="(the requested name)" />
                <FieldError errors={errors} name={`targets[${index}].model`} />
              </div>
              <div className="field narrow">
                <label htmlFor={`target-weight-${index}`}>Weight {n}</label>
                <input id={`target-weight-${index}`} inputMode="decimal" value={target.weight} onChange={(event) => change(index, { weight: event.target.value })} placeholder="1" />
                <FieldError errors={errors} name={`targets[${index}].weight`} />
              </div>
              <div className="field narrow">
                <label htmlFor={`target-priority-${index}`}>Priority {n}</label>
                <input id={`target-priority-${index}`} inputMode="numeric" value={target.priority} onChange={(event) => change(index, { priority: event.target.value })} placeholder="0" />
                <FieldError errors={errors} name={`targets[${index}].priority`} />
              </div>
              <div className="row-buttons">
                <button type="button" className="secondary" aria-label={`Move target ${n} up`} disabled={index === 0} onClick={() => setTargets((list) => moveTarget(list, index, -1))}>
                  ↑
                </button>
                <button type="button" className="secondary" aria-label={`Move target ${n} down`} disabled={index === targets.length - 1} onClick={() => setTargets((list) => moveTarget(list, index, 1))}>
                  ↓
                </button>
                <button type="button" className="secondary" aria-label={`Remove target ${n}`} onClick={() => setTargets((list) => removeTarget(list, index))}>
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <FieldError errors={errors} name="targets" />
      <div className="toolbar">
        <button type="button" className="secondary" onClick={() => setTargets((list) => [...list, newTarget(providers[0]?.id ?? '')])} disabled={targets.length >= 32}>
          Add target
        </button>
        <span className="spacer" />
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save mapping'}
        </button>
        <button type="button" className="secondary" onClick={() => onClose()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
