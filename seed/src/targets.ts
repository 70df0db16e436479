import type pg from 'pg';
import { apportion } from './random';

/**
 * The demo's 2017 targets (年度目标任务), written after the COPY from the loaded rows, so they hold at
 * every scale and seed. The article gives the city's: 13.6万 people out of poverty (scaled), 317 poor
 * villages (places: never scaled), 南部县 and 蓬安县 摘帽. They are spread over the counties: people by
 * each county's registered poor population (household members), villages by the villages each county
 * plans to take out in 2017. The others are the city's plan to meet every registered demand within the
 * year (training, transfer employment, entrepreneurship), fill every welfare post and spend every
 * budget, set per county from its own registry. 南部县's training target is also set per township (the
 * county's own target stays its own). Subsidy spending follows a quarterly profile (settled each quarter).
 */
export const TARGET_YEAR = 2017;
export const CITY_TARGETS = { peopleExiting: 136_000, villagesExiting: 317 };

/**
 * `cities` (a province dataset): the scale of each city's blocks (province.ts `cityScales`); each city's
 * people-exiting target is the article's at that scale, spread over its own counties, so Nanchong's
 * stays the article's whatever the other cities hold. Unset: one city at `scale`.
 */
export async function loadDemoTargets(client: pg.Client, scale: number, cities?: Map<string, number>): Promise<number> {
  const { rows: counties } = await client.query<{ code: string; people: string; villages: string; exiting: boolean; training: string; transfer: string; enterprise: string; posts: string; budget: string | null }>(
    `select c.code,
       (select coalesce(sum(h.member_count), 0) from household h where h.village_code like substr(c.code, 1, 6) || '%') as people,
       (select count(*) from region v where v.level = 'VILLAGE' and v.is_poor and v.exit_year = $1 and v.code like substr(c.code, 1, 6) || '%') as villages,
       (c.is_poor and c.exit_year = $1) as exiting,
       (select count(*) filter (where l.wants_training) from laborer l where l.village_code like substr(c.code, 1, 6) || '%') as training,
       (select count(*) filter (where l.wants_transfer) from laborer l where l.village_code like substr(c.code, 1, 6) || '%') as transfer,
       (select count(*) filter (where l.wants_enterprise) from laborer l where l.village_code like substr(c.code, 1, 6) || '%') as enterprise,
       (select count(*) from welfare_post p where p.region_code like substr(c.code, 1, 6) || '%') as posts,
       (select sum(b.budget) from policy_budget b where b.county_code = c.code and b.year = $1) as budget
     from region c where c.level = 'COUNTY' order by c.code`,
    [TARGET_YEAR],
  );
  const people = new Array<number>(counties.length).fill(0);
  for (const [city, cityScale] of cities ?? new Map([['', scale]])) {
    const own = counties.map((c, i) => [c, i] as const).filter(([c]) => c.code.startsWith(city.slice(0, 4)));
    apportion(Math.round(CITY_TARGETS.peopleExiting * cityScale), own.map(([c]) => Number(c.people))).forEach((n, k) => (people[own[k][1]] = n));
  }
  const rows: [string, string, number][] = [];
  counties.forEach((c, i) => {
    const add = (indicator: string, v: number) => v > 0 && rows.push([c.code, indicator, v]);
    add('PEOPLE_EXITING', people[i]);
    add('VILLAGES_EXITING', Number(c.villages));
    add('COUNTIES_EXITING', c.exiting ? 1 : 0);
    add('TRAINED', Number(c.training));
    add('TRANSFER_EMPLOYED', Number(c.transfer));
    add('ENTERPRISES_STARTED', Number(c.enterprise));
    add('WELFARE_PLACED', Number(c.posts));
    add('SUBSIDY_PAID', Number(c.budget ?? 0));
  });
  const { rows: townships } = await client.query<{ code: string; n: string }>(
    `select substr(l.village_code, 1, 9) || '000' as code, count(*) as n from laborer l
     where l.wants_training and l.village_code like '511321%' group by 1 order by 1`,
  );
  for (const t of townships) rows.push([t.code, 'TRAINED', Number(t.n)]);
  if (!rows.length) return 0;
  await client.query(
    `insert into target (region_code, year, indicator, value, note)
     select r.code, $1, r.indicator::target_indicator, r.value, $2 from json_to_recordset($3::json) as r(code text, indicator text, value numeric)`,
    [TARGET_YEAR, '2017年度目标任务（示例数据）', JSON.stringify(rows.map(([code, indicator, value]) => ({ code, indicator, value })))],
  );
  await client.query(`insert into target_profile (year, indicator, shares) values ($1, 'SUBSIDY_PAID', $2)`, [
    TARGET_YEAR,
    [0, 0, 0.2, 0.2, 0.2, 0.45, 0.45, 0.45, 0.7, 0.7, 0.7, 1],
  ]);
  return rows.length;
}
