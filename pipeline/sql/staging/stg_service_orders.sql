-- service orders: money in yuan; a missing subsidy is none
insert into staging.service_orders
select order_id, person_key, district_code, facility_id, service, channel, ordered_at, completed_at, status,
  fee as fee_yuan, coalesce(subsidy, 0) as subsidy_yuan, rating::integer
from _clean;
