import { validationError } from '../../../../platform/http/errors.ts';
import { decodePart, parseClientHeader } from '../../identifiers.ts';
import { findSubsystem, findSubsystemByCodes, type SubsystemRow } from '../repo.ts';
import type { GerbangDeps } from './visibility.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds a consumer subsystem named by id or by its identifier (`JATIM/GOV/dinkes/simrs`), as a
 * provider types it when granting access. Any registered subsystem of any agency can be named:
 * identifiers are public, like the members of an X-Road instance.
 */
export async function resolveSubsystem(deps: GerbangDeps, ref: string, field: string): Promise<SubsystemRow> {
  const unknown = () => validationError([{ field, messageKey: 'gerbang.subsystem_unknown', params: { id: ref } }]);
  const text = ref.trim();
  if (UUID.test(text)) return (await findSubsystem(deps.db, text)) ?? Promise.reject(unknown());
  const parsed = parseClientHeader(text);
  if (!parsed) throw unknown();
  const [instance, memberClass, memberCode, code] = parsed.parts as [string, string, string, string];
  if (instance !== deps.settings.instance || memberClass !== deps.settings.memberClass) throw unknown();
  const row = await findSubsystemByCodes(deps.db, decodePart(memberCode) ?? memberCode, code);
  if (!row) throw unknown();
  return row;
}
