import { describe, expect, it } from 'vitest';
import { applyProbeEvent, capabilityRows, failProbe, RUNNING_PROBE } from './probe-state.ts';

describe('provider test progress', () => {
  it('shows each step running, then finished, then the result with what was learned', () => {
    let state = applyProbeEvent(RUNNING_PROBE, { event: 'step', data: { phase: 'started', name: 'models' } });
    expect(state.steps).toEqual([{ name: 'models', state: 'running', latencyMs: null, detail: null, error: null }]);
    state = applyProbeEvent(state, { event: 'step', data: { phase: 'finished', name: 'models', ok: true, latencyMs: 12.5, detail: '2 models' } });
    state = applyProbeEvent(state, { event: 'step', data: { phase: 'started', name: 'completion' } });
    expect(state.steps.map((step) => [step.name, step.state])).toEqual([['models', 'ok'], ['completion', 'running']]);
    state = applyProbeEvent(state, { event: 'step', data: { phase: 'finished', name: 'completion', ok: false, latencyMs: 3, error: 'HTTP 401: bad key' } });
    expect(state.steps[1]).toMatchObject({ state: 'failed', error: 'HTTP 401: bad key' });
    expect(state.running).toBe(true);
    state = applyProbeEvent(state, {
      event: 'result',
      data: {
        ok: false, reachable: true, model: 'm', models: ['m', 'n'], warnings: ['No usage.'],
        steps: [{ name: 'models', ok: true, latencyMs: 12.5, detail: '2 models' }, { name: 'completion', ok: false, latencyMs: 3, error: 'HTTP 401: bad key' }],
        capabilities: { reachable: true, models: ['m', 'n'], streamUsage: null, nativeTools: false, checkedAt: 'x' },
      },
    });
    expect(state.running).toBe(false);
    expect(state.result).toMatchObject({ ok: false, reachable: true, model: 'm', models: ['m', 'n'], warnings: ['No usage.'] });
    expect(capabilityRows(state.result!.capabilities)).toEqual([['Reachable', 'yes'], ['Models listed', '2'], ['Stream usage', 'unknown'], ['Native tools', 'no']]);
  });

  it('shows a skipped step, and a result with no steps (a configuration the adapter refused)', () => {
    const skipped = applyProbeEvent(RUNNING_PROBE, { event: 'step', data: { phase: 'finished', name: 'models', ok: true, skipped: true, detail: 'no models endpoint' } });
    expect(skipped.steps[0].state).toBe('skipped');
    const refused = applyProbeEvent(RUNNING_PROBE, { event: 'result', data: { ok: false, reachable: false, steps: [], error: 'config.baseURL must be a URL' } });
    expect(refused).toMatchObject({ running: false, steps: [], result: { ok: false, error: 'config.baseURL must be a URL' } });
  });

  it('ends a broken-off test with its running steps failed', () => {
    const state = failProbe(applyProbeEvent(RUNNING_PROBE, { event: 'step', data: { phase: 'started', name: 'stream' } }), 'The connection closed.');
    expect(state).toMatchObject({ running: false, error: 'The connection closed.', steps: [{ name: 'stream', state: 'failed', error: 'did not finish' }] });
    expect(applyProbeEvent(RUNNING_PROBE, { event: 'error', data: { error: { message: 'could not be stored' } } })).toMatchObject({ running: false, error: 'could not be stored' });
  });
});
