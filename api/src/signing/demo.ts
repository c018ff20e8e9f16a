import { demoOrganisations, demoUsers } from '../seed/demo-data';
import type { Config } from '../config';
import { generateDevPki, type LeaderSpec, type OrganisationSpec } from './pki';

/** Demo users who sign documents: agency leaders and chiefs of office. */
export function demoLeaders(): LeaderSpec[] {
  const orgName = new Map(demoOrganisations.map((o) => [o.id, o.name]));
  return demoUsers
    .filter((u) => u.roles.includes('LANH_DAO_CO_QUAN') || u.roles.includes('CHANH_VAN_PHONG'))
    .map((u) => ({ username: u.username, fullName: u.fullName, position: u.position, organisation: orgName.get(u.organisationId) ?? '' }));
}

/** Every demo organisation gets a seal certificate (chữ ký số của cơ quan, tổ chức). */
export function demoSealOrganisations(): OrganisationSpec[] {
  return demoOrganisations.map((o) => ({ id: o.id, name: o.name }));
}

/**
 * The dev PKI for every demo leader and organisation, keys protected by DEMO_PASSWORD; existing files are kept.
 * Certificates name this app's own OCSP responder and CRL (POST /api/ocsp, GET /api/crl) for revocation.
 */
export function generateDemoPki(config: Config) {
  const base = `http://127.0.0.1:${config.PORT}`;
  return generateDevPki({
    dir: config.pkiDir,
    password: config.DEMO_PASSWORD,
    leaders: demoLeaders(),
    organisations: demoSealOrganisations(),
    urls: config.PORT ? { ocsp: `${base}/api/ocsp`, crl: `${base}/api/crl` } : {}, // PORT=0: no fixed address to name
  });
}
