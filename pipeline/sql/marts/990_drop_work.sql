-- the work tables hold true record counts per cell; the published warehouse does not need them
drop table if exists work.iv_aging;
drop table if exists work.iv_capacity;
drop table if exists work.iv_services;
drop table if exists work.iv_informatization;
drop table if exists work.iv_all;
drop table if exists work.service_counts;
drop table if exists work.iv_services_spans;
drop table if exists work.iv_prior_span;
