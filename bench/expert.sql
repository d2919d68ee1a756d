-- expert.sql: what a database engineer would write by hand for one flash cycle,
-- given the already-normalized rows (sku,list_price,cba,bue): COPY, then one
-- set-based UPDATE … FROM per table and the quant insert, writing only rows
-- whose value changes, in one transaction. The baseline tecsync must beat.
-- No scope checks, no reports, no history, no pulses: it trusts its input.
--
--   psql -X -v feed=/abs/norm.csv -v cba_loc=ID -v bue_loc=ID -v company=ID -v uid=ID -f expert.sql
--
-- psql prints one `UPDATE n` / `INSERT 0 n` per write: bench.py sums them.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
BEGIN;
CREATE TEMP TABLE feed (sku text, list_price numeric, cba numeric, bue numeric) ON COMMIT DROP;
\set copy_feed '\\copy feed FROM ' :'feed' ' WITH (FORMAT csv)'
:copy_feed
CREATE TEMP TABLE m ON COMMIT DROP AS
SELECT p.id AS product_id, p.product_tmpl_id AS tmpl_id, f.list_price, f.cba, f.bue
  FROM feed f JOIN product_product p ON p.default_code = f.sku;
ANALYZE m;
UPDATE product_template t
   SET list_price = m.list_price, write_uid = :uid, write_date = now() AT TIME ZONE 'UTC'
  FROM m
 WHERE t.id = m.tmpl_id AND t.list_price IS DISTINCT FROM m.list_price;
CREATE TEMP TABLE tgt ON COMMIT DROP AS
SELECT m.product_id, v.location_id, GREATEST(v.qty, 0) AS qty
  FROM m CROSS JOIN LATERAL (VALUES (:cba_loc, m.cba), (:bue_loc, m.bue)) v(location_id, qty);
ANALYZE tgt;
UPDATE stock_quant q
   SET quantity = t.qty, write_uid = :uid, write_date = now() AT TIME ZONE 'UTC'
  FROM tgt t
 WHERE q.product_id = t.product_id AND q.location_id = t.location_id
   AND q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL
   AND q.quantity IS DISTINCT FROM t.qty;
-- Missing keys first, in their own statement: an INSERT … SELECT … WHERE NOT
-- EXISTS (stock_quant) rescans the rows it inserts when the planner picks a
-- nested-loop anti join over a seq scan of a near-empty stock_quant (quadratic:
-- 400–600 s for a first load of 100,000 SKUs, the same trap the sink had).
CREATE TEMP TABLE qnew ON COMMIT DROP AS
SELECT t.product_id, t.location_id, t.qty
  FROM tgt t
 WHERE t.qty <> 0
   AND NOT EXISTS (SELECT 1 FROM stock_quant q
                    WHERE q.product_id = t.product_id AND q.location_id = t.location_id
                      AND q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL);
INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity, in_date,
                         inventory_quantity_set, create_uid, write_uid, create_date, write_date)
SELECT n.product_id, n.location_id, :company, n.qty, 0, now() AT TIME ZONE 'UTC', false, :uid, :uid,
       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM qnew n;
COMMIT;
