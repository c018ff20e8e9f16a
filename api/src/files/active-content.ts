import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, type PDFContext, type PDFObject } from 'pdf-lib';

/**
 * Active content of a PDF: what a viewer runs or opens by itself rather than shows. A received file that has
 * any is registered as it came (the original stays byte for byte) but flagged; every copy the system makes,
 * serves or signs from it is neutralised first (issue 16 §6).
 */
export const activeContentKinds = ['javascript', 'launch', 'open_action', 'additional_actions', 'other_action'] as const;
export type ActiveContentKind = (typeof activeContentKinds)[number];

/** Actions that run code, start programs or send and fetch data; URI links and in-document jumps stay. */
const ACTION_KIND: Record<string, ActiveContentKind> = {
  '/JavaScript': 'javascript',
  '/Launch': 'launch',
  '/SubmitForm': 'other_action',
  '/ImportData': 'other_action',
  '/Rendition': 'other_action',
  '/RichMediaExecute': 'other_action',
  '/GoToE': 'other_action',
};

const N = (s: string) => PDFName.of(s);

function deref(ctx: PDFContext, o: PDFObject | undefined): PDFObject | undefined {
  return o instanceof PDFRef ? ctx.lookup(o) : o;
}

/** The dangerous kinds an action (and its /Next chain) holds; empty for a harmless action or a destination. */
function actionKinds(ctx: PDFContext, o: PDFObject | undefined, seen = new Set<PDFObject>()): ActiveContentKind[] {
  const a = deref(ctx, o);
  if (!a || seen.has(a)) return [];
  seen.add(a);
  if (a instanceof PDFArray) return a.asArray().flatMap((x) => actionKinds(ctx, x, seen));
  if (!(a instanceof PDFDict)) return [];
  const own = ACTION_KIND[a.get(N('S'))?.toString() ?? ''] ?? (a.has(N('JS')) ? 'javascript' : undefined);
  return [...(own ? [own] : []), ...actionKinds(ctx, a.get(N('Next')), seen)];
}

/**
 * A dict as a derived copy carries it: without /AA (additional actions, run on open, close, focus, page
 * view…), without a dangerous /A or /OpenAction, and (a name dictionary) without the /JavaScript name tree —
 * also in the dicts nested in it directly. Returns the clean dict, the same one when nothing was removed;
 * `mutate` cleans in place instead of a copy.
 */
export function withoutActiveContent(ctx: PDFContext, dict: PDFDict, mutate = false): PDFDict {
  const removable = [
    dict.has(N('AA')) ? 'AA' : null,
    actionKinds(ctx, dict.get(N('A'))).length ? 'A' : null,
    actionKinds(ctx, dict.get(N('OpenAction'))).length ? 'OpenAction' : null,
    dict.get(N('Type'))?.toString() !== '/Action' && dict.has(N('JavaScript')) && !dict.has(N('S')) ? 'JavaScript' : null,
  ].filter((k): k is string => k !== null);
  const nested = dict
    .entries()
    .filter(([k]) => !removable.includes(k.asString().slice(1)))
    .map(([k, v]) => [k, v, cleanNested(ctx, v, mutate)] as const)
    .filter(([, v, clean]) => clean !== v);
  if (!removable.length && !nested.length) return dict;
  const out = mutate ? dict : dict.clone(ctx);
  for (const k of removable) out.delete(N(k));
  for (const [k, , clean] of nested) out.set(k, clean);
  return out;
}

function cleanNested(ctx: PDFContext, o: PDFObject, mutate: boolean): PDFObject {
  if (o instanceof PDFDict && !(o instanceof PDFRef)) return withoutActiveContent(ctx, o, mutate);
  if (!(o instanceof PDFArray)) return o;
  const items = o.asArray().map((x) => cleanNested(ctx, x, mutate));
  if (items.every((x, i) => x === o.get(i))) return o;
  return mutate ? o : ctx.obj(items);
}

/** Every dictionary of the file: indirect objects, stream dictionaries and the dicts nested in them. */
function allDicts(doc: PDFDocument): PDFDict[] {
  const out: PDFDict[] = [];
  const visit = (o: PDFObject, depth: number) => {
    if (depth > 32) return;
    if (o instanceof PDFStream) visit(o.dict, depth);
    else if (o instanceof PDFDict) {
      out.push(o);
      for (const [, v] of o.entries()) if (!(v instanceof PDFRef)) visit(v, depth + 1);
    } else if (o instanceof PDFArray) for (const v of o.asArray()) if (!(v instanceof PDFRef)) visit(v, depth + 1);
  };
  for (const [, o] of doc.context.enumerateIndirectObjects()) visit(o, 0);
  return out;
}

/** What active content the file holds, wherever it sits (reachable or not); [] for a clean file. */
export function findActiveContent(doc: PDFDocument): ActiveContentKind[] {
  const ctx = doc.context;
  const found = new Set<ActiveContentKind>();
  for (const d of allDicts(doc)) {
    if (d.has(N('AA'))) found.add('additional_actions');
    for (const k of actionKinds(ctx, d.get(N('A')))) found.add(k);
    const open = actionKinds(ctx, d.get(N('OpenAction')));
    if (open.length) found.add('open_action');
    for (const k of open) found.add(k);
    if (d.has(N('JS')) || d.get(N('S'))?.toString() === '/JavaScript') found.add('javascript');
    if (d.get(N('S'))?.toString() === '/Launch') found.add('launch');
    if (d.get(N('Type'))?.toString() !== '/Action' && d.has(N('JavaScript')) && !d.has(N('S'))) found.add('javascript');
  }
  return activeContentKinds.filter((k) => found.has(k));
}

/**
 * Removes every trigger of active content in place (see withoutActiveContent). The actions themselves are no
 * longer referenced: a rewrite drops them with `dropUnreachable`; an incremental update leaves them in the
 * earlier revision's bytes, where nothing points at them any more.
 */
export function neutraliseActiveContent(doc: PDFDocument): void {
  for (const d of allDicts(doc)) withoutActiveContent(doc.context, d, true);
}

/** Deletes the objects no longer reachable from the trailer, so a rewritten copy does not carry them. */
export function dropUnreachable(doc: PDFDocument): void {
  const ctx = doc.context;
  const reached = new Set<string>();
  const stack: PDFObject[] = [ctx.trailerInfo.Root, ctx.trailerInfo.Info, ctx.trailerInfo.Encrypt].filter((o): o is PDFObject => !!o);
  while (stack.length) {
    const o = stack.pop()!;
    if (o instanceof PDFRef) {
      if (reached.has(o.tag)) continue;
      reached.add(o.tag);
      const t = ctx.lookup(o);
      if (t) stack.push(t);
    } else if (o instanceof PDFStream) stack.push(o.dict);
    else if (o instanceof PDFDict) for (const [, v] of o.entries()) stack.push(v);
    else if (o instanceof PDFArray) stack.push(...o.asArray());
  }
  for (const [ref] of ctx.enumerateIndirectObjects()) if (!reached.has(ref.tag)) ctx.delete(ref);
  // The trailer's /Size follows the highest number left (qpdf warns about a larger one).
  ctx.largestObjectNumber = Math.max(0, ...ctx.enumerateIndirectObjects().map(([r]) => r.objectNumber));
}

/**
 * A clean copy of a PDF with active content (rewritten, the triggers and the unreachable actions gone) and
 * what was found; a clean PDF comes back as the same bytes.
 */
export async function cleanPdf(bytes: Uint8Array): Promise<{ pdf: Uint8Array; found: ActiveContentKind[] }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const found = findActiveContent(doc);
  if (!found.length) return { pdf: bytes, found };
  neutraliseActiveContent(doc);
  dropUnreachable(doc);
  return { pdf: await doc.save({ useObjectStreams: false, updateFieldAppearances: false }), found };
}
