import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { DIALECTS, useStore } from '../test-stores.js';
import { createConfigService, type ConfigService } from './config-service.js';

let store: Store;
let service: ConfigService;
describe.each(DIALECTS)('on %s', (dialect) => {
  const current = useStore(dialect);
  beforeEach(async () => {
    store = current();
    service = createConfigService(store, { source: 'cli' });
    await service.addProvider({ id: 'alpha', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1', apiKey: 'sk-alpha-000000' } });
    await service.addProvider({ id: 'beta', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:2/v1' } });
  });

  /** Makes the database refuse every new model link (as a full disk or a broken constraint would), after the statements before it ran. */
  async function refuseLinks(): Promise<void> {
    if (store.dialect === 'sqlite') await store.client.execute("CREATE TRIGGER refuse_link BEFORE INSERT ON provider_models BEGIN SELECT RAISE(ABORT, 'link refused'); END");
    else await store.sql.unsafe("CREATE FUNCTION refuse_link() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'link refused'; END $$; CREATE TRIGGER refuse_link BEFORE INSERT ON provider_models FOR EACH ROW EXECUTE FUNCTION refuse_link()");
  }

  // gone after each test (before its store closes), which may share its database with the next
  afterEach(() => allowLinks());

  /** Lets links in again. */
  async function allowLinks(): Promise<void> {
    if (store.dialect === 'sqlite') await store.client.execute('DROP TRIGGER IF EXISTS refuse_link');
    else await store.sql.unsafe('DROP TRIGGER IF EXISTS refuse_link ON provider_models; DROP FUNCTION IF EXISTS refuse_link()');
  }

  describe('configuration service', () => {
    it('refuses to remove the active or the default provider without force (400, param force), and removes nothing', async () => {
      await service.setActiveProvider('alpha');
      await service.setDefaultProvider('beta');
      await expect(service.removeProvider('alpha')).rejects.toMatchObject({ status: 400, code: 'provider_active', param: 'force' });
      await expect(service.removeProvider('beta')).rejects.toMatchObject({ status: 400, code: 'provider_default', param: 'force' });
      expect((await store.providers.list()).map((provider) => provider.id)).toEqual(['alpha', 'beta']);
      await service.setMapping('m', [{ providerId: 'beta' }, { providerId: 'alpha' }]);
      const removal = await service.removeProvider('beta', { force: true });
      expect(removal).toMatchObject({ removed: { id: 'beta' }, wasActive: false, wasDefault: true, mappingsChanged: ['m'], mappingsRemoved: [] });
      expect(await store.settings.getDefaultProvider()).toBeNull();
      expect(await store.mappings.get('m')).toMatchObject({ targets: [{ providerId: 'alpha' }] });
    });

    it('adds a model with its links in one transaction: a failing link leaves no model and no history', async () => {
      const history = await store.history.list();
      await refuseLinks();
      await expect(service.addModel({ id: 'm', providers: [{ providerId: 'alpha' }] })).rejects.toThrow(/link refused/);
      expect(await store.models.list()).toEqual([]);
      expect(await store.history.list()).toEqual(history);
    });

    it('checks every link before writing: an unknown provider is a 404 naming the link, and nothing is written', async () => {
      await expect(service.addModel({ id: 'm', providers: [{ providerId: 'alpha' }, { providerId: 'ghost' }] })).rejects.toMatchObject({ status: 404, code: 'provider_not_found', param: 'providers[1].providerId' });
      expect(await store.models.list()).toEqual([]);
    });

    it('replaces a model\'s definition and links in one transaction', async () => {
      await service.addModel({ id: 'm', name: 'M', providers: [{ providerId: 'alpha' }] });
      await refuseLinks();
      await expect(service.updateModel('m', { name: 'Renamed', providers: [{ providerId: 'beta' }] })).rejects.toThrow(/link refused/);
      expect(await store.models.get('m')).toMatchObject({ name: 'M', providers: [{ providerId: 'alpha' }] });
      await allowLinks();
      expect(await service.updateModel('m', { name: 'Renamed', providers: [{ providerId: 'beta' }] })).toMatchObject({ name: 'Renamed', providers: [{ providerId: 'beta' }] });
    });

    it('enabling an enabled provider writes nothing', async () => {
      const before = await store.history.list();
      expect(await service.setProviderEnabled('alpha', true)).toMatchObject({ changed: false });
      expect(await store.history.list()).toEqual(before);
      expect(await service.setProviderEnabled('alpha', false)).toMatchObject({ changed: true, provider: { enabled: false } });
    });

    it('refuses a reserved id, a masked placeholder with no secret behind it, and an unknown mapping target, naming the field', async () => {
      await expect(service.addProvider({ id: 'health', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:3/v1' } })).rejects.toMatchObject({ status: 400, param: 'id' });
      await expect(service.addProvider({ id: 'g', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:3/v1', apiKey: '••••1234' } })).rejects.toMatchObject({ status: 400, code: 'masked_value', param: 'config.apiKey' });
      await expect(service.updateProvider('alpha', { config: { apiKey: '••••0000' } })).resolves.toMatchObject({ config: { apiKey: 'sk-alpha-000000' } });
      await expect(service.setMapping('m', [{ providerId: 'alpha' }, { providerId: 'ghost' }])).rejects.toMatchObject({ status: 404, param: 'targets[1].providerId' });
      await expect(service.setActiveProvider('ghost')).rejects.toMatchObject({ status: 404, param: 'providerId' });
      await expect(service.setTuning('retry_attempts', 'lots')).rejects.toMatchObject({ status: 400 });
      expect(await store.settings.all()).toEqual({});
    });
  });
});
