import type { PageContext } from '../html/context.ts';
import { Layout } from '../html/layout.tsx';

export function HomePage(props: { ctx: PageContext; staff: boolean }) {
  const { ctx } = props;
  const { t, actor } = ctx;
  const links = ctx.nav.filter((item) => item.visible(actor));
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.intro')}</p>
      {actor ? <p>{t('home.signed_in_as', { name: actor.name })}</p> : null}
      {props.staff && links.length > 0 ? (
        <section aria-labelledby="staff-links">
          <h2 id="staff-links">{t('home.staff_links')}</h2>
          <ul class="card-list">
            {links.map((item) => (
              <li key={item.href}>
                <a href={item.href}>{t(item.labelKey)}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {!actor ? (
        <p>
          <a class="button" href="/login">
            {t('nav.login')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
