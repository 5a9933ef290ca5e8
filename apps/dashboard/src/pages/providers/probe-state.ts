/**
 * A provider test's progress, from the events of `POST /v1/providers/:id/test` with
 * `stream: true`: each step as it starts and ends, then the result (what the probe learned).
 */
import type { StreamEvent } from '../compare/event-stream.ts';

/** One step of the probe as shown. */
export interface ProbeStepView {
  name: string;
  state: 'running' | 'ok' | 'failed' | 'skipped';
  latencyMs: number | null;
  detail: string | null;
  error: string | null;
}

/** The probe's result as the API answers it (the parts shown). */
export interface ProbeResultView {
  ok: boolean;
  reachable: boolean;
  model: string | null;
  models: string[] | null;
  warnings: string[];
  capabilities: Record<string, unknown> | null;
  error: string | null;
}

/** The whole test. */
export interface ProbeState {
  running: boolean;
  steps: ProbeStepView[];
  result: ProbeResultView | null;
  /** A failure of the request itself (the test could not run, the stream broke). */
  error: string | null;
}

/** Before the first event. */
export const RUNNING_PROBE: ProbeState = { running: true, steps: [], result: null, error: null };

const isRecord = (value: unknown): value is Record<string, any> => !!value && typeof value === 'object' && !Array.isArray(value);

function stepOf(data: Record<string, any>): ProbeStepView {
  const finished = data.phase !== 'started';
  return {
    name: String(data.name),
    state: !finished ? 'running' : data.ok === false ? 'failed' : data.skipped ? 'skipped' : 'ok',
    latencyMs: typeof data.latencyMs === 'number' ? data.latencyMs : null,
    detail: typeof data.detail === 'string' ? data.detail : null,
    error: typeof data.error === 'string' ? data.error : null,
  };
}

/** The result view of the probe's answer. */
export function resultOf(data: unknown): ProbeResultView {
  const value = isRecord(data) ? data : {};
  return {
    ok: value.ok === true,
    reachable: value.reachable === true,
    model: typeof value.model === 'string' ? value.model : null,
    models: Array.isArray(value.models) ? value.models.map(String) : null,
    warnings: Array.isArray(value.warnings) ? value.warnings.map(String) : [],
    capabilities: isRecord(value.capabilities) ? value.capabilities : null,
    error: typeof value.error === 'string' ? value.error : null,
  };
}

/** The state after one event. */
export function applyProbeEvent(state: ProbeState, event: StreamEvent): ProbeState {
  const data = event.data;
  if (!isRecord(data)) return state;
  if (event.event === 'step' && typeof data.name === 'string') {
    const step = stepOf(data);
    const at = state.steps.findIndex((entry) => entry.name === step.name);
    const steps = at === -1 ? [...state.steps, step] : state.steps.map((entry, index) => (index === at ? step : entry));
    return { ...state, steps };
  }
  if (event.event === 'result') {
    // the result's steps are the finished ones; a step that never finished is not left running
    const steps = Array.isArray(data.steps) ? data.steps.filter(isRecord).map((step) => stepOf({ ...step, phase: 'finished' })) : state.steps;
    return { running: false, steps, result: resultOf(data), error: null };
  }
  if (event.event === 'error') {
    return { ...state, running: false, error: isRecord(data.error) && typeof data.error.message === 'string' ? data.error.message : 'The test failed.' };
  }
  return state;
}

/** The state when the request failed or the stream ended without a result. */
export function failProbe(state: ProbeState, message: string): ProbeState {
  return { ...state, running: false, error: message, steps: state.steps.map((step) => (step.state === 'running' ? { ...step, state: 'failed', error: step.error ?? 'did not finish' } : step)) };
}

/** The capabilities the probe learned, as label/value rows. */
export function capabilityRows(capabilities: Record<string, unknown> | null): [string, string][] {
  if (!capabilities) return [];
  const show = (value: unknown) => (value === null || value === undefined ? 'unknown' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : Array.isArray(value) ? `${value.length}` : String(value));
  const labels: [string, string][] = [
    ['reachable', 'Reachable'], ['models', 'Models listed'], ['streamUsage', 'Stream usage'], ['nativeTools', 'Native tools'],
    ['toolMode', 'Tool mode'], ['xmlTools', 'XML tools'], ['reasoningContent', 'Reasoning'],
  ];
  return labels.filter(([key]) => key in capabilities).map(([key, label]) => [label, show(capabilities[key])]);
}
