import type { ComponentChildren } from 'preact';
import type { MessageKey } from '../i18n/index.ts';
import type { PageContext } from './context.ts';

// htmx only improves: no eval, no inline scripts, and 4xx/5xx pages are swapped in like any page
// (a form with errors answers 400 with the form and its error summary).
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[2345]..', swap: true },
  ],
});

export interface Crumb {
  href?: string;
  label: string;
}

export function Layout(props: {
  ctx: PageContext;
  title: string;
  crumbs?: Crumb[];
  children: ComponentChildren;
}) {
  const { ctx, title, crumbs } = props;
  const { t, actor } = ctx;
  const other = ctx.locale === 'id' ? 'en' : 'id';
  const navItems = ctx.nav.filter((item) => item.visible(actor));
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${title} — ${t('app.name')}`}</title>
        <link rel="stylesheet" href={ctx.assets.css} />
        <script src={ctx.assets.htmx} nonce={ctx.nonce} defer />
      </head>
      <body hx-boost="true">
        <a class="skip-link" href="#main">
          {t('app.skip_to_content')}
        </a>
        <header class="site-header">
          <div class="container header-row">
            <a class="brand" href="/">
              <span class="brand-name">{t('app.name')}</span>
              <span class="brand-tagline">{t('app.tagline')}</span>
            </a>
            <div class="header-tools">
              <a
                href={`/lang/${other}?next=${encodeURIComponent(ctx.currentUrl)}`}
                lang={other}
                hreflang={other}
                aria-label={t('nav.switch_language_label')}
                hx-boost="false"
              >
                {t('nav.switch_language')}
              </a>
              {actor ? (
                <form method="post" action="/logout" class="inline-form">
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <button type="submit" class="link-button">
                    {t('nav.logout')}
                  </button>
                </form>
              ) : (
                <a href="/login">{t('nav.login')}</a>
              )}
            </div>
          </div>
          <nav aria-label={t('nav.main')} class="site-nav">
            <ul class="container nav-list">
              <li>
                <a href="/" aria-current={ctx.currentUrl === '/' ? 'page' : undefined}>
                  {t('nav.home')}
                </a>
              </li>
              {navItems.map((item) => (
                <li key={item.href}>
                  <a href={item.href} aria-current={ctx.currentUrl.split('?')[0] === item.href ? 'page' : undefined}>
                    {t(item.labelKey)}
                  </a>
                </li>
              ))}
              {actor ? (
                <li>
                  <a href="/account">{t('nav.account')}</a>
                </li>
              ) : null}
            </ul>
          </nav>
        </header>
        <div class="container">
          {crumbs && crumbs.length > 0 ? (
            <nav aria-label={t('nav.breadcrumb')} class="breadcrumbs">
              <ol>
                <li>
                  <a href="/">{t('nav.home')}</a>
                </li>
                {crumbs.map((crumb, i) => (
                  <li key={i}>{crumb.href ? <a href={crumb.href}>{crumb.label}</a> : <span aria-current="page">{crumb.label}</span>}</li>
                ))}
              </ol>
            </nav>
          ) : null}
          <main id="main" tabIndex={-1}>
            {ctx.flash ? <Flash ctx={ctx} messageKey={ctx.flash} /> : null}
            {props.children}
          </main>
        </div>
        <footer class="site-footer">
          <div class="container">
            <p>{t('app.footer')}</p>
            <p>
              <a href="/docs/api">{t('nav.api_docs')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

function Flash(props: { ctx: PageContext; messageKey: MessageKey }) {
  return (
    <div class="flash" role="status">
      <p>{props.ctx.t(props.messageKey)}</p>
    </div>
  );
}
