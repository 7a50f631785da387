import type { MessageKey } from '../../i18n/index.ts';
import type { PageContext } from '../../html/context.ts';
import { Layout } from '../../html/layout.tsx';

/** Why a single sign-on attempt was refused, in words for the person, never a stack trace. */
export function SsoErrorPage(props: { ctx: PageContext; message: MessageKey }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('sso.error_title')}>
      <div class="narrow">
        <h1>{t('sso.error_title')}</h1>
        <p role="alert">{t(props.message)}</p>
        <p>
          <a href="/login">{t('sso.back_to_login')}</a>
        </p>
      </div>
    </Layout>
  );
}

/** After signing out of Padu: the IdP session may still be open, so offer to end it too. */
export function SsoSignedOutPage(props: { ctx: PageContext; provider: string; endSessionUrl: string | null }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('sso.signed_out_title')}>
      <div class="narrow">
        <h1>{t('sso.signed_out_title')}</h1>
        {props.endSessionUrl ? (
          <>
            <p>{t('sso.idp_still_signed_in', { provider: props.provider })}</p>
            <p>
              <a class="button button-secondary" href={props.endSessionUrl} hx-boost="false">
                {t('sso.end_idp_session', { provider: props.provider })}
              </a>
            </p>
          </>
        ) : null}
        <p>
          <a href="/">{t('nav.home')}</a>
        </p>
      </div>
    </Layout>
  );
}
