import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, TextField } from '../../../../platform/html/components.tsx';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { ARCH_KINDS, type ArchKind } from '../../db.ts';
import { PostButton, RegistryNav } from '../views/common.tsx';
import type { CodeNode } from './use-cases/code-tree.ts';
import './messages.ts';

const kindLabel = (ctx: PageContext, k: ArchKind) => ctx.t(`katalog.ref.kind.${k}` as MessageKey);

function Node(props: { ctx: PageContext; node: CodeNode; canManage: boolean }) {
  const { ctx, node: n, canManage } = props;
  const { t } = ctx;
  const canAddChild = canManage && !n.retired_at && ((n.level === 2 && n.origin === 'national') || (n.level === 3 && n.origin === 'province'));
  const own = canManage && n.origin === 'province' && !n.retired_at;
  return (
    <li>
      <code>{n.code}</code> {n.retired_at ? <s>{n.name}</s> : n.name}{' '}
      <span class="badge">{n.origin === 'province' ? t('katalog.ref.province') : t('katalog.ref.national')}</span>
      {n.retired_at ? (
        <>
          {' '}
          <span class="badge">{t('katalog.ref.retired')}</span>
        </>
      ) : null}
      {canAddChild ? (
        <>
          {' '}
          <a href={`/katalog/arch-ref/new?parent=${encodeURIComponent(n.code)}`}>{t('katalog.ref.add_child', { code: n.code })}</a>
        </>
      ) : null}
      {own ? (
        <>
          {' '}
          <a href={`/katalog/arch-ref/${encodeURIComponent(n.code)}/edit`}>
            {t('katalog.ref.rename')}
            <span class="visually-hidden"> {n.code}</span>
          </a>{' '}
          <PostButton ctx={ctx} action={`/katalog/arch-ref/${encodeURIComponent(n.code)}/retire`} label={t('katalog.ref.retire')} hiddenLabel={n.code} />
        </>
      ) : null}
      {n.children.length ? (
        <ul>
          {n.children.map((c) => (
            <Node key={c.code} ctx={ctx} node={c} canManage={canManage} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function CodeTreePage(props: { ctx: PageContext; kind: ArchKind; tree: CodeNode[]; canManage: boolean; errors?: FormState['errors'] }) {
  const { ctx, kind } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={`${t('katalog.ref.title')}: ${kindLabel(ctx, kind)}`} crumbs={[{ href: '/katalog/apps', label: t('nav.katalog') }, { label: t('katalog.ref.title') }]}>
      <h1>
        {t('katalog.ref.title')}: {kindLabel(ctx, kind)}
      </h1>
      <RegistryNav ctx={ctx} current="/katalog/arch-ref" />
      <p>{t('katalog.ref.intro')}</p>
      {props.errors?.length ? <ErrorSummary ctx={ctx} errors={props.errors} /> : null}
      <nav aria-label={t('katalog.ref.kinds')}>
        <ul class="nav-list">
          {ARCH_KINDS.map((k) => (
            <li key={k}>
              <a href={`/katalog/arch-ref?kind=${k}`} aria-current={k === kind ? 'page' : undefined}>
                {kindLabel(ctx, k)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ul class="code-tree">
        {props.tree.map((n) => (
          <Node key={n.code} ctx={ctx} node={n} canManage={props.canManage} />
        ))}
      </ul>
    </Layout>
  );
}

export function CodeFormPage(props: { ctx: PageContext; form: FormState; parent?: { code: string; name: string }; code?: { code: string; name: string } }) {
  const { ctx, form, parent, code } = props;
  const { t } = ctx;
  const title = parent ? t('katalog.ref.new_title', { code: parent.code }) : t('katalog.ref.edit_title', { code: code!.code });
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/katalog/arch-ref', label: t('katalog.ref.title') }, { label: title }]}>
      <h1>{title}</h1>
      <form method="post" action={parent ? '/katalog/arch-ref' : `/katalog/arch-ref/${encodeURIComponent(code!.code)}`} novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        {parent ? (
          <>
            <input type="hidden" name="parentCode" value={parent.code} />
            <p>
              {t('katalog.ref.parent')}: <code>{parent.code}</code> {parent.name}
            </p>
            <TextField ctx={ctx} form={form} name="code" label={t('katalog.ref.code')} hint={t('katalog.ref.code_hint', { example: `${parent.code}.01` })} required maxLength={40} />
          </>
        ) : null}
        <TextField ctx={ctx} form={form} name="name" label={t('katalog.ref.name')} required maxLength={300} />
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}
