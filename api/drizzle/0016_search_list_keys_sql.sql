-- Per-person lists (grants, assignments, approval chains) as keys on the search row (search_documents.list_keys),
-- so search finds a person's listed documents through one index (api/src/search/service.ts, visibility):
-- the view gains the column, the lists' tables refresh the row, and the rows that have lists are filled.
-- The keys of one document (api/src/search/schema.ts, listKeys): g: granted, a:/u: assigned person/unit (active),
-- s: on the approval chain, x: acted there as a deputy.
CREATE FUNCTION search_list_keys(k search_kind, doc text) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN k = 'INCOMING' THEN array(
      SELECT 'g:' || g.user_id FROM incoming_access_grants g WHERE g.document_id = doc
      UNION SELECT 'a:' || a.user_id FROM incoming_assignments a WHERE a.document_id = doc AND a.active AND a.user_id IS NOT NULL
      UNION SELECT 'u:' || a.unit_id FROM incoming_assignments a WHERE a.document_id = doc AND a.active AND a.unit_id IS NOT NULL
      ORDER BY 1)
    ELSE array(
      SELECT 's:' || sa.user_id FROM outgoing_step_assignees sa WHERE sa.document_id = doc
      UNION SELECT 'x:' || sa.acted_by FROM outgoing_step_assignees sa WHERE sa.document_id = doc AND sa.acted_by IS NOT NULL
      ORDER BY 1) END
$$;--> statement-breakpoint

CREATE OR REPLACE VIEW search_source AS
SELECT b.kind, b.document_id, b.organisation_id, b.author_id, b.unit_ids, b.status, b.secrecy,
  b.document_type, vanthu_fold(b.document_type) AS type_key,
  b.issuer, vanthu_fold(b.issuer) AS issuer_key,
  b.signer, vanthu_fold(b.signer) AS signer_key,
  b.number, b.symbol, vanthu_ref_key(b.number, b.symbol) AS ref_key, vanthu_number_key(b.number) AS number_key, vanthu_symbol_key(b.symbol) AS symbol_key,
  b.arrival_year, b.arrival_number, b.doc_date, b.subject, vanthu_fold(b.subject) AS subject_key, b.body,
  setweight(to_tsvector('public.vanthu_fold', concat_ws(' ', b.number, b.symbol, b.subject)), 'A')
    || setweight(to_tsvector('public.vanthu_fold', concat_ws(' ', b.document_type, b.issuer, b.signer)), 'B')
    || setweight(to_tsvector('public.vanthu_fold', coalesce(b.body, '')), 'D') AS tsv,
  now() AS indexed_at, b.list_keys
FROM (
  SELECT 'INCOMING'::search_kind AS kind, d.id AS document_id, d.organisation_id, NULL::text AS author_id,
    coalesce((SELECT array_agg(DISTINCT a.unit_id ORDER BY a.unit_id) FROM incoming_assignments a
      WHERE a.document_id = d.id AND a.active AND a.unit_id IS NOT NULL), '{}'::text[]) AS unit_ids,
    d.status::text AS status, d.secrecy,
    normalize(d.document_type, NFC) AS document_type, normalize(d.issuer_name, NFC) AS issuer, normalize(d.signer_name, NFC) AS signer,
    d.number, d.symbol, d.arrival_year, d.arrival_number,
    coalesce(d.issue_date, (d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS doc_date,
    normalize(d.subject, NFC) AS subject,
    -- Bounded: a tsvector holds at most 1 MB, and snippets need only the text around the first hits.
    (SELECT left(normalize(string_agg(f.extracted_text, E'\n' ORDER BY f.ordinal), NFC), 100000) FROM incoming_files f
      WHERE f.document_id = d.id AND f.extracted_text IS NOT NULL) AS body,
    search_list_keys('INCOMING', d.id) AS list_keys
  FROM incoming_documents d
  UNION ALL
  SELECT 'OUTGOING'::search_kind, o.id, o.organisation_id, o.author_id,
    CASE WHEN o.drafting_unit_id IS NULL THEN '{}'::text[] ELSE ARRAY[o.drafting_unit_id] END,
    o.status::text, o.secrecy,
    coalesce(t.name, o.document_type), org.name,
    -- The one who signed: the named signer, or the deputy who signed on their behalf.
    (SELECT u.full_name FROM users u WHERE u.id = coalesce(o.signer_acted_by, o.signer_id)),
    CASE WHEN o.issued_number IS NULL THEN NULL ELSE lpad(o.issued_number::text, 2, '0') END, o.symbol,
    NULL::integer, NULL::integer,
    coalesce(o.issue_date, (o.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date),
    normalize(o.subject, NFC), NULL::text,
    search_list_keys('OUTGOING', o.id)
  FROM outgoing_documents o
  JOIN organisations org ON org.id = o.organisation_id
  LEFT JOIN search_document_type_names t ON t.code = o.document_type
) b;--> statement-breakpoint

DROP TRIGGER search_sync ON incoming_assignments;--> statement-breakpoint
CREATE TRIGGER search_sync AFTER INSERT OR DELETE OR UPDATE OF active, unit_id, user_id ON incoming_assignments
  FOR EACH ROW EXECUTE FUNCTION search_sync('INCOMING', 'document_id');--> statement-breakpoint
CREATE TRIGGER search_sync AFTER INSERT OR DELETE OR UPDATE OF user_id, document_id ON incoming_access_grants
  FOR EACH ROW EXECUTE FUNCTION search_sync('INCOMING', 'document_id');--> statement-breakpoint
CREATE TRIGGER search_sync AFTER INSERT OR DELETE OR UPDATE OF user_id, acted_by ON outgoing_step_assignees
  FOR EACH ROW EXECUTE FUNCTION search_sync('OUTGOING', 'document_id');--> statement-breakpoint

-- Only rows that have lists; every other row keeps the empty default.
UPDATE search_documents s SET list_keys = search_list_keys(s.kind, s.document_id)
FROM (SELECT document_id FROM incoming_access_grants UNION SELECT document_id FROM incoming_assignments WHERE active) l
WHERE s.kind = 'INCOMING' AND s.document_id = l.document_id;--> statement-breakpoint
UPDATE search_documents s SET list_keys = search_list_keys(s.kind, s.document_id)
FROM (SELECT DISTINCT document_id FROM outgoing_step_assignees) l
WHERE s.kind = 'OUTGOING' AND s.document_id = l.document_id;
