import type { OpdKind } from '../db/schema.ts';

export interface OpdRecord {
  id: string;
  code: string;
  name: string;
  abbreviation: string | null;
  kind: OpdKind;
  parent_id: string | null;
  region_code: string;
  region_name: string;
  website: string | null;
  social_media: Record<string, string>;
  active: boolean;
  merged_into_id: string | null;
}

export function presentOpd(o: OpdRecord) {
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    abbreviation: o.abbreviation,
    kind: o.kind,
    parentId: o.parent_id,
    regionCode: o.region_code,
    regionName: o.region_name,
    website: o.website,
    socialMedia: o.social_media ?? {},
    active: o.active,
    mergedIntoId: o.merged_into_id,
  };
}
