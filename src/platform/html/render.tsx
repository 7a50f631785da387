import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n/index.ts';
import { formatters, translator } from '../i18n/index.ts';
import type { PageContext } from './context.ts';
import { Layout } from './layout.tsx';

export const FLASH_COOKIE = 'padu_flash';

export function pageContext(req: FastifyRequest): PageContext {
  const app = req.server.padu;
  return {
    t: translator(req.locale),
    locale: req.locale,
    fmt: formatters(req.locale, app.config.timeZone),
    actor: req.actor,
    csrfToken: req.csrfToken,
    nonce: req.cspNonce,
    currentUrl: req.url,
    flash: req.flash,
    assets: app.assets,
    nav: app.nav,
  };
}

/** Renders a full HTML document. Pages are built by `view(ctx)`, so they can use the translator. */
export function sendPage(reply: FastifyReply, view: (ctx: PageContext) => VNode, status = 200): FastifyReply {
  const ctx = pageContext(reply.request);
  reply.status(status).type('text/html; charset=utf-8');
  return reply.send(`<!doctype html>${render(view(ctx))}`);
}

/** Post/redirect/get: a flash message for the next page, then a 303 to it. */
export function redirectWithFlash(reply: FastifyReply, location: string, flash?: MessageKey): FastifyReply {
  if (flash) reply.setCookie(FLASH_COOKIE, flash, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
  return reply.redirect(location, 303);
}

export { Layout };
