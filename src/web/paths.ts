/**
 * Typed URL builders for pages, redirects and view-models. One implementation, in the domain
 * (src/domain/shared/app-paths.ts), so services build notification and email links the same way.
 */
export * from '../domain/shared/app-paths.js';
