import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { parseForm } from '../../../platform/http/validation.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { sendPage } from '../../../platform/html/render.tsx';
import { ensure } from '../../../platform/auth/policy.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import './messages.ts';
import * as S from './schemas.ts';
import { evidencePolicy } from './policy.ts';
import { searchEvidence, PAGE_SIZE, type EvidenceEntry, type EvidenceSearchInput } from './use-cases/search-evidence.ts';
import { getEvidence, getEvidenceProof } from './use-cases/get-evidence.ts';
import { listSigningKeys } from './use-cases/list-signing-keys.ts';
import { EvidenceDetailPage, EvidenceSearchPage, type EvidenceRole } from './views/evidence-pages.tsx';

const FILTER_NAMES = ['service', 'client', 'status', 'from', 'to', 'xroadId', 'userId'] as const;

function filterQuery(input: Partial<Record<string, unknown>>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = input[name];
    if (typeof value === 'string' && value.trim() !== '') params.set(name, value.trim());
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

function formValues(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...FILTER_NAMES, 'before'] as const) {
    const raw = (query as Record<string, unknown> | undefined)?.[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

function roleFor(actor: Actor | null): (e: EvidenceEntry) => EvidenceRole {
  const readable = evidencePolicy.readableOpdIds(actor);
  const mine = readable === 'all' ? [] : readable;
  return (e) => {
    const provider = !!e.providerOpdId && mine.includes(e.providerOpdId);
    const consumer = !!e.consumerOpdId && mine.includes(e.consumerOpdId);
    return provider && consumer ? 'both' : provider ? 'provider' : consumer ? 'consumer' : null;
  };
}

/**
 * The evidence log's screens and API: search (each party sees its own exchanges), one exchange,
 * its offline-verifiable proof, and the public keys that sign the seals. Registered by the
 * gerbang module's index.
 */
export const evidenceRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  const timeZone = deps.config.timeZone;

  app.get('/gerbang/evidence', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, evidencePolicy.search(req.actor));
    const values = formValues(req.query);
    const readAll = evidencePolicy.readableOpdIds(req.actor) === 'all';
    let input: Static<typeof S.EvidencePageQuery>;
    let result: Awaited<ReturnType<typeof searchEvidence>>;
    try {
      input = parseForm(S.EvidencePageQuery, values);
      result = await searchEvidence(deps, req.actor, { ...input, limit: PAGE_SIZE });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      return sendPage(
        reply,
        (ctx) => <EvidenceSearchPage ctx={ctx} form={{ values, errors: error.fields }} entries={[]} roleOf={() => null} readAll={readAll} timeZone={timeZone} olderHref={null} newestHref={null} />,
        400,
      );
    }
    const olderHref = result.nextBefore ? `/gerbang/evidence${filterQuery(input, { before: result.nextBefore })}` : null;
    const newestHref = input.before ? `/gerbang/evidence${filterQuery(input)}` : null;
    return sendPage(reply, (ctx) => (
      <EvidenceSearchPage ctx={ctx} form={{ values, errors: [] }} entries={result.entries} roleOf={roleFor(req.actor)} readAll={readAll} timeZone={timeZone} olderHref={olderHref} newestHref={newestHref} />
    ));
  });

  app.get(
    '/api/v1/gerbang/evidence',
    {
      schema: {
        tags: ['gerbang'],
        summary: 'Search the exchange evidence log (a provider or consumer agency sees its own exchanges; auditors all), newest first',
        querystring: S.EvidenceQuery,
        response: { 200: S.EvidencePageOut },
      },
    },
    async (req) => {
      const result = await searchEvidence(deps, req.actor, req.query as EvidenceSearchInput);
      return { items: result.entries.map(S.presentEntry), nextBefore: result.nextBefore };
    },
  );

  app.get(
    '/api/v1/gerbang/evidence/keys',
    { schema: { tags: ['gerbang'], summary: 'Public Ed25519 keys that sign evidence seals (public, for offline proof checks)', security: [], response: { 200: S.PublicKeysOut } } },
    async () => ({ items: await listSigningKeys(deps) }),
  );

  app.get('/gerbang/evidence/:recordId', { schema: { hide: true, params: S.RecordParams } }, async (req, reply) => {
    const detail = await getEvidence(deps, req.actor, req.params.recordId);
    return sendPage(reply, (ctx) => <EvidenceDetailPage ctx={ctx} detail={detail} />);
  });

  app.get(
    '/api/v1/gerbang/evidence/:recordId',
    { schema: { tags: ['gerbang'], summary: 'One exchange with its personal fields opened, its hashes and its seal', params: S.RecordParams, response: { 200: S.EvidenceDetailOut } } },
    async (req) => S.presentDetail(await getEvidence(deps, req.actor, req.params.recordId)),
  );

  app.get(
    '/api/v1/gerbang/evidence/:recordId/proof',
    {
      schema: {
        tags: ['gerbang'],
        summary: 'Inclusion proof of one exchange: record, Merkle audit path, signed seal, public key (checkable offline)',
        params: S.RecordParams,
        response: { 200: S.ProofOut },
      },
    },
    async (req, reply) => {
      const proof = await getEvidenceProof(deps, req.actor, req.params.recordId);
      reply.header('cache-control', 'no-store');
      return proof;
    },
  );
};
