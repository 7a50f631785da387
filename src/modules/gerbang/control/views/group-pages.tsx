import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../../../../platform/html/components.tsx';
import type { GerbangSettings } from '../../config.ts';
import type { GroupRow } from '../repo.ts';
import { subsystemIdOf } from '../use-cases/visibility.ts';
import { GerbangNav, rootCrumb } from './common.tsx';

export function GroupListPage(props: { ctx: PageContext; groups: GroupRow[]; manageOptions: { value: string; label: string }[]; form: FormState }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('gerbang.groups')} crumbs={[rootCrumb(ctx), { label: t('gerbang.groups') }]}>
      <h1>{t('gerbang.groups')}</h1>
      <p class="lead">{t('gerbang.groups_intro')}</p>
      <GerbangNav ctx={ctx} current="/gerbang/groups" />
      {props.groups.length === 0 ? (
        <p>{t('gerbang.groups_empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('gerbang.groups')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gerbang.name')}</th>
              <th scope="col">{t('gerbang.group_code')}</th>
              <th scope="col">{t('gerbang.opd')}</th>
            </tr>
          </thead>
          <tbody>
            {props.groups.map((g) => (
              <tr key={g.id}>
                <th scope="row">
                  <a href={`/gerbang/groups/${g.id}`}>{g.name}</a>
                </th>
                <td>
                  <code>{g.code}</code>
                </td>
                <td>{g.opd_name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.manageOptions.length > 0 ? (
        <>
          <h2 id="new-group">{t('gerbang.new_group')}</h2>
          <form method="post" action="/gerbang/groups" novalidate>
            <ErrorSummary ctx={ctx} errors={form.errors} labels={{ opdId: t('gerbang.opd'), code: t('gerbang.group_code'), name: t('gerbang.name') }} />
            <CsrfField ctx={ctx} />
            <div class="narrow">
              <SelectField ctx={ctx} form={form} name="opdId" label={t('gerbang.opd')} options={props.manageOptions} required />
              <TextField ctx={ctx} form={form} name="code" label={t('gerbang.group_code')} hint={t('gerbang.code_hint')} maxLength={64} required />
              <TextField ctx={ctx} form={form} name="name" label={t('gerbang.name')} maxLength={200} required />
            </div>
            <button type="submit" class="button">
              {t('gerbang.new_group_submit')}
            </button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

export function GroupPage(props: {
  ctx: PageContext;
  settings: GerbangSettings;
  group: GroupRow;
  members: { id: string; code: string; name: string; opd_code: string; opd_name: string }[];
  canManage: boolean;
  form: FormState;
}) {
  const { ctx, group, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={group.name} crumbs={[rootCrumb(ctx), { href: '/gerbang/groups', label: t('gerbang.groups') }, { label: group.name }]}>
      <h1>{group.name}</h1>
      <GerbangNav ctx={ctx} current="" />
      <dl class="summary-list">
        <dt>{t('gerbang.group_code')}</dt>
        <dd>
          <code>{group.code}</code>
        </dd>
        <dt>{t('gerbang.opd')}</dt>
        <dd>{group.opd_name}</dd>
      </dl>
      <h2>{t('gerbang.members')}</h2>
      {props.members.length === 0 ? (
        <p>{t('gerbang.members_empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('gerbang.members')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gerbang.identifier')}</th>
              <th scope="col">{t('gerbang.name')}</th>
              <th scope="col">{t('gerbang.opd')}</th>
              {props.canManage ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.members.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <code>{subsystemIdOf(props.settings, m)}</code>
                </th>
                <td>{m.name}</td>
                <td>{m.opd_name}</td>
                {props.canManage ? (
                  <td>
                    <form method="post" action={`/gerbang/groups/${group.id}/members/${m.id}/delete`} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="link-button">
                        {t('gerbang.remove')}
                        <span class="visually-hidden"> {m.name}</span>
                      </button>
                    </form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canManage ? (
        <form method="post" action={`/gerbang/groups/${group.id}/members`} novalidate>
          <h2>{t('gerbang.add_member')}</h2>
          <ErrorSummary ctx={ctx} errors={form.errors} labels={{ subsystem: t('gerbang.subsystem') }} />
          <CsrfField ctx={ctx} />
          <div class="narrow">
            <TextField ctx={ctx} form={form} name="subsystem" label={t('gerbang.subsystem')} hint={t('gerbang.subsystem_ref_hint', { example: `${props.settings.instance}/${props.settings.memberClass}/dinkes/simrs` })} required />
          </div>
          <button type="submit" class="button">
            {t('gerbang.add_member')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
