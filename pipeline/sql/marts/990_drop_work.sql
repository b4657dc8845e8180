-- the work tables hold true record counts per cell; the published warehouse does not need them
drop table if exists work.iv_aging;
drop table if exists work.iv_capacity;
drop table if exists work.iv_services;
drop table if exists work.iv_informatization;
drop table if exists work.iv_all;
drop table if exists work.service_counts;
drop table if exists work.iv_services_spans;
drop table if exists work.iv_prior_span;
-- the disclosure model holds true values too; its audit is kept in meta.disclosure_audit
drop table if exists work.dc_iv_parts;
drop table if exists work.dc_iv_rows;
drop table if exists work.dc_cells;
drop table if exists work.dc_members;
drop table if exists work.dc_terms;
drop table if exists work.dc_hidden;
