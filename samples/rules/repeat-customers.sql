-- CEP rule (Flink SQL): alert when a customer places three orders within two hours
-- (MATCH_RECOGNIZE). Rows go to the standard alerts table (sluice_alerts), which needs no
-- declaration: alert_key, event_time, message. Deploy it with
--   PUT /v1/rules/repeat-customers   {"sql": "<this file>"}
INSERT INTO alerts
SELECT customerId, third_at, CONCAT('3 orders in 2 hours: ', first_order, ', ', second_order, ', ', third_order)
FROM orders
MATCH_RECOGNIZE (
  PARTITION BY customerId
  ORDER BY ts
  MEASURES A.orderId AS first_order, B.orderId AS second_order, C.orderId AS third_order, C.ts AS third_at
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (A B C) WITHIN INTERVAL '2' HOUR
  DEFINE A AS TRUE
);
