import type { FastifyPluginAsync } from 'fastify';
import { demoLoaded } from '../once-only/repo.ts';
import { familyOf, findLicence, findPerson, licencesOwnedBy } from './population.ts';

/**
 * The demo upstreams, served by Padu itself under `/demo-upstream/…` while demo data is loaded
 * (the `gerbang_demo` row that `padu seed-demo` writes; otherwise 404). The demo services point
 * here, so the gateway calls them over loopback like any provider system:
 *
 * - `/demo-upstream/dukcapil`: a population registry — `GET /penduduk/{nik}` (identity),
 *   `GET /keluarga/{nik}` (family card), `GET /alamat/{nik}` (address), `GET /health`.
 * - `/demo-upstream/perizinan`: a business-licence registry — `GET /nib/{nib}`,
 *   `GET /nib?pemilik={nik}` (a person's businesses), `GET /health`.
 *
 * Why routes of Padu rather than separate listeners: nothing to configure or keep free (one port,
 * any number of Padu processes), and they stop answering when the demo data is gone. One
 * wildcard route, so the data is public synthetic data with nothing to authorize per record.
 */
export const DEMO_UPSTREAM_PREFIX = '/demo-upstream';

export const demoUpstreamRoutes: FastifyPluginAsync = async (app) => {
  const db = app.padu.deps.db;
  let known: { loaded: boolean; at: number } | null = null;
  const loaded = async () => {
    if (!known || Date.now() - known.at > 5000) known = { loaded: await demoLoaded(db), at: Date.now() };
    return known.loaded;
  };

  // A provider system sets no Padu cookies: drop the CSRF cookie the web app adds to every answer.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.removeHeader('set-cookie');
    return payload;
  });

  app.get(`${DEMO_UPSTREAM_PREFIX}/*`, { schema: { hide: true } }, async (req, reply) => {
    const notFound = (message = 'not found') => reply.status(404).type('application/json').send({ error: message });
    if (!(await loaded())) return notFound('the demo upstreams answer only while demo data is loaded (padu seed-demo)');
    const url = new URL(req.url, 'http://demo');
    const [registry, resource, key, ...rest] = url.pathname.slice(DEMO_UPSTREAM_PREFIX.length + 1).split('/').map(decodeURIComponent);
    reply.header('cache-control', 'no-store').header('x-demo-data', 'synthetic');
    if (rest.length) return notFound();
    if (resource === 'health' && key === undefined && (registry === 'dukcapil' || registry === 'perizinan')) return { status: 'ok', registry, synthetic: true };
    if (registry === 'dukcapil' && key) {
      const person = findPerson(key);
      if (!person) return notFound('NIK tidak terdaftar');
      if (resource === 'penduduk') return { ...person, synthetic: true };
      if (resource === 'keluarga') return { ...familyOf(key), synthetic: true };
      if (resource === 'alamat') return { nik: person.nik, ...person.alamat, synthetic: true };
    }
    if (registry === 'perizinan' && resource === 'nib') {
      if (key) {
        const licence = findLicence(key);
        return licence ? { ...licence, synthetic: true } : notFound('NIB tidak terdaftar');
      }
      const owner = url.searchParams.get('pemilik');
      if (owner) return { items: licencesOwnedBy(owner), synthetic: true };
    }
    return notFound();
  });
};
