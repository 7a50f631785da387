/**
 * Once-only data (docs in the gerbang README): the registry of authoritative sources, consents
 * and the prefill through the gateway, the citizen's access log, and change notifications.
 */
import './db.ts';
import './messages.ts';
export { onceOnlyRoutes, type OnceOnlyRouteOptions } from './routes.tsx';
export { createDataPlaneCaller, type DataPlaneCaller } from './self-client.ts';
export { noCitizenDirectory, type CitizenDirectory } from './citizens.ts';
export { registerWebhookJobs, queueScheduler, timerScheduler, signWebhook, DELIVER_JOB, type DeliveryScheduler } from './webhooks.ts';
export { onceOnlyPolicy } from './policy.ts';
