import type { Actor } from '../../../../platform/auth/actor.ts';
import { describeEndpoints, withGatewayServer } from '../../openapi.ts';
import { findServiceOpenApi, listEndpoints } from '../repo.ts';
import { loadService, serviceIdOf, type GerbangDeps } from './visibility.ts';

/**
 * A service's OpenAPI description as consumers get it: the provider's own document with
 * `servers` pointing at the gateway, or one made from its endpoints.
 */
export async function getServiceOpenApi(deps: GerbangDeps, actor: Actor | null, id: string): Promise<{ text: string; format: 'json' | 'yaml' }> {
  const service = await loadService(deps, actor, id, 'read');
  const url = `${deps.config.baseUrl}/r1/${serviceIdOf(deps.settings, service)}`;
  const stored = await findServiceOpenApi(deps.db, id);
  if (stored?.openapi && stored.openapi_format) return { text: withGatewayServer(stored.openapi, stored.openapi_format, url), format: stored.openapi_format };
  const endpoints = await listEndpoints(deps.db, [id]);
  return { text: describeEndpoints({ title: service.name, version: service.version, url, endpoints }), format: 'json' };
}
