import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parseForm } from '../../../platform/http/validation.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import { emptyForm } from '../../../platform/html/context.ts';
import { translate, type MessageKey } from '../../../platform/i18n/index.ts';
import * as S from '../schemas.ts';
import { ELEMENT_CODES, IKM } from './ikm.ts';
import { openSurvey, submitSurvey, type SurveyAnswers } from './use-cases/submit-survey.ts';
import { SurveyPage } from './views/survey-pages.tsx';

const tags = ['portal'];

/**
 * The satisfaction survey behind a one-time link (`/survei/<token>`): the token is the only
 * credential, so these routes need no session and reveal nothing for a wrong or used token.
 */
export const surveyRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  app.get('/survei/:token', { schema: { hide: true, params: S.TokenParams } }, async (req, reply) => {
    const survey = await openSurvey(deps, req.params.token);
    return sendPage(reply, (ctx) => <SurveyPage ctx={ctx} token={req.params.token} serviceName={survey.serviceName} opdName={survey.opdName} form={emptyForm()} />);
  });

  app.post('/survei/:token', { schema: { hide: true, params: S.TokenParams } }, async (req, reply) => {
    const token = req.params.token;
    const survey = await openSurvey(deps, token);
    try {
      const input = parseForm(S.SurveyForm, req.body) as Record<string, unknown> & Omit<SurveyAnswers, 'answers'>;
      const answers = Object.fromEntries(ELEMENT_CODES.map((c) => [c, input[c] as number]));
      const { serviceKey } = await submitSurvey(deps, token, { answers, gender: input.gender, education: input.education, occupation: input.occupation, suggestion: input.suggestion });
      return redirectWithFlash(reply, `/layanan/${serviceKey}`, 'portal.flash.survey_thanks');
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') {
        const errors = error.fields.map((f) => (ELEMENT_CODES.includes(f.field) ? { ...f, messageKey: 'portal.survey.answer_required' as MessageKey } : f));
        const values = { ...(req.body as Record<string, unknown>) };
        return sendPage(reply, (ctx) => <SurveyPage ctx={ctx} token={token} serviceName={survey.serviceName} opdName={survey.opdName} form={{ values, errors }} />, 400);
      }
      throw error;
    }
  });

  app.get(
    '/api/v1/portal/surveys/:token',
    { schema: { tags, summary: 'What a survey link is about, with the nine elements and the answer scale', params: S.TokenParams, response: { 200: S.SurveyInfoOut } } },
    async (req) => {
      const survey = await openSurvey(deps, req.params.token);
      return {
        serviceName: survey.serviceName,
        serviceKey: survey.serviceKey,
        opdName: survey.opdName,
        expiresAt: survey.expiresAt.toISOString(),
        elements: IKM.elements.map((e) => ({ code: e.code, name: translate(req.locale, `portal.element.${e.code}` as MessageKey) })),
        scale: IKM.scale.map((s) => ({ value: s.value, label: translate(req.locale, `portal.survey.scale.${s.value}` as MessageKey) })),
      };
    },
  );

  app.post(
    '/api/v1/portal/surveys/:token',
    { schema: { tags, summary: 'Answer a satisfaction survey (once per link; anonymous)', params: S.TokenParams, body: S.SurveyBody, response: { 201: S.Ok } } },
    async (req, reply) => {
      const { answers, ...profile } = req.body as SurveyAnswers;
      await submitSurvey(deps, req.params.token, { answers, ...profile });
      return reply.status(201).send({ ok: true });
    },
  );
};
