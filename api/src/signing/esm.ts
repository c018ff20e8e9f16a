import crypto from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type * as Asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';

/**
 * pkijs 4 and asn1js 4 are ES modules only. Node 20.19+ loads them, but a `require()` (what TypeScript compiles
 * `import` to here, and what Jest's CommonJS sandbox does) cannot. So they are loaded once with a real dynamic
 * import, which the compilers leave alone when it sits in a Function; everything that uses them awaits
 * `loadCmsLibraries()` first and then reads them synchronously with `cmsLibs()`.
 */
// A unique source each time: V8 caches compiled Function bodies, and a cached one would keep the module loader
// of whichever (Jest) context compiled it first.
const importModule = (url: string) =>
  (new Function('url', `return import(url); // ${process.hrtime.bigint()}${Math.random()}`) as (u: string) => Promise<unknown>)(url);

export interface CmsLibraries {
  pkijs: typeof Pkijs;
  asn1js: typeof Asn1js;
}

let libs: CmsLibraries | undefined;
let loading: Promise<CmsLibraries> | undefined;

export function loadCmsLibraries(): Promise<CmsLibraries> {
  loading ??= (async () => {
    const load = (name: string) => importModule(pathToFileURL(require.resolve(name)).href);
    // One after the other: Jest's ESM loader fails on concurrent imports sharing dependencies.
    const asn1js = (await load('asn1js')) as typeof Asn1js;
    const pkijs = (await load('pkijs')) as typeof Pkijs;
    pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: crypto.webcrypto as unknown as Crypto }));
    libs = { pkijs, asn1js };
    return libs;
  })();
  return loading;
}

export function cmsLibs(): CmsLibraries {
  if (!libs) throw new Error('pkijs is not loaded yet: await loadCmsLibraries() first');
  return libs;
}
