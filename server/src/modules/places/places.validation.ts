import type { OrgService } from '../org/org.service.js';
import { checkAttrs } from './place-types.js';
import type { PlaceCatalogue } from './places.catalogue.js';
import type { PlaceRow } from './places.repository.js';
import type { PlaceInput } from './places.schema.js';

export interface PlaceIssue {
  field: string;
  message: string;
  messageEn: string;
}

/** A place checked: its issues, or the row values to write (without id, timestamps, version). */
export interface PlaceCheck {
  issues: PlaceIssue[];
  row?: Omit<PlaceRow, 'id' | 'created_at' | 'updated_at' | 'version' | 'demo'>;
}

/** Checks a place against its type and the district; returns the row values (without id/timestamps). */
export async function validatePlace(
  deps: { catalogue: PlaceCatalogue; org: OrgService },
  input: PlaceInput,
  field = '',
): Promise<PlaceCheck> {
  const st = await deps.catalogue.state();
  const issues: PlaceIssue[] = [];
  const f = (k: string) => (field ? `${field}.${k}` : k);
  const type = st.types.get(input.typeCode);
  if (!type)
    issues.push({
      field: f('typeCode'),
      message: `${f('typeCode')}：未知的场所类型 ${input.typeCode}`,
      messageEn: `${f('typeCode')}: unknown place type ${input.typeCode}`,
    });
  else issues.push(...checkAttrs(type.fields, input.attrs).map((i) => ({ ...i, field: f(i.field) })));
  let streetCode: string | null = null;
  let communityCode: string | null = null;
  await deps.org.list(); // the tree, with its districts' outlines
  let districtCode = deps.org.districtAt(input.location);
  if (!districtCode)
    issues.push({
      field: f('location'),
      message: `${f('location')}：坐标不在本区范围内`,
      messageEn: `${f('location')}: the point is outside the district`,
    });
  else if (input.communityCode) {
    const cu = await deps.org.get(input.communityCode);
    if (cu?.kind !== 'community')
      issues.push({
        field: f('communityCode'),
        message: `${f('communityCode')}：社区不存在`,
        messageEn: `${f('communityCode')}: unknown community`,
      });
    else {
      // The community chosen decides the place's district (as at intake), not only the outline.
      districtCode = cu.district_code;
      streetCode = cu.street_code;
      communityCode = cu.id;
    }
  } else {
    const at = await deps.org.locate(input.location).catch(() => null);
    streetCode = at?.streetCode ?? null;
    communityCode = at?.communityCode ?? null;
  }
  if (input.managingUnitId && !(await deps.org.get(input.managingUnitId)))
    issues.push({
      field: f('managingUnitId'),
      message: `${f('managingUnitId')}：管理单位不存在`,
      messageEn: `${f('managingUnitId')}: unknown unit`,
    });
  if (issues.length) return { issues };
  return {
    issues,
    row: {
      type_code: input.typeCode,
      name: input.name,
      address: input.address,
      lat: input.location.lat,
      lng: input.location.lng,
      district_code: districtCode,
      street_code: streetCode,
      community_code: communityCode,
      managing_unit_id: input.managingUnitId,
      contact_name: input.contactName,
      contact_phone: input.contactPhone,
      hours: JSON.stringify(input.hours),
      attrs: JSON.stringify(input.attrs),
      public: input.public ? 1 : 0,
      status: input.status,
    },
  };
}
