import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
// crypto.hash: one-shot SHA-256 of the bearer token (hex, as the platform stores it) without a Hash object per call.
import { hash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/deps.ts';
import { TOKEN_PATTERN } from '../../../platform/auth/api-tokens.ts';
import type { EvidenceLog, ExchangeRecord } from '../evidence/contract.ts';
import type { GerbangSettings } from '../config.ts';
import { CODE_PATTERN, METADATA_SERVICE_CODES, decodePart, joinIdentifier, parseClientHeader } from '../identifiers.ts';
import { ERROR_TYPES, GatewayError, errorCategory, errorStatus, type ErrorType } from '../errors.ts';
import { pathSegments } from '../paths.ts';
import { HTTP_METHODS } from '../db.ts';
import { BodyHasher, HASH_ALGORITHM, messageHash, requestMessage, responseMessage } from './hashing.ts';
import { CircuitBreakers, QuotaCounter, RateLimiter } from './limits.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { ServiceEntry, Snapshot, SnapshotStore, SubsystemEntry } from './snapshot.ts';
import { answerMetadata } from './metadata.ts';
import type { CertificateAuthenticator } from '../tls/authenticate.ts';

/**
 * The data plane: X-Road Message Protocol for REST, version r1, on node:http, outside Fastify
 * (see mount.ts). One call runs: parse the URI and X-Road-Client → authenticate the subsystem's
 * token → find the service → access right → purpose (personal data) → rate limit → daily quota →
 * circuit breaker → forward, streaming both bodies while hashing them → append the exchange to
 * the evidence log → release the end of the response. Everything it needs from the control
 * plane comes from the in-memory snapshot; the only database writes are batched quota counters
 * and a token's last-use time (at most once a minute).
 */
export interface GatewayOptions {
  db: Db;
  logger: Logger;
  clock: Clock;
  timeZone: string;
  /** Public base URL of this Padu, for the `servers` of OpenAPI descriptions handed to clients. */
  baseUrl: string;
  settings: GerbangSettings;
  store: SnapshotStore;
  evidence: EvidenceLog;
  metrics: GatewayMetrics;
  /** Set when the evidence log could not be opened: every call is refused (fail closed). */
  unavailable?: string;
  /** Client certificates on the TLS port (tls/authenticate.ts); without it, tokens only. */
  certificates?: CertificateAuthenticator;
}

export interface Gateway {
  handle(req: IncomingMessage, res: ServerResponse): void;
  breakers: CircuitBreakers;
  close(): Promise<void>;
}

/** Header fields that concern one connection only (RFC 9110 7.6.1), never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
/** Also not forwarded to the provider: they leak the client's host, or are Padu's to set. */
const DROP_FROM_REQUEST = new Set(['host', 'user-agent', 'authorization', 'expect', 'x-road-request-id', 'x-road-request-hash']);
/** Also not passed back to the client: the provider's host name, and X-Road fields Padu sets. */
const DROP_FROM_RESPONSE = new Set(['server', 'x-road-client', 'x-road-service', 'x-road-id', 'x-road-request-id', 'x-road-request-hash', 'x-road-error']);
const ALLOWED_METHODS = new Set<string>(HTTP_METHODS);
const CODE_HEADER = /^[A-Za-z0-9._:/-]{1,100}$/;
const XML_TYPES = ['text/xml', 'application/xml', 'text/*'];

/** The caller went away; nothing can be answered. */
class ClientGone extends Error {}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  started: bigint;
  startedAt: Date;
  requestId: string;
  method: string;
  uri: string;
  xroadId: string | null;
  generatedXroadId: string | null;
  clientIdentifier: string | null;
  client: SubsystemEntry | null;
  serviceIdentifier: string | null;
  service: ServiceEntry | null;
  /** The metrics label: a known service (or metadata service), else `unknown` (bounded cardinality). */
  metricService: string;
  providerOpdId: string | null;
  endpoint: string | null;
  forwardPath: string;
  /** After authentication the exchange is attributable, and recorded whatever its outcome. */
  recorded: boolean;
  requestHasher: BodyHasher;
  requestBody: Buffer[] | null;
  requestHash: string | null;
  upstreamMs: number | null;
  upstreamContacted: boolean;
  /** The response head has gone (or is committed) to the client: errors can only cut it short. */
  headCommitted: boolean;
  status: number | null;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

export function createGateway(options: GatewayOptions): Gateway {
  const { db, logger, settings, store, evidence, metrics } = options;
  const limiter = new RateLimiter(settings.nodes);
  const quota = new QuotaCounter(db, logger, settings.quotaFlushMs);
  const breakers = new CircuitBreakers(settings.breakerFailures, settings.breakerOpenMs);
  const httpAgent = new http.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' });
  const httpsAgent = new https.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' });
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: options.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const inFlight = new Set<Promise<void>>();

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const x: Exchange = {
      req,
      res,
      started: process.hrtime.bigint(),
      startedAt: options.clock.now(),
      requestId: randomUUID(),
      method: req.method ?? 'GET',
      uri: req.url ?? '/',
      xroadId: null,
      generatedXroadId: null,
      clientIdentifier: null,
      client: null,
      serviceIdentifier: null,
      service: null,
      metricService: 'unknown',
      providerOpdId: null,
      endpoint: null,
      forwardPath: '',
      recorded: false,
      requestHasher: new BodyHasher(),
      requestBody: null,
      requestHash: null,
      upstreamMs: null,
      upstreamContacted: false,
      headCommitted: false,
      status: null,
    };
    const work = exchange(x)
      .catch((error: unknown) => fail(x, error))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'gerbang: answering an exchange failed');
        if (!res.destroyed) res.destroy();
      });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  async function exchange(x: Exchange): Promise<void> {
    const { req } = x;
    if (options.unavailable) throw new GatewayError('Server.ClientProxy.LoggingFailed', options.unavailable);
    if (x.uri.length > settings.maxUriLength) throw new GatewayError('Client.BadRequest', `the request URI is longer than ${settings.maxUriLength} characters`);
    const queryAt = x.uri.indexOf('?');
    const rawPath = queryAt < 0 ? x.uri : x.uri.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? null : x.uri.slice(queryAt + 1);
    const parts = rawPath.split('/');
    if (parts[1] !== 'r1') throw new GatewayError('Client.BadRequest', `unsupported protocol version "${parts[1]}"; use r1`);
    if (!ALLOWED_METHODS.has(x.method)) throw new GatewayError('Client.BadRequest', `method ${x.method} is not supported`);
    if (parts.length < 7) throw new GatewayError('Client.BadRequest', 'the URI must be /r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE[/path]');
    const ids: string[] = [];
    for (const raw of parts.slice(2, 7)) {
      const decoded = decodePart(raw);
      if (!decoded || decoded.length > 255 || /[\u0000-\u001f]/.test(decoded)) throw new GatewayError('Client.BadRequest', 'the service identifier is not valid percent-encoded UTF-8');
      ids.push(decoded);
    }
    const rawServicePath = parts.length > 7 ? `/${parts.slice(7).join('/')}` : '';
    const segments = pathSegments(rawServicePath);
    // No dot segments and no encoded separators: the path is appended to the provider's base URL
    // and must stay beneath it, and the provider must see the segments the access check saw.
    if (!segments || segments.some((s) => s === '.' || s === '..' || s.includes('/') || s.includes('\\'))) {
      throw new GatewayError('Client.BadRequest', 'the path after the service code is not valid');
    }
    x.serviceIdentifier = joinIdentifier(ids);
    x.forwardPath = rawServicePath + (rawQuery === null ? '' : `?${rawQuery}`);

    const clientHeader = header(req, 'x-road-client');
    if (!clientHeader) throw new GatewayError('Client.MissingHeader');
    const client = parseClientHeader(clientHeader);
    if (!client) throw new GatewayError('Client.InvalidClientIdentifier', 'expected INSTANCE/CLASS/MEMBER/SUBSYSTEM');

    const snapshot = await store.current();
    authenticate(x, snapshot, client.canonical);

    const sentId = header(req, 'x-road-id');
    if (sentId !== undefined) {
      if (!sentId || sentId.length > 255 || /[\u0000-\u001f]/.test(sentId)) throw new GatewayError('Client.BadRequest', 'X-Road-Id is not valid');
      x.xroadId = sentId;
    } else {
      x.generatedXroadId = `${settings.instance}-${randomUUID()}`;
      x.xroadId = x.generatedXroadId;
    }
    x.recorded = true;

    const providerIdentifier = joinIdentifier(ids.slice(0, 4));
    const serviceCode = ids[4]!;
    if ((METADATA_SERVICE_CODES as readonly string[]).includes(serviceCode)) {
      const provider = snapshot.subsystemsByIdentifier.get(providerIdentifier);
      if (!provider) throw new GatewayError('Client.UnknownService', `no subsystem ${providerIdentifier}`);
      x.providerOpdId = provider.opdId;
      x.metricService = x.serviceIdentifier;
      const answer = await answerMetadata({ db, snapshot, provider, client: x.client!, serviceCode, query: rawQuery, baseUrl: options.baseUrl });
      await respondFromGateway(x, 200, answer.contentType, answer.body);
      return;
    }

    const service = snapshot.services.get(x.serviceIdentifier);
    if (!service || (service.lifecycle === 'draft' && service.provider.opdId !== x.client!.opdId)) {
      if (CODE_PATTERN.test(serviceCode)) x.providerOpdId = snapshot.subsystemsByIdentifier.get(providerIdentifier)?.opdId ?? null;
      throw new GatewayError('Client.UnknownService', `no service ${x.serviceIdentifier}`);
    }
    x.service = service;
    x.metricService = service.identifier;
    x.providerOpdId = service.provider.opdId;
    if (service.lifecycle === 'retired') throw new GatewayError('Client.ServiceDisabled', 'the service is retired');
    if (!service.provider.active) throw new GatewayError('Client.ServiceDisabled', 'the providing subsystem is disabled');

    const rights = (service.rightsByConsumer.get(x.client!.id) ?? []).filter((r) => !r.pattern || r.pattern.matches(x.method, segments));
    let best: { path: string; method: string; specificity: number } | null = null;
    for (const e of service.endpoints) {
      if (e.pattern.matches(x.method, segments) && (!best || e.pattern.specificity > best.specificity)) best = e.pattern;
    }
    x.endpoint = best ? `${best.method} ${best.path}` : null;
    if (rights.length === 0) throw new GatewayError('Client.AccessDenied', `${x.clientIdentifier} may not call ${x.method} ${rawServicePath || '/'} of ${service.identifier}`);

    if (service.personalData) {
      const purpose = header(req, 'x-padu-purpose');
      const legalBasis = header(req, 'x-padu-legal-basis');
      if (!purpose || !legalBasis || !CODE_HEADER.test(purpose) || !CODE_HEADER.test(legalBasis)) throw new GatewayError('Client.PurposeRequired');
    }

    const declared = header(req, 'content-length');
    if (declared !== undefined && Number(declared) > service.bodyLimit) {
      throw new GatewayError('Client.RequestTooLarge', `at most ${service.bodyLimit} bytes`);
    }
    const circuitKey = service.upstream.origin;
    const open = breakers.peek(circuitKey);
    if (open) throw new GatewayError('Server.ServerProxy.CircuitOpen', `retry in ${open} s`, { 'Retry-After': String(open) });

    // The most generous of the matching rights applies; a right without a limit takes the service's.
    const rate = mostGenerous(rights.map((r) => r.rateLimitRps ?? service.rateLimitRps));
    if (rate !== null && !limiter.take(`${x.client!.id}|${service.id}`, rate)) {
      throw new GatewayError('Client.RateLimitExceeded', `at most ${rate} calls a second`, { 'Retry-After': '1' });
    }
    const dailyQuota = mostGenerous(rights.map((r) => r.dailyQuota ?? service.dailyQuota));
    if (dailyQuota !== null && !(await quota.tryConsume(x.client!.id, service.id, dayFormat.format(options.clock.now()), dailyQuota))) {
      throw new GatewayError('Client.QuotaExceeded', `at most ${dailyQuota} calls a day`);
    }

    // Taken last: a half-open circuit lets exactly one trial call through.
    const circuit = breakers.allow(circuitKey);
    if (!circuit.ok) throw new GatewayError('Server.ServerProxy.CircuitOpen', `retry in ${circuit.retryAfterS} s`, { 'Retry-After': String(circuit.retryAfterS) });
    await forward(x, service);
  }

  function authenticate(x: Exchange, snapshot: Snapshot, clientIdentifier: string): void {
    const authorization = header(x.req, 'authorization');
    const now = options.clock.now().getTime();
    // Without an Authorization header, a client certificate presented on the TLS port may authenticate.
    const certified = authorization === undefined ? (options.certificates?.authenticate(x.req, snapshot, now) ?? null) : null;
    const raw = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    const token = certified ? undefined : raw && TOKEN_PATTERN.test(raw) ? snapshot.tokens.get(hash('sha256', raw)) : undefined;
    if (!certified && (!token || (token.expiresAt !== null && token.expiresAt <= now) || !(token.scopes.includes('gerbang:call') || token.scopes.includes('gerbang:*')))) {
      throw new GatewayError('Client.AuthenticationFailed');
    }
    const client = snapshot.subsystemsByIdentifier.get(clientIdentifier);
    if (!client) throw new GatewayError('Client.InvalidClientIdentifier', `no subsystem ${clientIdentifier}`);
    if (certified && client.id !== certified.subsystemId) {
      throw new GatewayError('Client.AuthenticationFailed', `the client certificate belongs to ${snapshot.subsystems.get(certified.subsystemId)?.identifier ?? 'another subsystem'}, not ${clientIdentifier}`);
    }
    if (token && client.id !== token.subsystemId) throw new GatewayError('Client.AuthenticationFailed', 'the token belongs to another subsystem');
    if (!client.active) throw new GatewayError('Client.AuthenticationFailed', 'the subsystem is disabled');
    x.client = client;
    x.clientIdentifier = client.identifier;
    if (!token) return;
    // Like the platform's own token check: remember the last use, at most once a minute.
    if (token.lastUsedAt === null || now - token.lastUsedAt > 60_000) {
      token.lastUsedAt = now;
      db.updateTable('api_token')
        .set({ last_used_at: new Date(now) })
        .where('id', '=', token.tokenId)
        .execute()
        .catch((error: unknown) => logger.warn({ err: error }, 'gerbang: recording a token use failed'));
    }
  }

  function requestHashOf(x: Exchange, withBody: boolean): string {
    const head = requestMessage(x.method, x.uri, x.req.rawHeaders, x.requestId, x.generatedXroadId);
    return messageHash(head, withBody ? x.requestHasher.digest() : null);
  }

  function xroadResponseHeaders(x: Exchange): string[] {
    return [
      'X-Road-Client', x.clientIdentifier!,
      'X-Road-Service', x.serviceIdentifier!,
      'X-Road-Id', x.xroadId!,
      'X-Road-Request-Id', x.requestId,
      'X-Road-Request-Hash', x.requestHash!,
    ];
  }

  function buildRecord(x: Exchange, outcome: { status: number; errorType: string | null; responseHash: string; responseBytes: number; responseBody?: Buffer }): ExchangeRecord {
    const h = (name: string) => header(x.req, name) ?? null;
    const record: ExchangeRecord = {
      xroadId: x.xroadId!,
      requestId: x.requestId,
      client: x.clientIdentifier!,
      service: x.serviceIdentifier!,
      clientSubsystemId: x.client?.id ?? null,
      serviceDbId: x.service?.id ?? null,
      consumerOpdId: x.client?.opdId ?? null,
      providerOpdId: x.providerOpdId,
      endpoint: x.endpoint,
      method: x.method,
      path: x.forwardPath,
      userId: h('x-road-userid'),
      purpose: h('x-padu-purpose'),
      legalBasis: h('x-padu-legal-basis'),
      issue: h('x-road-issue'),
      representedParty: h('x-road-represented-party'),
      status: outcome.status,
      errorType: outcome.errorType,
      startedAt: x.startedAt,
      upstreamMs: x.upstreamMs,
      totalMs: msSince(x.started),
      requestBytes: x.requestHasher.bytes,
      responseBytes: outcome.responseBytes,
      hashAlgorithm: HASH_ALGORITHM,
      requestHash: x.requestHash ?? requestHashOf(x, false),
      responseHash: outcome.responseHash,
    };
    if (x.requestBody) record.requestBody = Buffer.concat(x.requestBody);
    if (outcome.responseBody) record.responseBody = outcome.responseBody;
    return record;
  }

  function observe(x: Exchange, status: number, errorType: string | null): void {
    metrics.observe({
      service: x.metricService,
      consumer: x.clientIdentifier ?? 'unauthenticated',
      status,
      category: errorType ? (errorCategory(errorType) ?? 'gateway') : null,
      seconds: msSince(x.started) / 1000,
      upstreamSeconds: x.upstreamMs === null ? null : x.upstreamMs / 1000,
    });
  }

  /** A response the gateway itself makes with success (the metadata services). */
  async function respondFromGateway(x: Exchange, status: number, contentType: string, body: Buffer): Promise<void> {
    x.requestHash = requestHashOf(x, false);
    const headers = ['Date', new Date().toUTCString(), 'Content-Type', contentType, 'Content-Length', String(body.length), ...xroadResponseHeaders(x)];
    const reason = http.STATUS_CODES[status] ?? '';
    const responseHash = messageHash(responseMessage(status, reason, headers), body.length ? sha512(body) : null);
    await evidence.append(buildRecord(x, { status, errorType: null, responseHash, responseBytes: body.length }));
    if (!x.req.complete) headers.push('Connection', 'close');
    x.res.writeHead(status, reason, headers);
    x.res.end(body);
    observe(x, status, null);
  }

  async function fail(x: Exchange, error: unknown): Promise<void> {
    const { res } = x;
    let gatewayError: GatewayError;
    if (error instanceof GatewayError) gatewayError = error;
    else if (error instanceof ClientGone) gatewayError = new GatewayError('Server.ClientProxy.InternalError', 'client went away');
    else {
      logger.error({ err: error, requestId: x.requestId }, 'gerbang: internal error');
      gatewayError = new GatewayError('Server.ClientProxy.InternalError');
    }
    const type = gatewayError.type;

    if (error instanceof ClientGone || res.destroyed || x.headCommitted) {
      // Nothing more can be said to the client; the exchange still counts, and if the provider
      // was reached it is evidence that it was.
      if (!res.destroyed) res.destroy();
      const status = error instanceof ClientGone ? 499 : (x.status ?? 500);
      const errorType = error instanceof ClientGone ? null : type;
      if (x.recorded && (x.upstreamContacted || !(error instanceof ClientGone))) {
        await evidence
          .append(buildRecord(x, { status, errorType, responseHash: '', responseBytes: 0 }))
          .catch((e: unknown) => logger.error({ err: e, requestId: x.requestId }, 'gerbang: evidence append failed for an interrupted exchange'));
      }
      observe(x, status, errorType);
      return;
    }

    let answered = gatewayError;
    let { status, headers, body } = errorResponse(x, answered);
    if (x.recorded && type !== 'Server.ClientProxy.LoggingFailed') {
      const responseHash = messageHash(responseMessage(status, http.STATUS_CODES[status] ?? '', headers), sha512(body));
      try {
        await evidence.append(buildRecord(x, { status, errorType: type, responseHash, responseBytes: body.length }));
      } catch (appendError) {
        logger.error({ err: appendError, requestId: x.requestId }, 'gerbang: evidence append failed');
        answered = new GatewayError('Server.ClientProxy.LoggingFailed');
        ({ status, headers, body } = errorResponse(x, answered));
      }
    }
    // A body the client is still sending is not read: close the connection after answering.
    if (!x.req.complete) headers.push('Connection', 'close');
    if (res.destroyed) return;
    res.writeHead(status, http.STATUS_CODES[status] ?? '', headers);
    res.end(body);
    if (!x.req.complete) {
      x.req.resume();
      setTimeout(() => x.req.socket?.destroy(), 5000).unref();
    }
    observe(x, status, answered.type);
  }

  /** X-Road error response (4.6): 400 or 500, X-Road-Error, a JSON (or XML) body with type, message, detail. */
  function errorResponse(x: Exchange, error: GatewayError): { status: number; headers: string[]; body: Buffer } {
    const type: ErrorType = error.type;
    const status = errorStatus(type);
    const message = `${ERROR_TYPES[type].message}${error.detail ? ` (${error.detail})` : ''}`;
    const accept = (header(x.req, 'accept') ?? '').split(',').map((s) => s.split(';')[0]!.trim().toLowerCase());
    const xml = accept.find((a) => XML_TYPES.includes(a));
    let contentType: string;
    let body: Buffer;
    if (xml) {
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      contentType = `${xml === 'text/*' ? 'text/xml' : xml};charset=utf-8`;
      body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<error><type>${esc(type)}</type><message>${esc(message)}</message><detail>${esc(x.requestId)}</detail></error>\n`);
    } else {
      contentType = 'application/json;charset=utf-8';
      body = Buffer.from(JSON.stringify({ type, message, detail: x.requestId }));
    }
    const headers = ['Date', new Date().toUTCString(), 'Content-Type', contentType, 'Content-Length', String(body.length), 'X-Road-Error', type, 'X-Road-Request-Id', x.requestId];
    if (x.xroadId) headers.push('X-Road-Id', x.xroadId);
    for (const [k, v] of Object.entries(error.headers)) headers.push(k, v);
    return { status, headers, body };
  }

  function forward(x: Exchange, service: ServiceEntry): Promise<void> {
    const { req, res } = x;
    const upstream = service.upstream;
    const key = upstream.origin;
    const limit = service.bodyLimit;
    if (service.keepBodies) x.requestBody = [];

    const headers: string[] = ['Host', upstream.host];
    const connectionTokens = new Set((header(req, 'connection') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const lower = req.rawHeaders[i]!.toLowerCase();
      if (HOP_BY_HOP.has(lower) || DROP_FROM_REQUEST.has(lower) || connectionTokens.has(lower)) continue;
      headers.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    }
    headers.push('X-Road-Request-Id', x.requestId);
    if (x.generatedXroadId) headers.push('X-Road-Id', x.generatedXroadId);

    const base = upstream.pathname;
    const path = x.forwardPath.startsWith('/') && base.endsWith('/') ? base + x.forwardPath.slice(1) : base + x.forwardPath;
    const transport = upstream.protocol === 'https:' ? https : http;

    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let judged = false;
      const settle = (error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        // A call that ended without a verdict on the upstream (the client left) frees a trial slot.
        if (!judged) breakers.release(key);
        if (error) reject(error);
        else resolve();
      };

      const sentAt = process.hrtime.bigint();
      x.upstreamContacted = true;
      const upReq = transport.request({
        protocol: upstream.protocol,
        hostname: upstream.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: upstream.port || undefined,
        path,
        method: x.method,
        headers,
        agent: upstream.protocol === 'https:' ? httpsAgent : httpAgent,
      });
      let answered = false;
      let timedOut = false;
      // The service timeout runs from sending the request to the provider's response head.
      const deadline = setTimeout(() => {
        timedOut = true;
        upReq.destroy();
      }, service.timeoutMs);

      // ---- request body: streamed to the provider while hashed, limited ----
      let forwarding = true;
      let requestEnded = false;
      let requestFailed: unknown = null;
      const requestWaiters: ((error?: unknown) => void)[] = [];
      const requestFinished = () =>
        new Promise<void>((ok, ko) => {
          if (requestFailed) ko(requestFailed);
          else if (requestEnded) ok();
          else requestWaiters.push((e) => (e ? ko(e) : ok()));
        });
      const endRequest = (error?: unknown) => {
        if (error) requestFailed = error;
        else requestEnded = true;
        for (const w of requestWaiters.splice(0)) w(error);
      };
      req.on('data', (chunk: Buffer) => {
        if (requestFailed) return;
        if (x.requestHasher.bytes + chunk.length > limit) {
          const tooLarge = new GatewayError('Client.RequestTooLarge', `at most ${limit} bytes`);
          endRequest(tooLarge);
          forwarding = false;
          req.pause();
          upReq.destroy();
          settle(tooLarge);
          return;
        }
        x.requestHasher.update(chunk);
        x.requestBody?.push(chunk);
        if (forwarding && !upReq.write(chunk)) req.pause();
      });
      upReq.on('drain', () => req.resume());
      req.on('end', () => {
        if (requestFailed) return;
        endRequest();
        if (forwarding) upReq.end();
      });
      res.on('close', () => {
        if (res.writableFinished) return;
        const gone = new ClientGone();
        endRequest(gone);
        upReq.destroy();
        settle(gone);
      });

      upReq.on('error', (error) => {
        if (answered || settled) return;
        judged = true;
        breakers.failed(key);
        x.upstreamMs = msSince(sentAt);
        settle(timedOut ? new GatewayError('Server.ServerProxy.Timeout', `no answer within ${service.timeoutMs} ms`) : new GatewayError('Server.ServerProxy.NetworkError', (error as NodeJS.ErrnoException).code ?? error.message));
      });

      // ---- response: head held until the request is fully read (its hash is in the head), body streamed while hashed, end held until the evidence is durable ----
      upReq.on('response', (up) => {
        answered = true;
        clearTimeout(deadline);
        x.upstreamMs = msSince(sentAt);
        x.status = up.statusCode ?? 502;
        judged = true;
        if (up.statusCode === 502 || up.statusCode === 503 || up.statusCode === 504) breakers.failed(key);
        else breakers.succeeded(key);
        let cutShort = false;
        respond(x, service, up, requestFinished, () => {
          // The provider answered before reading the whole request: read the rest for the hash only.
          forwarding = false;
          cutShort = true;
          req.resume();
        }).then(
          () => {
            // A request the provider did not read to its end leaves the connection unusable.
            if (cutShort) upReq.destroy();
            settle();
          },
          (error: unknown) => {
            if (!up.destroyed) up.destroy();
            settle(error);
          },
        );
      });
      req.resume();
    });
  }

  async function respond(x: Exchange, service: ServiceEntry, up: IncomingMessage, requestFinished: () => Promise<void>, stopForwarding: () => void): Promise<void> {
    const { res } = x;
    const limit = service.bodyLimit;
    if (!x.req.complete) stopForwarding();
    await requestFinished();
    x.requestHash = requestHashOf(x, true);

    const declared = up.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) throw new GatewayError('Server.ServerProxy.ResponseTooLarge', `at most ${limit} bytes`);

    const headers: string[] = [];
    const connectionTokens = new Set(String(up.headers.connection ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
    let hasDate = false;
    for (let i = 0; i < up.rawHeaders.length; i += 2) {
      const lower = up.rawHeaders[i]!.toLowerCase();
      if (HOP_BY_HOP.has(lower) || DROP_FROM_RESPONSE.has(lower) || connectionTokens.has(lower)) continue;
      if (lower === 'date') hasDate = true;
      headers.push(up.rawHeaders[i]!, up.rawHeaders[i + 1]!);
    }
    if (!hasDate) headers.unshift('Date', new Date().toUTCString());
    headers.push(...xroadResponseHeaders(x));
    const status = up.statusCode ?? 502;
    const reason = up.statusMessage ?? http.STATUS_CODES[status] ?? '';

    const hasher = new BodyHasher();
    const kept: Buffer[] | null = service.keepBodies ? [] : null;
    // One chunk is always held back, so a client reading a Content-Length body cannot see it
    // complete before the exchange is in the evidence log.
    let held: Buffer | null = null;
    const commitHead = () => {
      if (!x.headCommitted) {
        res.writeHead(status, reason, headers);
        x.headCommitted = true;
      }
    };
    await new Promise<void>((ok, ko) => {
      // A provider that stops sending mid-body is timed out, but not while the client is slow.
      let idle: NodeJS.Timeout | undefined;
      const watch = () => {
        clearTimeout(idle);
        idle = setTimeout(() => ko(new GatewayError('Server.ServerProxy.Timeout', `the provider sent nothing for ${service.timeoutMs} ms`)), service.timeoutMs);
      };
      const done = (error?: unknown) => {
        clearTimeout(idle);
        if (error) ko(error);
        else ok();
      };
      watch();
      up.on('data', (chunk: Buffer) => {
        if (hasher.bytes + chunk.length > limit) {
          done(new GatewayError('Server.ServerProxy.ResponseTooLarge', `at most ${limit} bytes`));
          return;
        }
        hasher.update(chunk);
        kept?.push(chunk);
        if (held) {
          commitHead();
          if (!res.write(held)) {
            clearTimeout(idle);
            up.pause();
          }
        }
        held = chunk;
        if (!up.isPaused()) watch();
      });
      res.on('drain', () => {
        watch();
        up.resume();
      });
      up.on('end', () => done());
      up.on('error', (error) => done(new GatewayError('Server.ServerProxy.NetworkError', `the provider connection failed mid-response: ${(error as NodeJS.ErrnoException).code ?? error.message}`)));
      up.on('close', () => {
        if (!up.complete) done(new GatewayError('Server.ServerProxy.NetworkError', 'the provider closed the connection mid-response'));
      });
      res.on('close', () => {
        if (!res.writableFinished) done(new ClientGone());
      });
    });

    const responseHash = messageHash(responseMessage(status, reason, headers), hasher.digest());
    const record = buildRecord(x, { status, errorType: null, responseHash, responseBytes: hasher.bytes, responseBody: kept ? Buffer.concat(kept) : undefined });
    try {
      await evidence.append(record);
    } catch (error) {
      logger.error({ err: error, requestId: x.requestId }, 'gerbang: evidence append failed');
      throw new GatewayError('Server.ClientProxy.LoggingFailed');
    }
    commitHead();
    res.end(held ?? undefined);
    observe(x, status, null);
  }

  return {
    handle,
    breakers,
    async close() {
      await Promise.allSettled([...inFlight]);
      await quota.close();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function mostGenerous(limits: (number | null)[]): number | null {
  if (limits.length === 0 || limits.some((l) => l === null)) return null;
  return Math.max(...(limits as number[]));
}

/** The digest of a body made in memory (gateway answers); null when empty, like BodyHasher. */
function sha512(body: Buffer): Buffer | null {
  const h = new BodyHasher();
  h.update(body);
  return h.digest();
}
