import type { MessageKey } from '../i18n/index.ts';
import type { PageContext } from './context.ts';
import { Layout } from './layout.tsx';

const TITLES: Record<number, MessageKey> = {
  400: 'error.page_title_400',
  401: 'error.page_title_401',
  403: 'error.page_title_403',
  404: 'error.page_title_404',
  409: 'error.page_title_409',
  413: 'error.page_title_413',
  429: 'error.page_title_429',
  500: 'error.page_title_500',
};

export function ErrorPage(props: { ctx: PageContext; status: number; message: string; requestId: string }) {
  const { ctx } = props;
  const title = ctx.t(TITLES[props.status] ?? (props.status >= 500 ? 'error.page_title_500' : 'error.page_title_400'));
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{props.message}</p>
      {props.status === 401 ? (
        <p>
          <a href={`/login?next=${encodeURIComponent(ctx.currentUrl)}`}>{ctx.t('nav.login')}</a>
        </p>
      ) : null}
      {props.status >= 500 ? <p class="hint">{ctx.t('error.reference', { id: props.requestId })}</p> : null}
      <p>
        <a href="/">{ctx.t('nav.home')}</a>
      </p>
    </Layout>
  );
}
