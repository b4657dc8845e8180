-- The warehouse's schemas and the tables every run fills, whatever its inputs.
create schema if not exists staging;
create schema if not exists marts;
create schema if not exists quality;
create schema if not exists meta;

create table quality.rejects (
  dataset varchar, file varchar, line integer, cell varchar, column_name varchar, value varchar, reason varchar
);
create table quality.warnings (
  dataset varchar, file varchar, line integer, cell varchar, column_name varchar, value varchar, reason varchar
);

create table meta.params (key varchar primary key, value varchar);

create table meta.runs (
  run_id varchar primary key, started_at timestamp, finished_at timestamp, as_of date, input_dir varchar,
  status varchar, versions json, stage_seconds json, report_path varchar
);
create table meta.run_files (
  run_id varchar, dataset varchar, file varchar, bytes bigint, sha256 varchar, encoding varchar, delimiter varchar, sheet varchar
);
create table meta.run_datasets (
  run_id varchar, dataset varchar, file varchar, status varchar, rows_read bigint, rows_loaded bigint,
  rows_rejected bigint, warnings bigint, seconds double, message varchar
);

create table staging.districts (code varchar, name varchar, name_en varchar, kind varchar, aliases varchar[], area_km2 double);
create table staging.district_shapes (code varchar, geometry varchar);
create table staging.population (year integer, district_code varchar, sex varchar, age_lo integer, age_hi integer, population bigint);
create table staging.facilities (
  year integer, facility_id varchar, name varchar, district_code varchar, type varchar, ownership varchar,
  beds integer, nursing_beds integer, residents integer, star integer, on_platform boolean, medical boolean, lon double, lat double
);
create table staging.elders (
  person_key varchar, birth_date date, sex varchar, district_code varchar, ability_level integer, assessed_on date,
  living varchar, special varchar, registered_on date, died_on date
);
create table staging.service_orders (
  order_id varchar, person_key varchar, district_code varchar, facility_id varchar, service varchar, channel varchar,
  ordered_at timestamp, completed_at timestamp, status varchar, fee_yuan double, subsidy_yuan double, rating integer
);
create table staging.targets (indicator varchar, scope varchar, year integer, target double, direction varchar, basis varchar);
create table staging.tasks (
  task_id varchar, year integer, title varchar, category varchar, lead_unit varchar, district_code varchar,
  unit varchar, target double, due date
);
create table staging.task_progress (task_id varchar, reported_on date, value double, note varchar);
