/**
 * Demo clerks: the users who applied for, approved and paid the demo subsidy payments, so the demo data
 * follows the hub's separation of duties (a township applies, the county approves, the county's finance
 * user pays). They are inactive and have no password: no one signs in as them; they name the steps.
 */
export interface ClerkRow {
  username: string;
  displayName: string;
  role: 'OPERATOR';
  scope: string;
  duty: 'FINANCE' | null;
}

export interface Clerks {
  rows: ClerkRow[];
  /** User ids by username, filled by the loader once the rows are in `app_user` (the payments refer to them). */
  ids: Map<string, number>;
}

const township = (village: string) => `${village.slice(0, 9)}000`;
const county = (village: string) => `${village.slice(0, 6)}000000`;

/** Usernames of the applicant, approver and payer of a payment to a laborer of `village`. */
export function clerksFor(village: string): { applicant: string; approver: string; payer: string } {
  return { applicant: `demo.t${village.slice(0, 9)}`, approver: `demo.c${village.slice(0, 6)}`, payer: `demo.f${village.slice(0, 6)}` };
}

export function demoClerks(villages: Iterable<string>): Clerks {
  const rows = new Map<string, ClerkRow>();
  for (const v of villages) {
    const c = clerksFor(v);
    if (rows.has(c.applicant)) continue;
    rows.set(c.applicant, { username: c.applicant, displayName: `示例经办人${v.slice(6, 9)}`, role: 'OPERATOR', scope: township(v), duty: null });
    if (!rows.has(c.approver)) {
      rows.set(c.approver, { username: c.approver, displayName: '示例县级审批人', role: 'OPERATOR', scope: county(v), duty: null });
      rows.set(c.payer, { username: c.payer, displayName: '示例县级财务', role: 'OPERATOR', scope: county(v), duty: 'FINANCE' });
    }
  }
  return { rows: [...rows.values()].sort((a, b) => (a.username < b.username ? -1 : 1)), ids: new Map() };
}
