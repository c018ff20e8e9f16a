import { comingSoonRoutes } from '../shared/coming-soon-page';

/** Placeholder until the module is built: replace with the real routes. */
export default comingSoonRoutes('nav.approvals');
