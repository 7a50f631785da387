import type { Logger } from 'pino';
import type { GerbangDeps } from '../../control/use-cases/visibility.ts';
import type { CitizenDirectory } from '../citizens.ts';
import type { DataPlaneCaller } from '../self-client.ts';
import type { DeliveryScheduler } from '../webhooks.ts';

/** What once-only use cases receive: the gerbang deps, plus the parts each area needs. */
export type OnceOnlyDeps = GerbangDeps;
export type CitizenDeps = GerbangDeps & { citizens: CitizenDirectory };
export type PrefillDeps = CitizenDeps & { dataPlane: DataPlaneCaller; logger: Logger };
export type NotifyDeps = GerbangDeps & { scheduler: DeliveryScheduler };
