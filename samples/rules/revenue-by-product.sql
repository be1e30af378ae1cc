-- CEP rule (Flink SQL): revenue per product in 6-hour tumbling event-time windows, upserted into
-- the MySQL table demo_revenue (created by the runner with this primary key). Deploy it with
--   PUT /v1/rules/revenue-by-product   {"sql": "<this file>"}
-- The 'url' must name the CEP runner's own MySQL server (its checkpoints commit these rows).
SET 'execution.runtime-mode' = 'streaming';

CREATE TABLE demo_revenue (
  product STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  orders BIGINT,
  units BIGINT,
  revenue DECIMAL(12, 2),
  PRIMARY KEY (product, window_start) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:mysql://localhost:3306/sluice',
  'table-name' = 'demo_revenue'
);

INSERT INTO demo_revenue
SELECT product, window_start, window_end, COUNT(*), SUM(quantity), SUM(CAST(unitPrice AS DECIMAL(10, 2)) * quantity)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '6' HOUR))
GROUP BY product, window_start, window_end;
