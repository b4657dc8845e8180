-- labels of datasets, columns and enum values as the input contract names them (pipeline/datasets/labels.ts
-- writes work.contract_labels from pipeline/datasets/contract.ts): the site shows these, never its own copies.
create or replace table marts.labels as
select kind, dataset, "column", value, zh, en
from work.contract_labels
order by sort_order;

drop table work.contract_labels;
