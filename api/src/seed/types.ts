import type { OrganisationKind } from '../organisations/schema';
import type { Role } from '../users/roles';

export interface DemoOrganisation {
  id: string;
  parentId: string | null;
  name: string;
  kind: OrganisationKind;
  organCode: string | null;
  /** Abbreviation used in document symbols (ký hiệu), e.g. "UBND", "STC". */
  shortName: string;
  placeName: string;
  validFrom: string | null;
  validTo: string | null;
  units: { id: string; name: string; abbrev: string }[];
}

export interface DemoUser {
  username: string;
  fullName: string;
  organisationId: string;
  unitId: string | null;
  position: string;
  roles: Role[];
}
