-- restore.sql: puts back the Odoo state saved as bench.snap_<:snap>_{tmpl,quant}
-- (list prices, pulses, quants) before a timed run, touching only rows that
-- differ, then vacuums so that every contender starts from the same tables.
-- Untimed.   psql -v snap=empty|loaded -f restore.sql
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
BEGIN;
SELECT format('UPDATE product_template t SET list_price = s.list_price, x_tecsync_pulse = s.x_tecsync_pulse '
              'FROM bench.snap_%1$s_tmpl s WHERE t.id = s.id '
              'AND (t.list_price, t.x_tecsync_pulse) IS DISTINCT FROM (s.list_price, s.x_tecsync_pulse)', :'snap') \gexec
SELECT format('DELETE FROM stock_quant q WHERE NOT EXISTS (SELECT 1 FROM bench.snap_%1$s_quant s WHERE s.id = q.id)',
              :'snap') \gexec
SELECT format('UPDATE stock_quant q SET quantity = s.quantity FROM bench.snap_%1$s_quant s '
              'WHERE q.id = s.id AND q.quantity IS DISTINCT FROM s.quantity', :'snap') \gexec
SELECT format('INSERT INTO stock_quant SELECT * FROM bench.snap_%1$s_quant s '
              'WHERE NOT EXISTS (SELECT 1 FROM stock_quant q WHERE q.id = s.id)', :'snap') \gexec
COMMIT;
VACUUM ANALYZE product_template;
VACUUM ANALYZE stock_quant;
