import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import type { AuditHistoryItem } from '../../../../platform/audit/index.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { SyntheticNotice } from '../../views/app-pages.tsx';
import { INFRA_KINDS } from '../db.ts';
import { HistorySection, PostButton, RegistryListLayout, RegistryNav, Row, type Option } from '../views/common.tsx';
import type { InfraDetail } from './use-cases/get-infra.ts';
import type { DueAudit } from './use-cases/list-due-security-audits.ts';
import './messages.ts';

type ListItem = Omit<InfraDetail, 'audits'>;
export const infraKindLabel = (ctx: PageContext, k: string) => ctx.t(`katalog.infra.kind.${k}` as MessageKey);
const crumbsBase = (ctx: PageContext) => [{ href: '/katalog/infra', label: ctx.t('katalog.infra.title') }];

export function InfraListPage(props: { ctx: PageContext; items: ListItem[]; hasNext: boolean; page: number; filter: { q: string; opdId: string; kind: string }; opdOptions: Option[]; canCreate: boolean }) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <RegistryListLayout
      ctx={ctx}
      area="infra"
      path="/katalog/infra"
      synthetic={props.items.some((i) => i.synthetic)}
      canCreate={props.canCreate}
      filter={filter}
      opdOptions={props.opdOptions}
      extraFilter={
        <SelectField ctx={ctx} name="kind" label={t('katalog.infra.field.kind')} options={INFRA_KINDS.map((k) => ({ value: k, label: infraKindLabel(ctx, k) }))} value={filter.kind} emptyLabel={t('common.all')} />
      }
    >
      {props.items.length === 0 ? (
        <p>{t('katalog.infra.empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('katalog.infra.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('katalog.infra.field.name')}</th>
              <th scope="col">{t('katalog.infra.field.kind')}</th>
              <th scope="col">{t('katalog.infra.field.operator')}</th>
              <th scope="col">{t('katalog.infra.tenants')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((i) => (
              <tr key={i.id}>
                <td>
                  <a href={`/katalog/infra/${i.id}`}>{i.name}</a>
                </td>
                <td>{infraKindLabel(ctx, i.kind)}</td>
                <td>{i.operator_name ?? t('katalog.infra.no_operator')}</td>
                <td>{t('katalog.infra.tenant_counts', i.tenantCounts)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </RegistryListLayout>
  );
}

export function InfraFormPage(props: { ctx: PageContext; form: FormState; action: string; opdOptions: Option[]; title: string; isNew: boolean; version?: number; infra?: { id: string; name: string } }) {
  const { ctx, form } = props;
  const { t } = ctx;
  const crumbs = [...crumbsBase(ctx), ...(props.infra ? [{ href: `/katalog/infra/${props.infra.id}`, label: props.infra.name }] : []), { label: props.title }];
  return (
    <Layout ctx={ctx} title={props.title} crumbs={crumbs}>
      <h1>{props.title}</h1>
      <form method="post" action={props.action} novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        {props.version ? <input type="hidden" name="version" value={String(props.version)} /> : null}
        {props.isNew ? <TextField ctx={ctx} form={form} name="key" label={t('katalog.field.key')} hint={t('katalog.field.key_hint')} optional maxLength={80} /> : null}
        <TextField ctx={ctx} form={form} name="name" label={t('katalog.infra.field.name')} required maxLength={300} />
        <SelectField ctx={ctx} form={form} name="kind" label={t('katalog.infra.field.kind')} options={INFRA_KINDS.map((k) => ({ value: k, label: infraKindLabel(ctx, k) }))} required />
        <SelectField ctx={ctx} form={form} name="operatorOpdId" label={t('katalog.infra.field.operator')} options={props.opdOptions} emptyLabel={t('katalog.infra.no_operator')} />
        <TextField ctx={ctx} form={form} name="raiCode" label={t('katalog.infra.field.rai')} hint={t('katalog.infra.field.rai_hint')} optional maxLength={40} />
        <TextField ctx={ctx} form={form} name="location" label={t('katalog.infra.field.location')} optional maxLength={300} />
        <TextArea ctx={ctx} form={form} name="description" label={t('katalog.infra.field.description')} optional />
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}

/** An app's or infrastructure's audits, newest first, with the next due date. */
export function SecurityAuditTable(props: { ctx: PageContext; audits: InfraDetail['audits']; recordHref?: string | null }) {
  const { ctx } = props;
  const { t, fmt } = ctx;
  return (
    <>
      <h2>{t('katalog.audit.history')}</h2>
      {props.audits.length === 0 ? (
        <p>{t('katalog.audit.none')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('katalog.audit.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('katalog.audit.audited_on')}</th>
              <th scope="col">{t('katalog.audit.auditor')}</th>
              <th scope="col">{t('katalog.audit.result')}</th>
              <th scope="col">{t('katalog.audit.next_due')}</th>
            </tr>
          </thead>
          <tbody>
            {props.audits.map((a) => (
              <tr key={a.id}>
                <td>{fmt.date(`${a.audited_on}T12:00:00Z`)}</td>
                <td>{a.auditor}</td>
                <td>{a.result ?? '—'}</td>
                <td>{fmt.date(`${a.next_due}T12:00:00Z`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.recordHref ? (
        <p>
          <a class="button button-secondary" href={props.recordHref}>
            {t('katalog.audit.record')}
          </a>
        </p>
      ) : null}
    </>
  );
}

export function InfraPage(props: { ctx: PageContext; infra: InfraDetail; history: AuditHistoryItem[]; canEdit: boolean; tenantForm: FormState; opdOptions: Option[] }) {
  const { ctx, infra: i } = props;
  const { t, fmt } = ctx;
  const title = t('katalog.infra.page_title', { name: i.name });
  const intranet = i.kind === 'intranet';
  const tenantsTitle = intranet ? t('katalog.infra.connected') : t('katalog.infra.tenants');
  return (
    <Layout ctx={ctx} title={title} crumbs={[...crumbsBase(ctx), { label: i.name }]}>
      <h1>{title}</h1>
      <SyntheticNotice ctx={ctx} show={i.synthetic} />
      {props.canEdit ? (
        <p>
          <a class="button button-secondary" href={`/katalog/infra/${i.id}/edit`}>
            {t('katalog.edit')}
          </a>
        </p>
      ) : null}
      <dl class="summary-list">
        <Row label={t('katalog.field.key')}>
          <code>{i.key}</code>
        </Row>
        <Row label={t('katalog.infra.field.kind')}>{infraKindLabel(ctx, i.kind)}</Row>
        <Row label={t('katalog.infra.field.operator')}>{i.operator_name ?? t('katalog.infra.no_operator')}</Row>
        <Row label={t('katalog.infra.field.rai')}>
          {i.rai_code ? (
            <>
              <code>{i.rai_code}</code> {i.rai_name ?? ''}
            </>
          ) : null}
        </Row>
        <Row label={t('katalog.infra.field.location')}>{i.location}</Row>
        <Row label={t('katalog.infra.field.description')}>{i.description}</Row>
        <Row label={t('katalog.field.updated_at')}>{fmt.dateTime(i.updated_at)}</Row>
      </dl>
      <h2>{tenantsTitle}</h2>
      <p>{t('katalog.infra.tenant_counts', i.tenantCounts)}</p>
      {i.tenants.length === 0 ? (
        <p>{t('katalog.infra.no_tenants')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{tenantsTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{t('katalog.infra.tenant')}</th>
              <th scope="col">{t('katalog.infra.since')}</th>
              {props.canEdit ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {i.tenants.map((tn) => (
              <tr key={tn.opd_id}>
                <th scope="row">{tn.opd_name}</th>
                <td>{tn.since ? fmt.date(`${tn.since}T12:00:00Z`) : '—'}</td>
                {props.canEdit ? (
                  <td>
                    <PostButton ctx={ctx} action={`/katalog/infra/${i.id}/tenants/${tn.opd_id}/delete`} label={t('katalog.infra.remove')} hiddenLabel={tn.opd_name} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canEdit ? (
        <form method="post" action={`/katalog/infra/${i.id}/tenants`} novalidate>
          <h3>{intranet ? t('katalog.infra.add_connection') : t('katalog.infra.add_tenant')}</h3>
          <ErrorSummary ctx={ctx} errors={props.tenantForm.errors} />
          <CsrfField ctx={ctx} />
          <SelectField ctx={ctx} form={props.tenantForm} name="opdId" label={t('katalog.infra.tenant')} options={props.opdOptions} emptyLabel="—" required />
          <TextField ctx={ctx} form={props.tenantForm} name="since" type="date" label={t('katalog.infra.since')} optional />
          <button type="submit" class="button button-secondary">
            {t('common.save')}
          </button>
        </form>
      ) : null}
      <SecurityAuditTable ctx={ctx} audits={i.audits} recordHref={props.canEdit ? `/katalog/security-audits/new?infraId=${i.id}` : null} />
      <HistorySection ctx={ctx} history={props.history} />
    </Layout>
  );
}

function DueTable(props: { ctx: PageContext; caption: string; items: DueAudit[]; overdue: boolean }) {
  const { ctx } = props;
  const { t, fmt } = ctx;
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('katalog.audit.target')}</th>
          <th scope="col">{t('katalog.field.opd')}</th>
          <th scope="col">{t('katalog.audit.audited_on')}</th>
          <th scope="col">{t('katalog.audit.next_due')}</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((a) => (
          <tr key={a.id}>
            <th scope="row">
              <a href={a.app_id ? `/katalog/apps/${a.app_id}` : `/katalog/infra/${a.infra_id}`}>{a.target_name}</a> ({a.app_id ? t('katalog.audit.kind_app') : t('katalog.audit.kind_infra')})
            </th>
            <td>{a.opd_name ?? '—'}</td>
            <td>{fmt.date(`${a.audited_on}T12:00:00Z`)}</td>
            <td>
              {fmt.date(`${a.next_due}T12:00:00Z`)} ({props.overdue ? t('katalog.audit.days_overdue', { count: -a.daysLeft }) : t('katalog.audit.days_left', { count: a.daysLeft })})
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DueAuditsPage(props: { ctx: PageContext; result: { today: string; until: string; overdue: DueAudit[]; upcoming: DueAudit[] }; opdId: string; opdOptions: Option[] }) {
  const { ctx, result } = props;
  const { t, fmt } = ctx;
  return (
    <Layout ctx={ctx} title={t('katalog.audit.title')} crumbs={[{ href: '/katalog/apps', label: t('nav.katalog') }, { label: t('katalog.audit.title') }]}>
      <h1>{t('katalog.audit.title')}</h1>
      <RegistryNav ctx={ctx} current="/katalog/security-audits" />
      <p>{t('katalog.audit.intro')}</p>
      {props.opdOptions.length > 1 ? (
        <form method="get" action="/katalog/security-audits" class="filters">
          <SelectField ctx={ctx} name="opdId" label={t('katalog.field.opd')} options={props.opdOptions} value={props.opdId} emptyLabel={t('common.all')} />
          <button type="submit" class="button button-secondary">
            {t('common.filter')}
          </button>
        </form>
      ) : null}
      <h2>{t('katalog.audit.overdue')}</h2>
      {result.overdue.length ? <DueTable ctx={ctx} caption={t('katalog.audit.overdue')} items={result.overdue} overdue /> : <p>{t('katalog.audit.none_overdue')}</p>}
      <h2>{t('katalog.audit.upcoming', { date: fmt.date(`${result.until}T12:00:00Z`) })}</h2>
      {result.upcoming.length ? (
        <DueTable ctx={ctx} caption={t('katalog.audit.upcoming', { date: fmt.date(`${result.until}T12:00:00Z`) })} items={result.upcoming} overdue={false} />
      ) : (
        <p>{t('katalog.audit.none_upcoming')}</p>
      )}
    </Layout>
  );
}

export function SecurityAuditFormPage(props: { ctx: PageContext; form: FormState; target: { appId?: string; infraId?: string; name: string; href: string } }) {
  const { ctx, form, target } = props;
  const { t } = ctx;
  const title = t('katalog.audit.record_title', { name: target.name });
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/katalog/security-audits', label: t('katalog.audit.title') }, { href: target.href, label: target.name }, { label: t('katalog.audit.record') }]}>
      <h1>{title}</h1>
      <form method="post" action="/katalog/security-audits" novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        {target.appId ? <input type="hidden" name="appId" value={target.appId} /> : null}
        {target.infraId ? <input type="hidden" name="infraId" value={target.infraId} /> : null}
        <TextField ctx={ctx} form={form} name="auditedOn" type="date" label={t('katalog.audit.audited_on')} required />
        <TextField ctx={ctx} form={form} name="auditor" label={t('katalog.audit.auditor')} hint={t('katalog.audit.auditor_hint')} required maxLength={200} />
        <TextArea ctx={ctx} form={form} name="result" label={t('katalog.audit.result')} optional />
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}
