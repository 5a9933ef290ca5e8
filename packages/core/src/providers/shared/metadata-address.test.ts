import { describe, expect, it } from 'vitest';
import { createRouter } from '../../engine/create-router.js';
import { createStaticConfigSource } from '../../engine/static-config.js';
import { createAdapterRegistry, validateProviderConfig } from '../registry.js';
import { isMetadataAddress } from './metadata-address.js';

const METADATA = [
  'http://169.254.169.254/latest/meta-data', 'http://169.254.0.1:8080/v1', 'http://0xA9FEA9FE/v1', 'http://2852039166/v1', 'http://0251.0376.0251.0376/v1',
  'http://169.254.43518/v1', 'http://[::ffff:169.254.169.254]/v1', 'http://[::ffff:a9fe:a9fe]/v1', 'http://[64:ff9b::169.254.169.254]/v1',
  'http://[fe80::1]/v1', 'http://[fd00:ec2::254]/v1', 'http://metadata.google.internal/computeMetadata/v1', 'https://169.254.169.254./v1',
];
const ALLOWED = [
  'http://127.0.0.1:1234/v1', 'http://localhost:1234/v1', 'http://192.168.1.20:11434/v1', 'http://10.0.0.5/v1', 'http://[::1]:1234/v1', 'http://[fd00::1]/v1',
  'https://api.openai.com/v1', 'http://169.254.169.254.nip.io/v1', 'http://170.254.169.254/v1',
];

describe('metadata addresses', () => {
  it('recognises 169.254.0.0/16, fe80::/10 and the cloud metadata names in every encoding', () => {
    for (const url of METADATA) expect(isMetadataAddress(url), url).toBe(true);
    for (const url of ALLOWED) expect(isMetadataAddress(url), url).toBe(false);
  });

  it('refuses them as a provider base URL unless allowed; local and LAN addresses pass', () => {
    const registry = createAdapterRegistry();
    for (const url of METADATA) {
      const result = validateProviderConfig(registry, 'openai-compatible', { baseURL: url });
      expect(result.ok, url).toBe(false);
      expect(result.ok ? null : result.issues[0], url).toMatchObject({ field: 'baseURL', message: expect.stringContaining('ALLOW_METADATA_ADDRESSES') });
      expect(validateProviderConfig(registry, 'openai-compatible', { baseURL: url }, { allowMetadataAddresses: true }).ok, url).toBe(true);
    }
    for (const url of ALLOWED) expect(validateProviderConfig(registry, 'openai-compatible', { baseURL: url }).ok, url).toBe(true);
  });

  it('never sends a request to one, even when the configuration did not come through validation', async () => {
    const seen: string[] = [];
    const router = createRouter({
      config: createStaticConfigSource({ providers: [{ id: 'meta', type: 'openai-compatible', config: { baseURL: 'http://0xA9FEA9FE/v1' } }], activeProviderId: 'meta' }),
      transport: async (request) => {
        seen.push(request.url);
        throw new Error('must not be called');
      },
    });
    const result = await router.chatCompletion({ body: JSON.stringify({ model: 'm', messages: [] }) });
    expect(result.status).toBe(502);
    expect(new TextDecoder().decode(result.body as Uint8Array)).toContain('provider_misconfigured');
    expect(seen).toEqual([]);
  });
});
