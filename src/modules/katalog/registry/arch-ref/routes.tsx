import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, StringEnum } from '../../../../platform/http/validation.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { auditContext } from '../../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../../platform/html/render.tsx';
import { handleForm } from '../../../../platform/html/forms.ts';
import { emptyForm } from '../../../../platform/html/context.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { ARCH_KINDS, type ArchKind } from '../../db.ts';
import { katalogPolicy } from '../../policy.ts';
import * as S from './schemas.ts';
import { findCode, type CodeRow } from './repo.ts';
import { codeTree, type CodeNode } from './use-cases/code-tree.ts';
import { addProvinceCode, renameProvinceCode, retireProvinceCode } from './use-cases/manage-code.ts';
import { CodeFormPage, CodeTreePage } from './views.tsx';

const presentNode = (n: CodeNode): Record<string, unknown> => ({ code: n.code, kind: n.kind, name: n.name, level: n.level, origin: n.origin, retired: !!n.retired_at, children: n.children.map(presentNode) });
const presentCode = (r: CodeRow) => ({ code: r.code, kind: r.kind, name: r.name, level: r.level, origin: r.origin, retired: !!r.retired_at, parentCode: r.parent_code });
const kindOf = (code: string) => code.slice(0, 3).toUpperCase() as ArchKind;
const NewForm = Type.Object({ parentCode: S.CodeText, code: Type.String({ minLength: 1, maxLength: 40 }), name: Type.String({ minLength: 2, maxLength: 300 }) });
const RenameForm = Type.Object({ name: Type.String({ minLength: 2, maxLength: 300 }) });

export const archRefRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  async function found(code: string) {
    const row = await findCode(deps.db, code.toUpperCase());
    if (!row) throw new AppError('not_found', 'error.not_found');
    return row;
  }

  // ---- Screens ---------------------------------------------------------------------------------
  app.get('/katalog/arch-ref', { schema: { hide: true, querystring: Type.Object({ kind: Type.Optional(StringEnum(ARCH_KINDS)) }) } }, async (req, reply) => {
    const kind = req.query.kind ?? 'RAB';
    const tree = await codeTree(deps, kind);
    return sendPage(reply, (ctx) => <CodeTreePage ctx={ctx} kind={kind} tree={tree} canManage={katalogPolicy.manageReference(req.actor)} />);
  });

  app.get('/katalog/arch-ref/new', { schema: { hide: true, querystring: Type.Object({ parent: S.CodeText }) } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.manageReference(req.actor));
    const parent = await found(req.query.parent);
    return sendPage(reply, (ctx) => <CodeFormPage ctx={ctx} form={emptyForm({ code: `${parent.code}.` })} parent={parent} />);
  });

  app.post('/katalog/arch-ref', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.manageReference(req.actor));
    const raw = String((req.body as Record<string, unknown> | undefined)?.parentCode ?? '');
    const parent = (await findCode(deps.db, raw.toUpperCase())) ?? { code: raw, name: '' };
    return handleForm(
      reply,
      req.body,
      'code',
      async () => {
        const f = parseForm(NewForm, req.body);
        await addProvinceCode(deps, auditContext(req), f);
        return redirectWithFlash(reply, `/katalog/arch-ref?kind=${kindOf(f.parentCode)}`, 'flash.saved');
      },
      (ctx, form) => <CodeFormPage ctx={ctx} form={form} parent={parent} />,
    );
  });

  app.get('/katalog/arch-ref/:code/edit', { schema: { hide: true, params: S.CodeParams } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.manageReference(req.actor));
    const row = await found(req.params.code);
    if (row.origin !== 'province') throw new AppError('forbidden', 'katalog.ref.national_read_only');
    return sendPage(reply, (ctx) => <CodeFormPage ctx={ctx} form={emptyForm({ name: row.name })} code={row} />);
  });

  app.post('/katalog/arch-ref/:code', { schema: { hide: true, params: S.CodeParams } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.manageReference(req.actor));
    const row = await found(req.params.code);
    return handleForm(
      reply,
      req.body,
      'name',
      async () => {
        await renameProvinceCode(deps, auditContext(req), row.code, parseForm(RenameForm, req.body).name);
        return redirectWithFlash(reply, `/katalog/arch-ref?kind=${row.kind}`, 'flash.saved');
      },
      (ctx, form) => <CodeFormPage ctx={ctx} form={form} code={row} />,
    );
  });

  app.post('/katalog/arch-ref/:code/retire', { schema: { hide: true, params: S.CodeParams } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.manageReference(req.actor));
    const row = await found(req.params.code);
    try {
      await retireProvinceCode(deps, auditContext(req), row.code);
      return redirectWithFlash(reply, `/katalog/arch-ref?kind=${row.kind}`, 'katalog.ref.retired_flash');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const tree = await codeTree(deps, row.kind);
        const errors = error.fields.length ? error.fields : [{ field: 'code', messageKey: error.messageKey, params: error.options.params }];
        return sendPage(reply, (ctx) => <CodeTreePage ctx={ctx} kind={row.kind} tree={tree} canManage errors={errors} />, error.status);
      }
      throw error;
    }
  });

  // ---- API -------------------------------------------------------------------------------------
  app.get(
    '/api/v1/katalog/arch-ref/tree',
    { schema: { tags: ['katalog'], summary: 'Reference architecture codes as a tree, with province levels 3-4 and retired codes (public)', querystring: S.TreeQuery, response: { 200: S.TreeOut } } },
    async (req) => ({ items: (await codeTree(deps, req.query.kind)).map(presentNode) }),
  );

  app.post(
    '/api/v1/katalog/arch-ref',
    { schema: { tags: ['katalog'], summary: "Add a province code (level 3 under a national level-2 code, level 4 under the province's level 3); the SPBE team", body: S.NewCodeBody, response: { 201: S.CodeOut } } },
    async (req, reply) => {
      await addProvinceCode(deps, auditContext(req), req.body);
      return reply.status(201).send(presentCode(await found(req.body.code)));
    },
  );

  app.patch(
    '/api/v1/katalog/arch-ref/:code',
    { schema: { tags: ['katalog'], summary: "Rename one of the province's codes (national codes are read-only)", params: S.CodeParams, body: S.RenameCodeBody, response: { 200: S.CodeOut } } },
    async (req) => {
      ensure(req.actor, katalogPolicy.manageReference(req.actor));
      const row = await found(req.params.code);
      await renameProvinceCode(deps, auditContext(req), row.code, req.body.name);
      return presentCode(await found(row.code));
    },
  );

  app.post(
    '/api/v1/katalog/arch-ref/:code/retire',
    { schema: { tags: ['katalog'], summary: "Retire one of the province's codes (kept for history, refused for new records)", params: S.CodeParams, response: { 200: S.CodeOut } } },
    async (req) => {
      ensure(req.actor, katalogPolicy.manageReference(req.actor));
      const row = await found(req.params.code);
      await retireProvinceCode(deps, auditContext(req), row.code);
      return presentCode(await found(row.code));
    },
  );
};
