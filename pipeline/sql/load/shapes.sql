-- districts.geojson: its features (temp table _shapes: i, code, geometry) into staging.district_shapes, in file
-- order; a feature whose code is not a district is a warning.
insert into quality.warnings
select 'districts', 'districts.geojson', null, null, 'code', code, '边界的区划代码不在区县数据中，未使用 / the feature''s code is not a district, not used'
from _shapes s where not exists (select 1 from staging.districts d where d.code = s.code);
insert into staging.district_shapes select code, geometry from _shapes s where exists (select 1 from staging.districts d where d.code = s.code) order by i;
