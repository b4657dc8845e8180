-- Input: temp table _clean, the checked rows of service_orders kept by the load stage (pipeline/load.ts): _line and the
-- typed columns of pipeline/datasets/service_orders.ts. Runs on its own given that table.
-- service orders: money in yuan; a missing subsidy is none
insert into staging.service_orders
select order_id, person_key, district_code, facility_id, service, channel, ordered_at, completed_at, status,
  fee as fee_yuan, coalesce(subsidy, 0) as subsidy_yuan, rating::integer
from _clean;
