// The part of madge's API (8.x, no bundled types) that test/api/architecture.test.ts uses.
declare module 'madge' {
  interface MadgeResult {
    /** file → the files it imports, relative to the base directory */
    obj(): Record<string, string[]>;
    /** each circle as the files on it */
    circular(): string[][];
    /** imports madge could not resolve to a file (npm packages it does not follow, or broken paths) */
    warnings(): { skipped: string[] };
  }
  function madge(
    path: string | string[],
    config?: { fileExtensions?: string[]; tsConfig?: string; baseDir?: string },
  ): Promise<MadgeResult>;
  export = madge;
}
