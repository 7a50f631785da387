import { iso } from '../shared.ts';
import type { IntegrationRow } from './repo.ts';

export function presentIntegration(g: IntegrationRow) {
  return {
    id: g.id,
    consumer: { id: g.consumer_app_id, key: g.consumer_key, name: g.consumer_name },
    provider: { id: g.provider_app_id, key: g.provider_key, name: g.provider_name },
    dataset: g.dataset_id && g.dataset_key && g.dataset_name ? { id: g.dataset_id, key: g.dataset_key, name: g.dataset_name } : null,
    channel: g.channel,
    integrated: g.integrated,
    note: g.note,
    createdAt: iso(g.created_at),
  };
}
