import type { PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, SelectField } from '../../../../platform/html/components.tsx';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import type { DuplicateGroupView } from '../use-cases/find-duplicates.ts';

type Option = { value: string; label: string };
const KINDS = ['same_capability', 'aplikasi_umum_lookalike', 'similar_name'] as const;
const STATUSES = ['open', 'confirmed', 'dismissed'] as const;

export function reasonText(ctx: PageContext, r: { code: string; detail: string }): string {
  return ctx.t(`dup.reason.${r.code}` as MessageKey, { detail: r.detail });
}

function GroupCard(props: { ctx: PageContext; group: DuplicateGroupView; canReview: boolean; returnTo: string }) {
  const { ctx, group } = props;
  const { t, fmt } = ctx;
  const headingId = `g-${group.id}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t(`dup.kind.${group.kind}` as MessageKey)} — {t('dup.score')} {fmt.number(Math.round(group.score * 100))}%
      </h2>
      <p>
        <strong>{t('dup.status')}:</strong> {t(`dup.status.${group.status}` as MessageKey)}
        {group.reviewedBy ? ` — ${t('dup.reviewed_by', { actor: group.reviewedBy, at: fmt.dateTime(group.reviewedAt) })}` : ''}
        {group.note ? ` — “${group.note}”` : ''}
      </p>
      <h3>{t('dup.apps')}</h3>
      <ul>
        {group.apps.map((a) => (
          <li key={a.id}>
            <a href={`/katalog/apps/${a.id}`}>{a.name}</a> <code>{a.key}</code> — {a.opdName ?? t('katalog.no_owner')}
          </li>
        ))}
        {group.generalField ? <li>{t('dup.general_field', { name: group.generalField.name, systems: group.generalField.systems.join(', ') })}</li> : null}
      </ul>
      <h3>{t('dup.reasons')}</h3>
      <ul>
        {group.reasons.map((r, i) => (
          <li key={i}>{reasonText(ctx, r)}</li>
        ))}
      </ul>
      {props.canReview ? (
        <form method="post" action={`/katalog/duplicates/${group.id}/review`} class="review-form">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="returnTo" value={props.returnTo} />
          <div class="field">
            <label for={`note-${group.id}`}>
              {t('dup.note')}
              <span class="optional"> {t('common.optional')}</span>
            </label>
            <input id={`note-${group.id}`} name="note" type="text" maxLength={500} value={group.note ?? ''} />
          </div>
          {group.status !== 'confirmed' ? (
            <button type="submit" name="status" value="confirmed" class="button">
              {t('dup.confirm')}
            </button>
          ) : null}{' '}
          {group.status !== 'dismissed' ? (
            <button type="submit" name="status" value="dismissed" class="button button-secondary">
              {t('dup.dismiss')}
            </button>
          ) : null}{' '}
          {group.status !== 'open' ? (
            <button type="submit" name="status" value="open" class="button button-secondary">
              {t('dup.reopen')}
            </button>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}

export function DuplicatesPage(props: {
  ctx: PageContext;
  groups: DuplicateGroupView[];
  total: number;
  appsConsidered: number;
  detectionMs: number;
  filter: { kind: string; status: string; opdId: string };
  opdOptions: Option[];
  canReview: boolean;
  page: number;
  pageSize: number;
}) {
  const { ctx, filter } = props;
  const { t } = ctx;
  const start = (props.page - 1) * props.pageSize;
  const shown = props.groups.slice(start, start + props.pageSize);
  const link = (page: number) => {
    const url = new URL(ctx.currentUrl, 'http://x');
    url.searchParams.set('page', String(page));
    return `${url.pathname}${url.search}`;
  };
  return (
    <Layout ctx={ctx} title={t('dup.title')} crumbs={[{ href: '/katalog/apps', label: t('katalog.title') }, { label: t('dup.title') }]}>
      <h1>{t('dup.title')}</h1>
      <p>{t('dup.intro')}</p>
      <form method="get" action="/katalog/duplicates" class="filters" role="search">
        <SelectField ctx={ctx} name="kind" label={t('dup.kind')} options={KINDS.map((k) => ({ value: k, label: t(`dup.kind.${k}` as MessageKey) }))} value={filter.kind} emptyLabel={t('common.all')} />
        <SelectField ctx={ctx} name="status" label={t('dup.status')} options={STATUSES.map((s) => ({ value: s, label: t(`dup.status.${s}` as MessageKey) }))} value={filter.status} emptyLabel={t('common.all')} />
        <SelectField ctx={ctx} name="opdId" label={t('katalog.field.opd')} options={props.opdOptions} value={filter.opdId} emptyLabel={t('common.all')} />
        <button type="submit" class="button button-secondary">
          {t('common.filter')}
        </button>
      </form>
      <p role="status">{t('dup.summary', { groups: props.total, apps: props.appsConsidered, ms: props.detectionMs })}</p>
      {shown.length === 0 ? <p>{t('dup.empty')}</p> : shown.map((g) => <GroupCard key={g.id} ctx={ctx} group={g} canReview={props.canReview} returnTo={ctx.currentUrl} />)}
      {props.page > 1 || start + props.pageSize < props.groups.length ? (
        <nav class="pagination" aria-label={t('common.page_of', { page: props.page })}>
          {props.page > 1 ? <a href={link(props.page - 1)} rel="prev">{t('common.previous_page')}</a> : null}
          <span>{t('common.page_of', { page: props.page })}</span>
          {start + props.pageSize < props.groups.length ? <a href={link(props.page + 1)} rel="next">{t('common.next_page')}</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}
