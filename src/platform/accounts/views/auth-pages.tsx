import type { PageContext, FormState } from '../../html/context.ts';
import { Layout } from '../../html/layout.tsx';
import { CsrfField, ErrorSummary, TextField } from '../../html/components.tsx';
import { PASSWORD_MIN_LENGTH } from '../../auth/passwords.ts';

export function LoginPage(props: { ctx: PageContext; form: FormState; next: string; sso?: { label: string } }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('login.title')}>
      <div class="narrow">
        <h1>{t('login.title')}</h1>
        <form method="post" action={`/login?next=${encodeURIComponent(props.next)}`} novalidate>
          <ErrorSummary ctx={ctx} errors={form.errors} labels={{ email: t('login.email'), password: t('login.password') }} />
          <CsrfField ctx={ctx} />
          <TextField ctx={ctx} form={form} name="email" type="email" label={t('login.email')} autocomplete="username" required />
          <TextField ctx={ctx} form={form} name="password" type="password" label={t('login.password')} autocomplete="current-password" required />
          <button type="submit" class="button">
            {t('login.submit')}
          </button>
        </form>
        <p>
          <a href="/password/forgot">{t('login.forgot')}</a>
        </p>
        {props.sso ? (
          <>
            <p class="divider">{t('login.or')}</p>
            <p>
              <a class="button button-secondary" href={`/auth/oidc/start?next=${encodeURIComponent(props.next)}`} hx-boost="false">
                {t('login.sso', { provider: props.sso.label })}
              </a>
            </p>
          </>
        ) : null}
      </div>
    </Layout>
  );
}

export function SetupPage(props: { ctx: PageContext; form: FormState; token: string }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('setup.title')}>
      <div class="narrow">
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.intro')}</p>
        <form method="post" action="/setup" novalidate>
          <ErrorSummary ctx={ctx} errors={form.errors} />
          <CsrfField ctx={ctx} />
          <input type="hidden" name="token" value={props.token} />
          <TextField ctx={ctx} form={form} name="name" label={t('common.name')} autocomplete="name" required />
          <TextField ctx={ctx} form={form} name="email" type="email" label={t('login.email')} autocomplete="username" required />
          <TextField
            ctx={ctx}
            form={form}
            name="password"
            type="password"
            label={t('password.new')}
            hint={t('password.new_hint', { min: PASSWORD_MIN_LENGTH })}
            autocomplete="new-password"
            required
          />
          <button type="submit" class="button">
            {t('setup.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

export function ForgotPasswordPage(props: { ctx: PageContext; form: FormState }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('password.forgot_title')} crumbs={[{ href: '/login', label: t('nav.login') }, { label: t('password.forgot_title') }]}>
      <div class="narrow">
        <h1>{t('password.forgot_title')}</h1>
        <p>{t('password.forgot_intro')}</p>
        <form method="post" action="/password/forgot" novalidate>
          <ErrorSummary ctx={ctx} errors={form.errors} />
          <CsrfField ctx={ctx} />
          <TextField ctx={ctx} form={form} name="email" type="email" label={t('login.email')} autocomplete="username" required />
          <button type="submit" class="button">
            {t('password.forgot_submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

export function ResetPasswordPage(props: { ctx: PageContext; form: FormState; token: string; valid: boolean }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('password.reset_title')}>
      <div class="narrow">
        <h1>{t('password.reset_title')}</h1>
        {props.valid ? (
          <form method="post" action="/password/reset" novalidate>
            <ErrorSummary ctx={ctx} errors={form.errors} />
            <CsrfField ctx={ctx} />
            <input type="hidden" name="token" value={props.token} />
            <NewPasswordFields ctx={ctx} form={form} />
            <button type="submit" class="button">
              {t('password.reset_submit')}
            </button>
          </form>
        ) : (
          <p>
            {t('password.reset_invalid')} <a href="/password/forgot">{t('password.forgot_title')}</a>
          </p>
        )}
      </div>
    </Layout>
  );
}

export function NewPasswordFields(props: { ctx: PageContext; form: FormState }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <>
      <TextField
        ctx={ctx}
        form={form}
        name="newPassword"
        type="password"
        label={t('password.new')}
        hint={t('password.new_hint', { min: PASSWORD_MIN_LENGTH })}
        autocomplete="new-password"
        required
      />
      <TextField ctx={ctx} form={form} name="confirmPassword" type="password" label={t('password.confirm')} autocomplete="new-password" required />
    </>
  );
}

export function AccountPage(props: { ctx: PageContext; form: FormState; user: { name: string; email: string } }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.title')} crumbs={[{ label: t('account.title') }]}>
      <h1>{t('account.title')}</h1>
      <dl class="summary-list">
        <dt>{t('common.name')}</dt>
        <dd>{props.user.name}</dd>
        <dt>{t('common.email')}</dt>
        <dd>{props.user.email}</dd>
        <dt>{t('home.your_roles')}</dt>
        <dd>{ctx.actor?.grants.map((g) => t(`role.${g.role}`)).join(', ') || t('common.none')}</dd>
      </dl>
      <h2 id="password">{t('account.change_password')}</h2>
      <p class="hint">{t('account.sessions_note')}</p>
      <form method="post" action="/account/password" novalidate class="narrow">
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} form={form} name="currentPassword" type="password" label={t('password.current')} autocomplete="current-password" required />
        <NewPasswordFields ctx={ctx} form={form} />
        <button type="submit" class="button">
          {t('account.change_password')}
        </button>
      </form>
    </Layout>
  );
}
