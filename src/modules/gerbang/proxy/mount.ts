import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../platform/deps.ts';
import type { EvidenceLog } from '../evidence/contract.ts';
import type { GerbangSettings } from '../config.ts';
import { createGateway, type Gateway } from './gateway.ts';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.ts';
import { createSnapshotStore, type SnapshotStore } from './snapshot.ts';
import { createCertificateAuthenticator } from '../tls/authenticate.ts';
import { startTlsListener, stopTlsListener } from '../tls/listener.ts';

/** Where the evidence log comes from: the module's factory, or a log given by a test or a benchmark. */
export type EvidenceSource = EvidenceLog | ((deps: Deps) => EvidenceLog | Promise<EvidenceLog>);

export interface DataPlane {
  gateway: Gateway;
  store: SnapshotStore;
  metrics: GatewayMetrics;
  settings: GerbangSettings;
}

const DATA_PLANE_PATH = /^\/r\d+\//;

/**
 * Puts the gateway in front of Fastify on the same HTTP server: requests under `/r<version>/`
 * go straight to the gateway, everything else to Fastify as before.
 *
 * Why not a Fastify route: the platform's request hooks run for every route and do what a
 * gateway must not — a database lookup per bearer token (a 401 problem+json for unknown ones,
 * where the protocol wants 400/500 with X-Road-Error), CSRF cookies, compression of provider
 * bodies, body parsing. The X-Road protocol owns these URLs entirely, so they bypass the web
 * app, exactly as a reverse proxy in front of it would route them. `app.inject` does not pass
 * through the server and so never reaches the gateway; its tests use real HTTP.
 */
export async function mountDataPlane(app: FastifyInstance, options: { deps: Deps; settings: GerbangSettings; evidence: EvidenceSource }): Promise<DataPlane> {
  const { deps, settings } = options;
  let evidence: EvidenceLog;
  let unavailable: string | undefined;
  try {
    evidence = typeof options.evidence === 'function' ? await options.evidence(deps) : options.evidence;
  } catch (error) {
    // Fail closed: without a durable evidence log no exchange may pass, but the rest of Padu runs.
    deps.logger.error({ err: error }, 'gerbang: the evidence log could not be opened; the gateway refuses every call');
    unavailable = 'the evidence log is not available';
    evidence = { append: () => Promise.reject(new Error(unavailable)), close: async () => {} };
  }
  const store = createSnapshotStore({ db: deps.db, settings, logger: deps.logger, now: () => deps.clock.now() });
  const metrics = createGatewayMetrics(app.padu.metrics.registry);
  const certificates = settings.tlsPort !== null ? createCertificateAuthenticator() : undefined;
  const gateway = createGateway({
    db: deps.db,
    logger: deps.logger,
    clock: deps.clock,
    timeZone: deps.config.timeZone,
    baseUrl: deps.config.baseUrl,
    settings,
    store,
    evidence,
    metrics,
    unavailable,
    certificates,
  });

  const diverted = new WeakSet<Server>();
  const divert = (server: Server) => {
    if (diverted.has(server)) return;
    diverted.add(server);
    const fastifyListeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url && DATA_PLANE_PATH.test(req.url)) gateway.handle(req, res);
      else for (const listener of fastifyListeners) listener.call(server, req, res);
    });
  };
  divert(app.server);
  // Listening on `localhost` makes Fastify open one more server per address, after this runs.
  app.addHook('onListen', async function () {
    for (const server of serverBindings(this)) divert(server);
  });
  // With PADU_GERBANG_TLS_PORT, the data plane also listens with https (client certificates), next to the web port.
  let tlsServer: Awaited<ReturnType<typeof startTlsListener>> | undefined;
  // Started when the app is ready (before the web port listens), so a port in use stops `padu serve`.
  if (certificates) {
    app.addHook('onReady', async function () {
      tlsServer = await startTlsListener(app, { deps, settings, authenticator: certificates, handle: (req, res) => gateway.handle(req, res), host: deps.config.host });
    });
  }

  app.addHook('onClose', async () => {
    if (tlsServer) await stopTlsListener(tlsServer);
    store.close();
    await gateway.close();
    await evidence.close();
  });
  return { gateway, store, metrics, settings };
}

/** The extra servers Fastify opened for `localhost` (kept under an internal symbol). */
function serverBindings(app: FastifyInstance): Server[] {
  for (let o: object | null = app; o; o = Object.getPrototypeOf(o)) {
    const symbol = Object.getOwnPropertySymbols(o).find((s) => s.description === 'fastify.serverBindings');
    if (symbol) return ((o as Record<symbol, Server[] | undefined>)[symbol] ?? []).filter((s) => typeof s?.listeners === 'function');
  }
  return [];
}
