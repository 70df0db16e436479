import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * People exiting poverty (脱贫人口) in a region from January of `year` to the month of `to`: the one
 * function the targets read exits through. It reads `exit_month`, kept from the households' EXITED
 * registry events in the month of each (the county's decision day), minus the corrections cancelling
 * one, weighted by the household's members (Migration20261207000000_dated_exits): as of 30 June it
 * counts the exits decided by the end of June. The city is the sum of its counties' rows.
 */
export async function achievedExits(em: EntityManager, codes: readonly string[], year: number, to: string): Promise<Map<string, number>> {
  const rows = await em.execute<{ code: string; people: string | null }[]>(
    `${CITY_AS_COUNTIES}
     select a.code, sum(x.people) as people from a join exit_month x on x.region_code = a.row_code
     where x.month between ?::date and ?::date group by a.code`,
    [`{${codes.join(',')}}`, `${year}-01-01`, `${to.slice(0, 7)}-01`],
  );
  const out = new Map(codes.map((c) => [c, 0]));
  for (const r of rows) out.set(r.code, Number(r.people ?? 0));
  return out;
}

/**
 * A CTE `a (code, row_code)`: each asked code with the codes of its summary rows: the city's are its
 * counties' (summary tables keep no city row: a hot row every writer would queue on), the others their own.
 */
export const CITY_AS_COUNTIES = `with a (code, row_code) as (
  select q.code, coalesce(c.code, q.code) from unnest(?::varchar[]) as q(code)
  left join region c on c.parent_code = q.code and substr(q.code, 5) = '00000000')`;
