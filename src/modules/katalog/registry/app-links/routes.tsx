import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Uuid } from '../../../../platform/http/validation.ts';
import { IntegrationOut } from '../integrations/schemas.ts';
import { presentIntegration } from '../integrations/present.ts';
import { SecurityAuditOut } from '../infra/schemas.ts';
import { presentSecurityAudit } from '../infra/present.ts';
import { getAppLinks } from './get-app-links.ts';

const Ref = Type.Object({ id: Type.String(), key: Type.String(), name: Type.String() });
const AppLinksOut = Type.Object({
  feeds: Type.Array(IntegrationOut, { description: 'Integrations in which this app provides the data' }),
  fedBy: Type.Array(IntegrationOut, { description: 'Integrations in which this app uses data of another app' }),
  services: Type.Array(Ref),
  datasets: Type.Array(Type.Object({ ...Ref.properties, access: Type.Array(Type.String()) })),
  securityAudits: Type.Array(SecurityAuditOut),
});

/** The API twin of the registry's section on an app's page. */
export const appLinksRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  app.get(
    '/api/v1/katalog/apps/:appId/links',
    { schema: { tags: ['katalog'], summary: 'What an app feeds and is fed by, the services and data it delivers or holds, and its security audits', params: Type.Object({ appId: Uuid() }), response: { 200: AppLinksOut } } },
    async (req) => {
      const l = await getAppLinks(deps, req.actor, req.params.appId);
      return {
        feeds: l.feeds.map(presentIntegration),
        fedBy: l.fedBy.map(presentIntegration),
        services: l.services.map((s) => ({ id: s.id, key: s.key, name: s.name })),
        datasets: l.datasets.map((d) => ({ id: d.id, key: d.key, name: d.name, access: d.access })),
        securityAudits: l.audits.map(presentSecurityAudit),
      };
    },
  );
};
