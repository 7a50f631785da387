import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, StringEnum } from '../../../platform/http/validation.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import { safeNext } from '../../../platform/http/app.tsx';
import { ensure } from '../../../platform/auth/policy.ts';
import { listOpdOptions } from '../../../platform/org/index.ts';
import { katalogPolicy } from '../policy.ts';
import './messages.ts';
import { findDuplicates, type DuplicateGroupView } from './use-cases/find-duplicates.ts';
import { reviewDuplicateGroup } from './use-cases/review-duplicate-group.ts';
import { DuplicatesPage } from './views/duplicate-pages.tsx';

const KINDS = ['same_capability', 'aplikasi_umum_lookalike', 'similar_name'] as const;
const STATUSES = ['open', 'confirmed', 'dismissed'] as const;
const PAGE_SIZE = 25;

const ListQuery = Type.Object({
  kind: Type.Optional(Type.Union([StringEnum(KINDS), Type.Literal('')])),
  status: Type.Optional(Type.Union([StringEnum(STATUSES), Type.Literal('')])),
  opdId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Literal('')])),
  minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});
const GroupParams = Type.Object({ groupKey: Type.String({ pattern: '^[0-9a-f]{8,64}$' }) });
const ReviewBody = Type.Object({ status: StringEnum(['confirmed', 'dismissed', 'open'] as const), note: Type.Optional(Type.String({ maxLength: 500 })) });
const ReviewForm = Type.Object({ status: StringEnum(['confirmed', 'dismissed', 'open'] as const), note: Type.Optional(Type.String({ maxLength: 500 })), returnTo: Type.Optional(Type.String({ maxLength: 2000 })) });

const ReasonOut = Type.Object({ code: Type.String(), detail: Type.String(), appKeys: Type.Array(Type.String()) });
const GroupOut = Type.Object({
  id: Type.String(),
  kind: StringEnum(KINDS),
  score: Type.Number(),
  appKeys: Type.Array(Type.String()),
  apps: Type.Array(Type.Object({ id: Type.String(), key: Type.String(), name: Type.String(), opdId: Type.Union([Type.String(), Type.Null()]), opdName: Type.Union([Type.String(), Type.Null()]) })),
  reasons: Type.Array(ReasonOut),
  generalField: Type.Optional(Type.Object({ code: Type.String(), name: Type.String(), systems: Type.Array(Type.String()) })),
  status: StringEnum(STATUSES),
  note: Type.Union([Type.String(), Type.Null()]),
  reviewedBy: Type.Union([Type.String(), Type.Null()]),
  reviewedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const ListOut = Type.Object({ groups: Type.Array(GroupOut), appsConsidered: Type.Integer(), detectionMs: Type.Integer() });

export function presentGroup(g: DuplicateGroupView) {
  return {
    id: g.id,
    kind: g.kind,
    score: g.score,
    appKeys: g.appKeys,
    apps: g.apps,
    reasons: g.reasons.map((r) => ({ code: r.code, detail: r.detail, appKeys: r.appKeys })),
    ...(g.generalField ? { generalField: g.generalField } : {}),
    status: g.status,
    note: g.note,
    reviewedBy: g.reviewedBy,
    reviewedAt: g.reviewedAt ? new Date(g.reviewedAt).toISOString() : null,
  };
}

export const duplicateRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  app.get('/katalog/duplicates', { schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const { kind = '', status = '', opdId = '', page = 1 } = req.query;
    const result = await findDuplicates(deps, req.actor, { kind: kind || undefined, status: status || undefined, opdId: opdId || undefined });
    const opdOptions = await listOpdOptions(deps.db);
    return sendPage(reply, (ctx) => (
      <DuplicatesPage
        ctx={ctx}
        groups={result.groups}
        total={result.groups.length}
        appsConsidered={result.appsConsidered}
        detectionMs={result.detectionMs}
        filter={{ kind, status, opdId }}
        opdOptions={opdOptions}
        canReview={katalogPolicy.rationalise(req.actor)}
        page={page}
        pageSize={PAGE_SIZE}
      />
    ));
  });

  app.post('/katalog/duplicates/:groupKey/review', { schema: { hide: true, params: GroupParams } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.rationalise(req.actor));
    const input = parseForm(ReviewForm, req.body);
    await reviewDuplicateGroup(deps, auditContext(req), { groupKey: req.params.groupKey, status: input.status, note: input.note ?? null });
    const flash = input.status === 'confirmed' ? 'flash.dup_confirmed' : input.status === 'dismissed' ? 'flash.dup_dismissed' : 'flash.dup_reopened';
    return redirectWithFlash(reply, input.returnTo ? safeNext(input.returnTo) : '/katalog/duplicates', flash);
  });

  app.get(
    '/api/v1/katalog/duplicates',
    { schema: { tags: ['katalog'], summary: 'Candidate duplicate groups with reasons and review state (SPBE team, auditors, admins)', querystring: ListQuery, response: { 200: ListOut } } },
    async (req) => {
      const { kind, status, opdId, minScore } = req.query;
      const result = await findDuplicates(deps, req.actor, { kind: kind || undefined, status: status || undefined, opdId: opdId || undefined, minScore });
      return { groups: result.groups.map(presentGroup), appsConsidered: result.appsConsidered, detectionMs: result.detectionMs };
    },
  );

  app.post(
    '/api/v1/katalog/duplicates/:groupKey/review',
    { schema: { tags: ['katalog'], summary: 'Confirm or dismiss a candidate group, or reopen it (SPBE team, admins)', params: GroupParams, body: ReviewBody, response: { 200: Type.Object({ ok: Type.Boolean() }) } } },
    async (req) => {
      await reviewDuplicateGroup(deps, auditContext(req), { groupKey: req.params.groupKey, status: req.body.status, note: req.body.note ?? null });
      return { ok: true };
    },
  );
};
