-- Streaming rules over the sample events (Flink SQL; runs unchanged on a Flink cluster with the
-- filesystem connector). The files are replayed in order with a watermark after every row.
SET 'execution.runtime-mode' = 'streaming';

CREATE TABLE orders (
  orderId STRING, customerId STRING, product STRING, unitPrice DECIMAL(10, 2), quantity INT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE
) WITH ('connector' = 'filesystem', 'path' = 'orders.ndjson', 'format' = 'json');

CREATE TABLE payments (
  orderId STRING, method STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE
) WITH ('connector' = 'filesystem', 'path' = 'payments.ndjson', 'format' = 'json');

-- Revenue per product every 6 hours (tumbling event-time windows).
SELECT window_start, product, COUNT(*) AS orders, SUM(unitPrice * quantity) AS revenue
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '6' HOUR))
GROUP BY window_start, window_end, product;

-- Orders not paid within 10 minutes (left interval join: unmatched rows appear once the
-- watermark passes the 10-minute bound).
SELECT o.orderId, o.customerId, o.ts AS ordered_at
FROM orders o LEFT JOIN payments p
  ON o.orderId = p.orderId AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '10' MINUTE
WHERE p.orderId IS NULL;
