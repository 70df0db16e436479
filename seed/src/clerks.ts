import type pg from 'pg';

/**
 * Demo clerks: the users who applied for, approved and paid the demo subsidy payments, so the demo data
 * follows the hub's separation of duties (a township applies, the county approves, the county's finance
 * user pays). One of each per township and county of the region tree; inactive and without a password
 * (no one signs in as them: they name the steps). Kept by `--reset`, so a second load finds them.
 */

/** Usernames of the applicant, approver and payer of a payment to a laborer of `village`. */
export function clerksFor(village: string): { applicant: string; approver: string; payer: string } {
  return { applicant: `demo.t${village.slice(0, 9)}`, approver: `demo.c${village.slice(0, 6)}`, payer: `demo.f${village.slice(0, 6)}` };
}

/** Creates the clerks of every township and county (once) and answers their user ids by username. */
export async function loadClerks(client: pg.Client): Promise<Map<string, number>> {
  await client.query(
    `insert into app_user (username, display_name, password_hash, role, scope_region_code, duty, active)
     select c.username, c.display_name, '!', 'OPERATOR', c.scope, c.duty, false from (
       select 'demo.t' || substr(code, 1, 9) as username, '示例乡镇经办人' as display_name, code as scope, null as duty from region where level = 'TOWNSHIP'
       union all select 'demo.c' || substr(code, 1, 6), '示例县级审批人', code, null from region where level = 'COUNTY'
       union all select 'demo.f' || substr(code, 1, 6), '示例县级财务', code, 'FINANCE' from region where level = 'COUNTY'
     ) c
     on conflict (username) do nothing`,
  );
  const { rows } = await client.query<{ id: number; username: string }>(`select id, username from app_user where username like 'demo.%'`);
  return new Map(rows.map((r) => [r.username, Number(r.id)]));
}
