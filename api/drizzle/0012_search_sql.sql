-- Search (tìm kiếm): Vietnamese folding, the full-text configuration, and the triggers that keep
-- search_documents equal to the documents it mirrors (api/src/search/schema.ts).
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint

-- NFC, no diacritics, đ→d, lower case (docs/domain.md §8; foldVi in api/src/search/normalise.ts). unaccent() is
-- only STABLE; naming the dictionary makes the wrapper safe to declare IMMUTABLE (usable in indexes).
CREATE FUNCTION vanthu_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT lower(translate(public.unaccent('public.unaccent'::regdictionary, normalize($1, NFC)), 'Đđ', 'Dd'))
$$;--> statement-breakpoint

-- Số as a key: no "Số:", no spaces, no leading zeros ("05" = "5"); ký hiệu folded without spaces (docs/domain.md §2.3).
CREATE FUNCTION vanthu_number_key(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT nullif(regexp_replace(regexp_replace(vanthu_fold($1), '^\s*so\s*:?|\s+', '', 'g'), '^0+([0-9])', '\1'), '')
$$;--> statement-breakpoint
CREATE FUNCTION vanthu_symbol_key(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT nullif(regexp_replace(vanthu_fold($1), '\s+', '', 'g'), '')
$$;--> statement-breakpoint
CREATE FUNCTION vanthu_ref_key(text, text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN vanthu_number_key($1) IS NULL OR vanthu_symbol_key($2) IS NULL THEN NULL
    ELSE vanthu_number_key($1) || '/' || vanthu_symbol_key($2) END
$$;--> statement-breakpoint

-- Full text with diacritics folded at parse time, so ts_headline marks the original words.
CREATE TEXT SEARCH CONFIGURATION public.vanthu_fold (COPY = pg_catalog.simple);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION public.vanthu_fold ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.simple;--> statement-breakpoint

-- Names of the ND 30 types, for outgoing documents that store the code (api/src/outgoing/document-types.ts;
-- test/api/search.test.ts checks the two lists agree).
CREATE TABLE search_document_type_names (code text PRIMARY KEY, name text NOT NULL);--> statement-breakpoint
INSERT INTO search_document_type_names (code, name) VALUES
  ('NQ', 'Nghị quyết'), ('QD', 'Quyết định'), ('CT', 'Chỉ thị'), ('QC', 'Quy chế'), ('QYD', 'Quy định'),
  ('TC', 'Thông cáo'), ('TB', 'Thông báo'), ('HD', 'Hướng dẫn'), ('CTR', 'Chương trình'), ('KH', 'Kế hoạch'),
  ('PA', 'Phương án'), ('DEA', 'Đề án'), ('DA', 'Dự án'), ('BC', 'Báo cáo'), ('BB', 'Biên bản'),
  ('TTR', 'Tờ trình'), ('HDG', 'Hợp đồng'), ('CV', 'Công văn'), ('CD', 'Công điện'), ('BGN', 'Bản ghi nhớ'),
  ('BTT', 'Bản thỏa thuận'), ('GUQ', 'Giấy ủy quyền'), ('GM', 'Giấy mời'), ('GGT', 'Giấy giới thiệu'),
  ('GNP', 'Giấy nghỉ phép'), ('PG', 'Phiếu gửi'), ('PC', 'Phiếu chuyển'), ('PB', 'Phiếu báo'), ('THC', 'Thư công');--> statement-breakpoint

-- What search_documents should hold, in its column order: the one definition the triggers and the
-- backfill both insert from.
CREATE VIEW search_source AS
SELECT b.kind, b.document_id, b.organisation_id, b.author_id, b.unit_ids, b.status, b.secrecy,
  b.document_type, vanthu_fold(b.document_type) AS type_key,
  b.issuer, vanthu_fold(b.issuer) AS issuer_key,
  b.signer, vanthu_fold(b.signer) AS signer_key,
  b.number, b.symbol, vanthu_ref_key(b.number, b.symbol) AS ref_key, vanthu_number_key(b.number) AS number_key, vanthu_symbol_key(b.symbol) AS symbol_key,
  b.arrival_year, b.arrival_number, b.doc_date, b.subject, vanthu_fold(b.subject) AS subject_key, b.body,
  setweight(to_tsvector('public.vanthu_fold', concat_ws(' ', b.number, b.symbol, b.subject)), 'A')
    || setweight(to_tsvector('public.vanthu_fold', concat_ws(' ', b.document_type, b.issuer, b.signer)), 'B')
    || setweight(to_tsvector('public.vanthu_fold', coalesce(b.body, '')), 'D') AS tsv,
  now() AS indexed_at
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
      WHERE f.document_id = d.id AND f.extracted_text IS NOT NULL) AS body
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
    normalize(o.subject, NFC), NULL::text
  FROM outgoing_documents o
  JOIN organisations org ON org.id = o.organisation_id
  LEFT JOIN search_document_type_names t ON t.code = o.document_type
) b;--> statement-breakpoint

-- Rebuilds one document's row. The advisory lock serialises two transactions touching the same document
-- (a file's text arriving while the clerk registers it): the second waits, then reads the first's commit.
CREATE FUNCTION search_refresh(k search_kind, doc text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7402100, hashtext(k::text || ':' || doc));
  DELETE FROM search_documents s WHERE s.kind = k AND s.document_id = doc;
  INSERT INTO search_documents SELECT * FROM search_source v WHERE v.kind = k AND v.document_id = doc;
END
$$;--> statement-breakpoint

-- Trigger arguments: the kind, and the column of the changed row that holds the document id.
CREATE FUNCTION search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_data jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
BEGIN
  PERFORM search_refresh(TG_ARGV[0]::search_kind, row_data ->> TG_ARGV[1]);
  RETURN NULL;
END
$$;--> statement-breakpoint

CREATE TRIGGER search_sync AFTER INSERT OR UPDATE OR DELETE ON incoming_documents
  FOR EACH ROW EXECUTE FUNCTION search_sync('INCOMING', 'id');--> statement-breakpoint
CREATE TRIGGER search_sync AFTER INSERT OR DELETE OR UPDATE OF extracted_text ON incoming_files
  FOR EACH ROW EXECUTE FUNCTION search_sync('INCOMING', 'document_id');--> statement-breakpoint
CREATE TRIGGER search_sync AFTER INSERT OR DELETE OR UPDATE OF active, unit_id ON incoming_assignments
  FOR EACH ROW EXECUTE FUNCTION search_sync('INCOMING', 'document_id');--> statement-breakpoint
CREATE TRIGGER search_sync AFTER INSERT OR UPDATE OR DELETE ON outgoing_documents
  FOR EACH ROW EXECUTE FUNCTION search_sync('OUTGOING', 'id');--> statement-breakpoint

-- Outgoing rows show the issuing organisation's name and the signer's name: renaming either refreshes them.
CREATE FUNCTION search_sync_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'organisations' THEN
    PERFORM search_refresh('OUTGOING', o.id) FROM outgoing_documents o WHERE o.organisation_id = NEW.id;
  ELSE
    PERFORM search_refresh('OUTGOING', o.id) FROM outgoing_documents o WHERE coalesce(o.signer_acted_by, o.signer_id) = NEW.id;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER search_sync_names AFTER UPDATE OF name ON organisations
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION search_sync_names();--> statement-breakpoint
CREATE TRIGGER search_sync_names AFTER UPDATE OF full_name ON users
  FOR EACH ROW WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name) EXECUTE FUNCTION search_sync_names();--> statement-breakpoint

-- Typo-tolerant fallback on the subject (trigram similarity) when the full text finds nothing.
CREATE INDEX search_documents_subject_trgm_idx ON search_documents USING gin (subject_key gin_trgm_ops);--> statement-breakpoint

INSERT INTO search_documents SELECT * FROM search_source;
