// Every capability's tables, gathered for drizzle-kit and the typed client.
export * from '../organisations/schema';
export * from '../users/schema';
export * from '../auth/schema';
export * from '../audit/schema';
export * from '../registers/schema';
export * from '../incoming/schema';
export * from '../incoming/processing-schema';
export * from '../notifications/schema';
export * from '../calendar/schema';
export * from '../approval-chains/schema';
export * from '../outgoing/schema';
export * from '../signing/schema';
export * from '../case-files/schema';
export * from '../search/schema';
export * from '../exchange/inbox-schema';
export * from '../exchange/outbox-schema';
export * from '../view-history/schema';
