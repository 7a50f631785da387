import { iso } from '../shared.ts';
import type { DatasetDetail } from './use-cases/get-dataset.ts';

const ref = (a: { id: string; key: string; name: string }) => ({ id: a.id, key: a.key, name: a.name });

export function presentDataset(d: DatasetDetail) {
  return {
    id: d.id,
    key: d.key,
    name: d.name,
    description: d.description,
    radCode: d.rad_code,
    radName: d.rad_name ?? null,
    producerOpdId: d.producer_opd_id,
    producerName: d.producer_name ?? null,
    walidataOpdId: d.walidata_opd_id,
    walidataName: d.walidata_name ?? null,
    sensitivity: d.sensitivity,
    format: d.format,
    updateFrequency: d.update_frequency,
    referenceCodes: d.reference_codes,
    readApps: d.readApps.map(ref),
    writeApps: d.writeApps.map(ref),
    synthetic: d.synthetic,
    version: d.version,
    updatedAt: iso(d.updated_at),
  };
}
