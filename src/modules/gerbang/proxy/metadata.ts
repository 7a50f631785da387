import type { Db } from '../../../platform/db/database.ts';
import { GatewayError } from '../errors.ts';
import { describeEndpoints, withGatewayServer } from '../openapi.ts';
import { decodePart } from '../identifiers.ts';
import { xroadPath } from '../paths.ts';
import type { ServiceEntry, Snapshot, SubsystemEntry } from './snapshot.ts';

/**
 * X-Road's REST metadata services (Service Metadata Protocol for REST, PR-MREST), addressed to a
 * provider subsystem: `listMethods` (its services and endpoints), `allowedMethods` (those the
 * calling client may use) and `getOpenAPI?serviceCode=…` (one service's description, with
 * `servers` pointing at this gateway). The JSON follows the protocol's example messages.
 */
export interface MetadataAnswer {
  contentType: string;
  body: Buffer;
}

/** Services of the provider a client can see: open ones, and drafts of its own agency. */
function visibleServices(snapshot: Snapshot, provider: SubsystemEntry, client: SubsystemEntry): ServiceEntry[] {
  return (snapshot.servicesByProvider.get(provider.id) ?? []).filter(
    (s) => s.lifecycle === 'published' || s.lifecycle === 'deprecated' || (s.lifecycle === 'draft' && provider.opdId === client.opdId),
  );
}

function describe(s: ServiceEntry, instance: string, memberClass: string, endpoints: { method: string; path: string }[]) {
  return {
    member_class: memberClass,
    member_code: s.provider.opdCode,
    object_type: 'SERVICE',
    service_code: s.code,
    service_type: s.hasOpenApi ? 'OPENAPI' : 'REST',
    subsystem_code: s.provider.code,
    xroad_instance: instance,
    endpoint_list: endpoints,
  };
}

const declaredEndpoints = (s: ServiceEntry) =>
  s.endpoints.length ? s.endpoints.map((e) => ({ method: e.pattern.method, path: xroadPath(e.pattern.path) })) : [{ method: '*', path: '**' }];

export async function answerMetadata(input: {
  db: Db;
  snapshot: Snapshot;
  provider: SubsystemEntry;
  client: SubsystemEntry;
  serviceCode: string;
  query: string | null;
  baseUrl: string;
}): Promise<MetadataAnswer> {
  const { snapshot, provider, client } = input;
  const [instance, memberClass] = provider.identifier.split('/').map((p) => decodePart(p) ?? p) as [string, string];
  const services = visibleServices(snapshot, provider, client);
  const json = (value: unknown): MetadataAnswer => ({ contentType: 'application/json;charset=utf-8', body: Buffer.from(JSON.stringify(value)) });

  if (input.serviceCode === 'listMethods') {
    return json({ service: services.map((s) => describe(s, instance, memberClass, declaredEndpoints(s))) });
  }
  if (input.serviceCode === 'allowedMethods') {
    const allowed = [];
    for (const s of services) {
      const rights = s.rightsByConsumer.get(client.id);
      if (!rights?.length) continue;
      const endpoints = rights.some((r) => !r.pattern)
        ? declaredEndpoints(s)
        : rights.map((r) => ({ method: r.pattern!.method, path: xroadPath(r.pattern!.path) }));
      allowed.push(describe(s, instance, memberClass, endpoints));
    }
    return json({ service: allowed });
  }

  const code = new URLSearchParams(input.query ?? '').get('serviceCode');
  if (!code) throw new GatewayError('Client.BadRequest', 'getOpenAPI needs ?serviceCode=…');
  const service = services.find((s) => s.code === code);
  if (!service) throw new GatewayError('Client.UnknownService', `no service ${code} at ${provider.identifier}`);
  const url = `${input.baseUrl}/r1/${service.identifier}`;
  const row = await input.db.selectFrom('gerbang_service').select(['openapi', 'openapi_format']).where('id', '=', service.id).executeTakeFirst();
  if (row?.openapi && row.openapi_format) {
    return {
      contentType: row.openapi_format === 'json' ? 'application/json;charset=utf-8' : 'text/yaml;charset=utf-8',
      body: Buffer.from(withGatewayServer(row.openapi, row.openapi_format, url)),
    };
  }
  return {
    contentType: 'application/json;charset=utf-8',
    body: Buffer.from(
      describeEndpoints({
        title: service.name,
        version: service.version,
        url,
        endpoints: service.endpoints.map((e) => ({ method: e.pattern.method, path: e.pattern.path, summary: e.summary })),
      }),
    ),
  };
}
