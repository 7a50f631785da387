import type { PageContext, FormState } from '../../html/context.ts';
import { Layout } from '../../html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextField } from '../../html/components.tsx';
import { ROLES, type Role } from '../../db/schema.ts';
import type { MessageKey } from '../../i18n/index.ts';

export interface GrantView {
  id: string;
  role: Role;
  opd_id: string | null;
  opd_name: string | null;
}
export interface UserListItem {
  id: string;
  email: string;
  name: string;
  status: 'active' | 'disabled';
  grants: GrantView[];
}
export type OpdOption = { value: string; label: string };

const roleKey = (role: Role) => `role.${role}` as MessageKey;

function grantLabel(ctx: PageContext, g: GrantView): string {
  return g.opd_name ? `${ctx.t(roleKey(g.role))} — ${g.opd_name}` : ctx.t(roleKey(g.role));
}

export function UserListPage(props: {
  ctx: PageContext;
  users: UserListItem[];
  hasNext: boolean;
  page: number;
  search: string;
  opdId: string;
  opdOptions: OpdOption[];
  canCreate: boolean;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('users.title')} crumbs={[{ label: t('users.title') }]}>
      <h1>{t('users.title')}</h1>
      {props.canCreate ? (
        <p>
          <a class="button" href="/admin/users/new">
            {t('users.new')}
          </a>
        </p>
      ) : null}
      <form method="get" action="/admin/users" class="filters" role="search">
        <TextField ctx={ctx} name="q" label={t('users.search_label')} value={props.search} type="search" />
        <SelectField ctx={ctx} name="opdId" label={t('users.filter_opd')} options={props.opdOptions} value={props.opdId} emptyLabel={t('common.all')} />
        <button type="submit" class="button button-secondary">
          {t('common.search')}
        </button>
      </form>
      {props.users.length === 0 ? (
        <p>{t('users.empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('users.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.name')}</th>
              <th scope="col">{t('common.email')}</th>
              <th scope="col">{t('users.roles')}</th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr key={u.id}>
                <td>
                  <a href={`/admin/users/${u.id}`}>{u.name}</a>
                </td>
                <td>{u.email}</td>
                <td>{u.grants.map((g) => grantLabel(ctx, g)).join('; ') || t('common.none')}</td>
                <td>{t(u.status === 'active' ? 'users.status.active' : 'users.status.disabled')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </Layout>
  );
}

export function roleOptions(ctx: PageContext, allowed: readonly Role[]) {
  return ROLES.filter((r) => allowed.includes(r)).map((r) => ({ value: r, label: ctx.t(roleKey(r)) }));
}

export function NewUserPage(props: { ctx: PageContext; form: FormState; roles: readonly Role[]; opdOptions: OpdOption[] }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('users.create_title')} crumbs={[{ href: '/admin/users', label: t('users.title') }, { label: t('users.create_title') }]}>
      <h1>{t('users.create_title')}</h1>
      <form method="post" action="/admin/users" novalidate class="narrow">
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} form={form} name="name" label={t('common.name')} required />
        <TextField ctx={ctx} form={form} name="email" type="email" label={t('common.email')} required />
        <SelectField ctx={ctx} form={form} name="role" label={t('users.role')} options={roleOptions(ctx, props.roles)} required />
        <SelectField ctx={ctx} form={form} name="opdId" label={t('users.opd')} options={props.opdOptions} emptyLabel="—" optional />
        <TextField ctx={ctx} form={form} name="password" type="password" label={t('login.password')} hint={t('users.password_hint')} autocomplete="new-password" optional />
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}

export function EditUserPage(props: {
  ctx: PageContext;
  user: { id: string; name: string; email: string; status: 'active' | 'disabled'; last_login_at: Date | null; grants: GrantView[] };
  form: FormState;
  grantForm: FormState;
  roles: readonly Role[];
  opdOptions: OpdOption[];
  canEdit: boolean;
}) {
  const { ctx, user, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('users.edit_title', { name: user.name })} crumbs={[{ href: '/admin/users', label: t('users.title') }, { label: user.name }]}>
      <h1>{t('users.edit_title', { name: user.name })}</h1>
      {props.canEdit ? (
        <form method="post" action={`/admin/users/${user.id}`} novalidate class="narrow">
          <ErrorSummary ctx={ctx} errors={form.errors} />
          <CsrfField ctx={ctx} />
          <TextField ctx={ctx} form={form} name="name" label={t('common.name')} required />
          <TextField ctx={ctx} form={form} name="email" type="email" label={t('common.email')} required />
          <SelectField
            ctx={ctx}
            form={form}
            name="status"
            label={t('common.status')}
            options={[
              { value: 'active', label: t('users.status.active') },
              { value: 'disabled', label: t('users.status.disabled') },
            ]}
          />
          <button type="submit" class="button">
            {t('common.save')}
          </button>
        </form>
      ) : (
        <dl class="summary-list">
          <dt>{t('common.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('common.status')}</dt>
          <dd>{t(user.status === 'active' ? 'users.status.active' : 'users.status.disabled')}</dd>
        </dl>
      )}
      <h2>{t('users.roles')}</h2>
      {user.grants.length === 0 ? (
        <p>{t('users.no_roles')}</p>
      ) : (
        <ul class="plain-list">
          {user.grants.map((g) => (
            <li key={g.id}>
              {grantLabel(ctx, g)}
              {props.roles.includes(g.role) ? (
                <form method="post" action={`/admin/users/${user.id}/grants/${g.id}/delete`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="link-button">
                    {t('users.revoke')}
                    <span class="visually-hidden"> {grantLabel(ctx, g)}</span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {props.roles.length > 0 ? (
        <>
          <h2>{t('users.grant_title')}</h2>
          <form method="post" action={`/admin/users/${user.id}/grants`} novalidate class="narrow">
            <ErrorSummary ctx={ctx} errors={props.grantForm.errors} />
            <CsrfField ctx={ctx} />
            <SelectField ctx={ctx} form={props.grantForm} name="role" label={t('users.role')} options={roleOptions(ctx, props.roles)} required />
            <SelectField ctx={ctx} form={props.grantForm} name="opdId" label={t('users.opd')} options={props.opdOptions} emptyLabel="—" optional />
            <button type="submit" class="button button-secondary">
              {t('users.grant_submit')}
            </button>
          </form>
        </>
      ) : null}
      {props.canEdit ? (
        <form method="post" action={`/admin/users/${user.id}/reset-link`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="button button-secondary">
            {t('users.send_reset')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
