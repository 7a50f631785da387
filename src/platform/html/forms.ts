import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { AppError, type FieldError } from '../http/errors.ts';
import type { FormState, PageContext } from './context.ts';
import { sendPage } from './render.tsx';

const FORM_CODES = new Set(['validation', 'unauthorized', 'rate_limited', 'conflict', 'bad_request']);

/**
 * Runs a form action; when it fails with a user-fixable error the same form is shown again with
 * the values entered and an error summary, and with the status the API would have returned.
 * Errors without a field are attached to `firstField` so the summary still links somewhere.
 */
export async function handleForm(
  reply: FastifyReply,
  body: unknown,
  firstField: string,
  action: () => Promise<FastifyReply>,
  view: (ctx: PageContext, form: FormState) => VNode,
): Promise<FastifyReply> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof AppError) || !FORM_CODES.has(error.code)) throw error;
    if (error.code === 'unauthorized' && error.messageKey === 'error.unauthorized') throw error;
    const errors: FieldError[] = error.fields.length ? error.fields : [{ field: firstField, messageKey: error.messageKey, params: error.options.params }];
    const values = { ...((body ?? {}) as Record<string, unknown>) };
    return sendPage(reply, (ctx) => view(ctx, { values, errors }), error.status);
  }
}
